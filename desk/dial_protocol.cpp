#include "desk/dial_protocol.hpp"

#include <boost/json.hpp>

namespace blendd::desk {

namespace json = boost::json;

std::optional<std::variant<AgentMessage, ProtocolError>> parse_dial_message(const std::string& type,
                                                                            const json::object& o) {
  if (type != "dial") return std::nullopt;
  DialMessage m;
  auto number = o.find("number");
  if (number == o.end() || !number->value().is_string() || number->value().as_string().empty() ||
      number->value().as_string().size() > 40) {
    return ProtocolError{"bad_field", "'number' is required: the number to dial (1-40 characters)"};
  }
  m.number = std::string(number->value().as_string());
  if (auto c = o.find("campaign"); c != o.end()) {
    if (!c->value().is_string() || c->value().as_string().size() > 64)
      return ProtocolError{"bad_field", "'campaign' must be a campaign id (a string)"};
    m.campaign = std::string(c->value().as_string());
  }
  return AgentMessage{std::move(m)};
}

std::string encode_dialling(const std::string& number, const std::string& call) {
  return json::serialize(json::object{{"type", "dialling"}, {"number", number}, {"call", call}});
}

std::string encode_dial_refused(const std::string& number, const std::string& reason,
                                const std::string& message) {
  return json::serialize(json::object{
      {"type", "dial_refused"}, {"number", number}, {"reason", reason}, {"message", message}});
}

std::string encode_dial_failed(const std::string& call, const std::string& outcome) {
  return json::serialize(
      json::object{{"type", "dial_failed"}, {"call", call}, {"outcome", outcome}});
}

}  // namespace blendd::desk
