#include "desk/transfer_protocol.hpp"

#include <boost/json.hpp>

namespace blendd::desk {

namespace json = boost::json;

std::optional<std::variant<AgentMessage, ProtocolError>> parse_transfer_message(
    const std::string& type, const json::object& o) {
  if (type != "transfer") return std::nullopt;
  TransferMessage m;
  auto call = o.find("call");
  if (call == o.end() || !call->value().is_string() || call->value().as_string().empty())
    return ProtocolError{"bad_field", "'call' is required: the call to transfer"};
  m.call = std::string(call->value().as_string());
  int targets = 0;
  for (const char* kind : {"agent", "group", "number"}) {
    auto it = o.find(kind);
    if (it == o.end()) continue;
    if (!it->value().is_string() || it->value().as_string().empty() ||
        it->value().as_string().size() > 64) {
      return ProtocolError{"bad_field",
                           std::string("'") + kind + "' must be a non-empty string (1-64)"};
    }
    ++targets;
    m.kind = kind;
    m.to = std::string(it->value().as_string());
  }
  if (targets != 1) {
    return ProtocolError{"bad_field",
                         "name exactly one of 'agent', 'group' or 'number' to transfer to"};
  }
  return AgentMessage{std::move(m)};
}

std::string encode_transferring(const std::string& call, const std::string& kind,
                                const std::string& to) {
  return json::serialize(
      json::object{{"type", "transferring"}, {"call", call}, {"kind", kind}, {"to", to}});
}

std::string encode_transfer_refused(const std::string& call, const std::string& to,
                                    const std::string& reason, const std::string& message) {
  return json::serialize(json::object{{"type", "transfer_refused"},
                                      {"call", call},
                                      {"to", to},
                                      {"reason", reason},
                                      {"message", message}});
}

}  // namespace blendd::desk
