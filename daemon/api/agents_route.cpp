#include "daemon/api/agents_route.hpp"

#include <boost/json.hpp>

#include "daemon/centre/call_centre.hpp"

namespace blendd::daemon {

namespace json = boost::json;

json::value phone_json(const CallCentre& centre, const std::string& agent, bool detailed) {
  if (centre.webrtc_phone(agent)) return json::object{{"kind", "webrtc"}};
  if (!centre.registers_phone(agent)) return json::object{{"kind", "sip"}};
  const auto& bindings = centre.phone_bindings(agent);
  json::object o{
      {"kind", "registered"}, {"registered", !bindings.empty()}, {"contacts", bindings.size()}};
  if (detailed) {
    json::array list;
    const std::int64_t now = centre.now_ms();
    for (const auto& b : bindings) {
      list.push_back(
          json::object{{"contact", b.contact},
                       {"reached_at", b.target},
                       {"transport", b.transport},
                       {"source", b.source},
                       {"expires_at_ms", b.expires_at_ms},
                       {"expires_in_s", std::max<std::int64_t>(0, (b.expires_at_ms - now) / 1000)},
                       {"user_agent", b.user_agent}});
    }
    o["bindings"] = std::move(list);
  }
  return o;
}

std::string agents_json(const CallCentre& centre) {
  json::array agents;
  const policy::AgentRoster& roster = centre.core().roster();
  for (int a = 0; a < roster.size(); ++a) {
    const auto& info = roster.agent(a);
    agents.push_back(json::object{{"id", info.id},
                                  {"group", centre.agent_group(info.id)},
                                  {"state", policy::to_string(info.state)},
                                  {"phone", phone_json(centre, info.id, true)}});
  }
  return json::serialize(json::object{{"agents", std::move(agents)}});
}

}  // namespace blendd::daemon
