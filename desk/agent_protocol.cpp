#include "desk/agent_protocol.hpp"
#include "desk/dial_protocol.hpp"
#include "desk/json_text.hpp"
#include "desk/phone_protocol.hpp"
#include "desk/transfer_protocol.hpp"

#include <boost/json.hpp>

namespace blendd::desk {

namespace json = boost::json;

namespace {

// 9999-12-31T23:59:59.999Z: later callbacks are typos, and a bound keeps every later ms -> us or
// time_point conversion far from overflow.
constexpr std::int64_t kLatestCallbackMs = 253402300799999;

ProtocolError field_error(const std::string& field, const std::string& why) {
  return {"bad_field", "'" + field + "' " + why};
}

// A required string member; error when missing or not a string.
std::variant<std::string, ProtocolError> required_string(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return field_error(key, "is required");
  if (!it->value().is_string()) return field_error(key, "must be a string");
  return std::string(it->value().as_string());
}

std::optional<ProtocolError> answer_value(const json::value& v, AnswerValue& out) {
  if (v.is_bool()) {
    out = v.as_bool();
  } else if (v.is_number()) {
    out = v.to_number<double>();
  } else if (v.is_string()) {
    out = std::string(v.as_string());
  } else if (v.is_array()) {
    std::vector<std::string> items;
    for (const auto& item : v.as_array()) {
      if (!item.is_string()) return ProtocolError{"bad_field", "list answers hold strings only"};
      items.emplace_back(item.as_string());
    }
    out = std::move(items);
  } else if (v.is_null()) {
    out = std::monostate{};
  } else {
    return ProtocolError{"bad_field", "an answer is a boolean, number, string or list of strings"};
  }
  return std::nullopt;
}

std::variant<AgentMessage, ProtocolError> parse_submit(const json::object& o) {
  SubmitMessage m;
  auto call = required_string(o, "call");
  if (auto* e = std::get_if<ProtocolError>(&call)) return *e;
  m.call = std::get<std::string>(call);
  auto disposition = required_string(o, "disposition");
  if (auto* e = std::get_if<ProtocolError>(&disposition)) return *e;
  m.disposition = std::get<std::string>(disposition);
  if (auto it = o.find("callback_at_ms"); it != o.end()) {
    // Range first: a number past 2^63 must be an answer, not an exception on the event loop.
    if (!it->value().is_int64() || it->value().as_int64() < 0 ||
        it->value().as_int64() > kLatestCallbackMs) {
      return field_error("callback_at_ms",
                         "must be an integer of ms since 1970, at most year 9999's end");
    }
    m.callback_ms = it->value().as_int64();
  }
  if (auto it = o.find("product"); it != o.end()) {
    if (!it->value().is_string()) return field_error("product", "must be a product id");
    m.product = std::string(it->value().as_string());
  }
  for (auto [key, into] : {std::pair{"attempt", &m.attempt}, std::pair{"campaign", &m.campaign},
                           std::pair{"number", &m.number}}) {
    if (auto it = o.find(key); it != o.end()) {
      if (!it->value().is_string() || it->value().as_string().size() > 200)
        return field_error(key, "must be a string of at most 200 characters");
      *into = std::string(it->value().as_string());
    }
  }
  if (auto it = o.find("answers"); it != o.end()) {
    if (!it->value().is_object()) return field_error("answers", "must be an object");
    for (const auto& [key, value] : it->value().as_object()) {
      AnswerValue answer;
      if (auto e = answer_value(value, answer)) {
        e->message = "answers." + std::string(key) + ": " + e->message;
        return *e;
      }
      m.answers.emplace(std::string(key), std::move(answer));
    }
  }
  return AgentMessage{std::move(m)};
}

}  // namespace

std::variant<AgentMessage, ProtocolError> parse_agent_message(std::string_view text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return ProtocolError{"bad_json", "not valid JSON: " + ec.message()};
  if (!v.is_object()) return ProtocolError{"bad_json", "a message is a JSON object"};
  const json::object& o = v.as_object();
  auto version = o.find("v");
  if (version == o.end() || !version->value().is_int64() ||
      version->value().as_int64() != kProtocolVersion) {
    return ProtocolError{"bad_version", "'v' must be " + std::to_string(kProtocolVersion)};
  }
  auto type = required_string(o, "type");
  if (auto* e = std::get_if<ProtocolError>(&type)) return *e;
  const std::string& t = std::get<std::string>(type);
  if (t == "login") {
    LoginMessage m;
    auto agent = required_string(o, "agent");
    if (auto* e = std::get_if<ProtocolError>(&agent)) return *e;
    auto token = required_string(o, "token");
    if (auto* e = std::get_if<ProtocolError>(&token)) return *e;
    m.agent = std::get<std::string>(agent);
    m.token = std::get<std::string>(token);
    return AgentMessage{std::move(m)};
  }
  if (t == "ready") return AgentMessage{ReadyMessage{}};
  if (t == "not_ready") {
    NotReadyMessage m;
    if (auto it = o.find("reason"); it != o.end() && it->value().is_string()) {
      m.reason = std::string(it->value().as_string());
    }
    return AgentMessage{std::move(m)};
  }
  if (t == "heartbeat") return AgentMessage{HeartbeatMessage{}};
  if (t == "logout") return AgentMessage{LogoutMessage{}};
  if (t == "submit") return parse_submit(o);
  if (t == "asked_about") {
    AskedAboutMessage m;
    auto call = required_string(o, "call");
    if (auto* e = std::get_if<ProtocolError>(&call)) return *e;
    auto product = required_string(o, "product");
    if (auto* e = std::get_if<ProtocolError>(&product)) return *e;
    m.call = std::get<std::string>(call);
    m.product = std::get<std::string>(product);
    if (auto it = o.find("reason"); it != o.end() && it->value().is_string()) {
      m.reason = std::string(it->value().as_string());
    }
    return AgentMessage{std::move(m)};
  }
  if (auto phone = parse_phone_message(t, o)) return std::move(*phone);
  if (auto dial = parse_dial_message(t, o)) return std::move(*dial);
  if (auto transfer = parse_transfer_message(t, o)) return std::move(*transfer);
  return ProtocolError{"unknown_type", "no message type '" + t + "'"};
}

namespace {

json::object envelope(const char* type) {
  json::object o;
  o["v"] = kProtocolVersion;
  o["type"] = type;
  return o;
}

json::array strings(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

json::value product_json(const config::ProductConfig& p) {
  json::object o;
  o["id"] = p.id;
  o["name"] = p.name;
  o["points"] = p.points;
  o["selling_points"] = strings(p.selling_points);
  o["script"] = p.script;
  o["steps"] = strings(p.steps);
  o["knowledge"] = strings(p.knowledge);
  return o;
}

json::value questionnaire_json(const config::QuestionnaireConfig& form) {
  json::object o;
  o["id"] = form.id;
  json::array questions;
  for (const auto& q : form.questions) {
    json::object jq;
    jq["id"] = q.id;
    jq["text"] = q.text;
    jq["type"] = config::to_string(q.type);
    jq["required"] = q.required;
    if (!q.options.empty()) jq["options"] = strings(q.options);
    if (q.has_range) {
      jq["min"] = q.min;
      jq["max"] = q.max;
    }
    if (!q.show_if_question.empty()) {
      jq["show_if"] = json::object{{"question", q.show_if_question}, {"answer", q.show_if_answer}};
    }
    questions.push_back(std::move(jq));
  }
  o["questions"] = std::move(questions);
  return o;
}

}  // namespace

std::string encode_welcome(const std::string& agent, const std::string& group,
                           const std::vector<std::string>& nodes,
                           const std::vector<config::ProductConfig>& catalogue, int wrap_up_s,
                           bool webrtc_phone) {
  json::object o = envelope("welcome");
  o["agent"] = agent;
  o["group"] = group;
  o["phone"] = webrtc_phone ? "webrtc" : "sip";
  json::array urls;
  for (const auto& n : nodes) urls.emplace_back(n);
  o["nodes"] = std::move(urls);
  json::array products;
  for (const auto& p : catalogue) products.push_back(product_json(p));
  o["catalogue"] = std::move(products);
  o["wrap_up_s"] = wrap_up_s;
  return json_text(o);
}

std::string encode_state(const std::string& state, const std::string& reason) {
  json::object o = envelope("state");
  o["state"] = state;
  o["reason"] = reason;
  return json_text(o);
}

std::string encode_call_offered(const CallOffer& offer) {
  json::object o = envelope("call_offered");
  o["call"] = offer.call;
  o["direction"] = offer.direction;
  o["group"] = offer.group;
  if (!offer.campaign.empty()) o["campaign"] = offer.campaign;
  if (!offer.attempt.empty()) o["attempt"] = offer.attempt;
  if (!offer.transferred_from.empty()) o["transferred_from"] = offer.transferred_from;
  if (!offer.crm_url.empty()) o["crm_url"] = offer.crm_url;
  json::object customer;
  customer["number"] = offer.number;
  customer["name"] = offer.name;
  json::error_code ec;
  json::value fields =
      offer.custom_json.empty() ? json::value(json::object{}) : json::parse(offer.custom_json, ec);
  customer["fields"] = ec || !fields.is_object() ? json::value(json::object{}) : fields;
  customer["time_zones"] = strings(offer.time_zones);
  o["customer"] = std::move(customer);
  if (offer.product != nullptr) o["product"] = product_json(*offer.product);
  if (offer.questionnaire != nullptr) o["questionnaire"] = questionnaire_json(*offer.questionnaire);
  json::array recommended;
  for (const auto* p : offer.recommendations) recommended.push_back(product_json(*p));
  o["recommendations"] = std::move(recommended);
  return json_text(o);
}

std::string encode_recommendations(const std::string& call, const std::string& asked,
                                   const std::vector<const config::ProductConfig*>& offers) {
  json::object o = envelope("recommendations");
  o["call"] = call;
  o["asked"] = asked;
  json::array list;
  for (const auto* p : offers) list.push_back(product_json(*p));
  o["offers"] = std::move(list);
  return json_text(o);
}

std::string encode_points(int awarded, int month_total, int rank,
                          const std::vector<std::pair<std::string, int>>& leaders) {
  json::object o = envelope("points");
  o["awarded"] = awarded;
  o["month_total"] = month_total;
  o["rank"] = rank;
  json::array board;
  for (const auto& [agent, points] : leaders)
    board.push_back(json::object{{"agent", agent}, {"points", points}});
  o["leaderboard"] = std::move(board);
  return json_text(o);
}

std::string encode_call_event(const std::string& type, const std::string& call,
                              const std::string& by) {
  json::object o;
  o["v"] = kProtocolVersion;
  o["type"] = type;
  o["call"] = call;
  if (!by.empty()) o["by"] = by;
  return json_text(o);
}

std::string encode_customer_history(const std::string& call,
                                    const std::vector<std::string>& entries) {
  json::object o = envelope("customer_history");
  o["call"] = call;
  json::array list;
  for (const auto& e : entries) {
    json::error_code ec;
    json::value v = json::parse(e, ec);
    if (!ec && v.is_object()) list.push_back(std::move(v));
  }
  o["entries"] = std::move(list);
  return json_text(o);
}

std::string encode_submitted(const std::string& call, const std::string& disposition) {
  json::object o = envelope("submitted");
  o["call"] = call;
  o["disposition"] = disposition;
  return json_text(o);
}

std::string encode_answers(const Answers& answers) {
  json::object o;
  for (const auto& entry : answers) {
    const std::string& id = entry.first;  // a named variable: clang 14 cannot capture bindings
    const AnswerValue& value = entry.second;
    std::visit(
        [&o, &id](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            o[id] = nullptr;
          } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            o[id] = strings(v);
          } else {
            o[id] = v;
          }
        },
        value);
  }
  return json_text(o);
}

std::string encode_error(const std::string& code, const std::string& message,
                         const std::vector<FieldError>& fields) {
  json::object o = envelope("error");
  o["code"] = code;
  o["message"] = message;
  if (!fields.empty()) {
    json::array errors;
    for (const auto& f : fields)
      errors.push_back(json::object{{"field", f.field}, {"message", f.message}});
    o["errors"] = std::move(errors);
  }
  return json_text(o);
}

}  // namespace blendd::desk
