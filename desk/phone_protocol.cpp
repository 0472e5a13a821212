#include "desk/phone_protocol.hpp"

#include <boost/json.hpp>

#include "desk/agent_protocol.hpp"
#include "desk/json_text.hpp"

namespace blendd::desk {

namespace json = boost::json;

namespace {

ProtocolError bad(const std::string& field, const std::string& why) {
  return {"bad_field", "'" + field + "' " + why};
}

std::optional<ProtocolError> call_of(const json::object& o, std::string& out) {
  auto it = o.find("call");
  if (it == o.end() || !it->value().is_string() || it->value().as_string().empty() ||
      it->value().as_string().size() > 64) {
    return bad("call", "is required: the call's id from call_offered");
  }
  out = std::string(it->value().as_string());
  return std::nullopt;
}

// An SDP as a browser writes it: text that starts with "v=0", within a size a page's audio
// session never exceeds.
std::optional<ProtocolError> sdp_of(const json::object& o, std::string& out) {
  auto it = o.find("sdp");
  if (it == o.end() || !it->value().is_string()) return bad("sdp", "is required (a string)");
  const auto& s = it->value().as_string();
  if (s.size() > kMaxSdpBytes) {
    return bad("sdp", "is longer than " + std::to_string(kMaxSdpBytes) + " bytes");
  }
  if (s.size() < 4 || std::string_view(s.data(), 3) != "v=0" || (s[3] != '\r' && s[3] != '\n') ||
      std::string_view(s.data(), s.size()).find("m=audio ") == std::string_view::npos) {
    return bad("sdp", "must be an SDP session with an audio stream (starting with v=0)");
  }
  out = std::string(s);
  return std::nullopt;
}

template <class M>
std::variant<AgentMessage, ProtocolError> with_sdp(const json::object& o) {
  M m;
  if (auto e = call_of(o, m.call)) return *e;
  if (auto e = sdp_of(o, m.sdp)) return *e;
  return AgentMessage{std::move(m)};
}

}  // namespace

std::optional<std::variant<AgentMessage, ProtocolError>> parse_phone_message(
    const std::string& type, const json::object& o) {
  if (type == "phone_answer") return with_sdp<PhoneAnswerMessage>(o);
  if (type == "phone_offer") return with_sdp<PhoneOfferMessage>(o);
  if (type == "phone_media") {
    PhoneMediaMessage m;
    if (auto e = call_of(o, m.call)) return *e;
    auto state = o.find("state");
    if (state == o.end() || !state->value().is_string() ||
        (state->value().as_string() != "connected" && state->value().as_string() != "failed")) {
      return bad("state", "must be connected or failed");
    }
    m.connected = state->value().as_string() == "connected";
    if (auto r = o.find("reason"); r != o.end() && r->value().is_string()) {
      m.reason = std::string(r->value().as_string()).substr(0, 200);
    }
    return AgentMessage{std::move(m)};
  }
  if (type == "phone_hang_up") {
    PhoneHangUpMessage m;
    if (auto e = call_of(o, m.call)) return *e;
    return AgentMessage{std::move(m)};
  }
  if (type == "phone_hold") {
    PhoneHoldMessage m;
    if (auto e = call_of(o, m.call)) return *e;
    auto on = o.find("on");
    if (on == o.end() || !on->value().is_bool()) return bad("on", "must be true or false");
    m.on = on->value().as_bool();
    return AgentMessage{std::move(m)};
  }
  return std::nullopt;
}

std::string encode_phone_sdp(const std::string& type, const std::string& call,
                             const std::string& sdp) {
  json::object o;
  o["v"] = kProtocolVersion;
  o["type"] = type;
  o["call"] = call;
  o["sdp"] = sdp;
  return json_text(o);
}

}  // namespace blendd::desk
