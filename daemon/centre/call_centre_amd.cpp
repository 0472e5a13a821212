// Answering-machine detection in the centre (docs/amd.md): the gateway's verdict on an answered
// AMD call becomes the campaign's action — a person (or a machine, or a doubt, where the campaign
// says so) goes to an agent; a machine is hung up on or has the voicemail message left; a doubt
// hung up on is an abandoned call and hears the abandon message. The core keeps the books (the
// abandon guard's estimate, the outcome); the verdict goes into the attempt's record, the result
// and the events.
#include "daemon/centre/call_centre.hpp"
#include "log/log.hpp"

namespace blendd::daemon {

namespace {

policy::AmdVerdict verdict_of(const std::string& cause) {
  if (cause.rfind("human/", 0) == 0) return policy::AmdVerdict::human;
  if (cause.rfind("machine/", 0) == 0) return policy::AmdVerdict::machine;
  return policy::AmdVerdict::unsure;
}

}  // namespace

void CallCentre::on_amd_decided(ActiveCall& c, const sip::LegEvent& e) {
  const config::CampaignConfig* campaign = config_.campaign(c.campaign);
  if (campaign == nullptr || !c.amd_cause.empty()) return;
  if (!c.agent.empty() || c.connected) {
    // The core gave up waiting (amd_timeout) and an agent has the call: too late to act on.
    log::info("call {}: {} came after the call went to an agent; ignored", c.id, e.amd_cause);
    return;
  }
  const config::AmdConfig& amd = campaign->amd;
  const policy::AmdVerdict verdict = verdict_of(e.amd_cause);
  c.amd_cause = e.amd_cause;
  c.amd_ms = e.amd_ms;
  using OnMachine = config::AmdConfig::OnMachine;
  bool to_agent = true;
  const char* action = "to_agent";
  if (verdict == policy::AmdVerdict::machine) {
    ++totals_.amd_machine;
    to_agent = amd.on_machine == OnMachine::to_agent;
    if (amd.on_machine == OnMachine::hang_up) action = "hang_up";
    if (amd.on_machine == OnMachine::voicemail_drop) action = "voicemail_drop";
  } else if (verdict == policy::AmdVerdict::unsure) {
    ++totals_.amd_unsure;
    to_agent = amd.on_unsure == config::AmdConfig::OnUnsure::to_agent;
    if (!to_agent) action = "hang_up";
  } else {
    ++totals_.amd_human;
  }
  const bool voicemail = !to_agent && verdict == policy::AmdVerdict::machine &&
                         amd.on_machine == OnMachine::voicemail_drop;
  log::info("call {}: {} after {} ms: {}", c.id, e.amd_cause, e.amd_ms, action);
  publish_call("call.amd", c,
               {{"verdict", e.amd_cause.substr(0, e.amd_cause.find('/'))},
                {"cause", e.amd_cause},
                {"decision_ms", std::to_string(e.amd_ms)},
                {"action", action}});
  const sip::CallId id = c.id;
  if (!to_agent) {
    // What the gateway does goes first: the core's outcome follows in the same batch.
    if (voicemail) {
      sip_.leave_voicemail(id, amd.voicemail_message);
    } else if (verdict == policy::AmdVerdict::unsure) {
      abandon(c);  // perhaps a person: the abandon message, as for any abandoned call
    } else {
      c.core_done = true;
      sip_.hang_up(id);
      publish_call("call.ended", c, {{"by", "blendd"}}, true);
      finished_.push_back(id);
    }
  }
  feed(policy::AmdDecided{id, verdict, to_agent, voicemail});
}

void CallCentre::on_voicemail_left(ActiveCall& c) {
  ++totals_.voicemails_left;
  c.core_done = true;  // the gateway hangs up; only the end is left to hear
  feed(policy::VoicemailDone{c.id, true});
}

// A machine's attempt has no agent's result: its row in the results (and the customer's history)
// says what happened, so the export shows every AMD outcome beside the agents' results.
void CallCentre::store_amd_result(const ActiveCall& c, policy::DialOutcome outcome) {
  if (!c.target) return;
  std::map<std::string, std::string> fields{{"call", call_key(c.id)},
                                            {"number", c.target->target.number},
                                            {"agent", ""},
                                            {"disposition", policy::to_string(outcome)},
                                            {"at_ms", std::to_string(now_ms())},
                                            {"direction", "outbound"},
                                            {"amd", c.amd_cause},
                                            {"amd_ms", std::to_string(c.amd_ms)}};
  targets_.store_result(c.campaign, fields, lifetime_.guard([this, id = c.id](std::error_code ec) {
    if (!ec) return;
    ++totals_.store_errors;
    log::warn("call {}: AMD result not stored ({}); the attempt log has the outcome", id,
              ec.message());
  }));
}

}  // namespace blendd::daemon
