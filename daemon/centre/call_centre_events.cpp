// The centre's CTI events (docs/events.md): what each says, in one place. Every other file calls
// one of these at the moment the thing happens; the outbox (daemon/integrations) numbers and
// stores them in that order.
#include <boost/json.hpp>

#include "daemon/centre/call_centre.hpp"
#include "desk/json_text.hpp"

namespace blendd::daemon {

namespace json = boost::json;

void CallCentre::publish(const char* type, sip::CallId call, const json::object& data, bool last) {
  if (!events_) return;
  events_(CtiEvent{type, now_ms(), call == 0 ? std::string() : call_key(call), 0,
                   desk::json_text(data), last});
}

void CallCentre::publish_call(const char* type, const ActiveCall& c, const EventFields& extra,
                              bool last) {
  if (!events_) return;
  json::object data;
  for (const auto& [k, v] : extra) data[k] = v;
  data["direction"] = c.direction == policy::Direction::inbound ? "inbound" : "outbound";
  data["group"] = c.group;
  if (!c.campaign.empty()) data["campaign"] = c.campaign;
  if (c.target) {
    data["number"] = c.target->target.number;
    data["attempt"] = c.target->attempt_id;
  } else if (!c.caller.empty()) {
    data["number"] = c.caller;
  }
  publish(type, c.id, data, last);
}

void CallCentre::publish_agent_state(const policy::AgentStateChanged& a) {
  publish("agent.state", 0,
          {{"agent", a.agent}, {"state", policy::to_string(a.state)}, {"reason", a.reason}});
}

void CallCentre::publish_result(const std::string& agent, const ActiveCall& c,
                                const std::map<std::string, std::string>& fields) {
  if (!events_) return;
  json::object data;
  for (const auto& [k, v] : fields) {
    if (k == "answers") {
      json::error_code ec;
      json::value answers = json::parse(v, ec);
      data[k] = ec ? json::value(v) : answers;
    } else {
      data[k] = v;
    }
  }
  data["agent"] = agent;
  if (!c.campaign.empty()) data["campaign"] = c.campaign;
  publish("result.registered", c.id, data, true);
}

// Not one of the call's numbered events: the attempt's outcome is stored once the call is over
// (after its result), and the target outlives the call.
void CallCentre::publish_planned(sip::CallId call, const FinishedAttempt& a,
                                 const policy::OutcomePlan& plan) {
  publish("target.planned", 0,
          {{"campaign", a.campaign},
           {"number", a.claimed.target.number},
           {"attempt", a.claimed.attempt_id},
           {"call", call == 0 ? std::string() : call_key(call)},
           {"outcome",
            a.outcome_label.empty() ? std::string(policy::to_string(a.outcome)) : a.outcome_label},
           {"attempts", a.claimed.target.attempts + 1},
           {"next_due_ms", plan.next_ms ? json::value(*plan.next_ms) : json::value(nullptr)},
           {"reason", plan.reason}});
}

void CallCentre::publish_run(const std::string& campaign) {
  const CampaignStanding& s = standings_[campaign];
  publish("campaign.run", 0,
          {{"campaign", campaign},
           {"state", policy::to_string(s.run.state)},
           {"by", s.run.by},
           {"reason", s.run.reason},
           {"since_ms", s.run.since_ms},
           {"governor_rule", s.governor.rule},
           {"weight", s.governor.weight}});
}

void CallCentre::publish_setting(const AuditEntry& e) {
  publish("settings.changed", 0,
          {{"who", e.who},
           {"what", e.what},
           {"old", e.old_value},
           {"new", e.new_value},
           {"why", e.why}});
}

}  // namespace blendd::daemon
