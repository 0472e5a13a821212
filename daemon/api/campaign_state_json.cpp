#include "daemon/api/campaign_state_json.hpp"

#include <boost/json.hpp>

namespace blendd::daemon {

namespace json = boost::json;

json::object run_state_json(const CallCentre::CampaignView& v) {
  return json::object{{"state", policy::to_string(v.run.state)},
                      {"state_by", v.run.by},
                      {"state_reason", v.run.reason},
                      {"state_since_ms", v.run.since_ms},
                      {"weight", v.governor.weight},
                      {"share", v.share}};
}

json::object governor_json(const CallCentre::CampaignView& v) {
  const policy::GovernorRecord& g = v.governor;
  json::object o = run_state_json(v);
  o["campaign"] = v.campaign;
  o["contacts"] = g.health.contacts;
  o["successes"] = g.health.successes;
  o["complaints"] = g.health.complaints;
  o["success_rate"] = g.health.success_rate();
  o["verdict"] = policy::to_string(g.verdict);
  o["rule"] = g.rule;
  o["reason"] = g.rule;  // the name before 0.2; kept for scripts reading it
  o["verdict_since_ms"] = g.since_ms;
  if (!g.override_by.empty()) {
    o["override"] = json::object{
        {"by", g.override_by}, {"reason", g.override_reason}, {"at_ms", g.override_at_ms}};
  } else {
    o["override"] = nullptr;
  }
  return o;
}

}  // namespace blendd::daemon
