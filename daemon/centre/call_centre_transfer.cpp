// Blind transfers, from the desk (`transfer`) or the agent's phone (REFER): the customer leaves
// their agent for another agent (idle), a group's queue, or a number the campaign may dial (its
// prefixes and number types, the DNC lists — as a dial). The target is checked here, the core
// decides who takes the call and when (policy::TransferCall), the agent's leg goes, the desks
// hear of it. A transfer inside the centre hands the attempt and its result to whoever takes the
// customer; one to a number leaves them with the transferring agent.
#include "log/log.hpp"

#include "daemon/centre/call_centre.hpp"
#include "daemon/centre/refusals.hpp"
#include "desk/agent_protocol.hpp"
#include "desk/transfer_protocol.hpp"
#include "queue/import/phone_number.hpp"

namespace blendd::daemon {

void CallCentre::transfer(const std::string& agent, const desk::TransferMessage& m) {
  sip::CallId id = 0;
  for (const auto& [call, c] : calls_) {
    if (call_key(call) == m.call) id = call;
  }
  start_transfer(agent, id, m.kind, m.to, [](const std::string&, const std::string&) {});
}

void CallCentre::on_transfer_requested(const sip::LegEvent& e) {
  auto it = calls_.find(e.call);
  if (it == calls_.end()) return sip_.answer_transfer(e.call, 481, "the call is over");
  // What the phone names: an agent, a group, or else a number.
  const std::string kind = knows_agent(e.to)                ? "agent"
                           : config_.group(e.to) != nullptr ? "group"
                                                            : "number";
  log::info("call {}: {}'s phone transfers it to {} {}", e.call, it->second.agent, kind, e.to);
  start_transfer(it->second.agent, e.call, kind, e.to,
                 [this, id = e.call](const std::string& reason, const std::string& message) {
                   if (reason.empty()) return sip_.answer_transfer(id, 200, "OK");
                   sip_.answer_transfer(id, refusal_status(reason), message);
                 });
}

void CallCentre::start_transfer(const std::string& agent, sip::CallId id, const std::string& kind,
                                const std::string& to, const TransferReply& reply) {
  const auto refuse = [&](const std::string& reason, const std::string& message) {
    log::info("transfer: {} to {} {} refused: {} ({})", agent, kind, to, reason, message);
    desktops_.send(agent, desk::encode_transfer_refused(call_key(id), to, reason, message));
    reply(reason, message);
  };
  auto it = calls_.find(id);
  if (it == calls_.end() || !it->second.connected || it->second.agent != agent || it->second.away ||
      it->second.core_done) {
    return refuse("not_on_call", "you are not talking on that call");
  }
  ActiveCall& c = it->second;
  if (kind == "number") return transfer_to_number(agent, id, to, reply);
  if (kind == "group") {
    if (config_.group(to) == nullptr) return refuse("unknown_target", "no group '" + to + "'");
    return commit_transfer(c, kind, to, reply);
  }
  if (!knows_agent(to)) return refuse("unknown_target", "no agent '" + to + "'");
  if (to == agent) return refuse("unknown_target", "a call cannot be transferred to yourself");
  const auto index = core_.roster().find(to);
  const auto state = core_.roster().agent(*index).state;
  if (state != policy::AgentState::idle) {
    return refuse("agent_busy",
                  to + " cannot take it now (" + policy::to_string(state) + "); try their group");
  }
  commit_transfer(c, kind, to, reply);
}

void CallCentre::transfer_to_number(const std::string& agent, sip::CallId id,
                                    const std::string& typed, const TransferReply& reply) {
  const auto refuse = [this, agent, id, typed, reply](const std::string& reason,
                                                      const std::string& message) {
    log::info("transfer: {} to number {} refused: {} ({})", agent, typed, reason, message);
    desktops_.send(agent, desk::encode_transfer_refused(call_key(id), typed, reason, message));
    reply(reason, message);
  };
  const ActiveCall& c = calls_.at(id);
  std::string why;
  const config::CampaignConfig* campaign =
      c.campaign.empty() ? manual_campaign(agent, "", why) : config_.campaign(c.campaign);
  if (campaign == nullptr)
    return refuse("no_campaign", "no campaign whose rules allow calling a number out");
  if (!store_up_) return refuse("store_unavailable", "the store is not answering: DNC unknown");
  const queue::NormalisedNumber n = queue::normalise_number(typed, campaign->default_country);
  if (n.e164.empty()) return refuse("bad_number", n.reason);
  if (auto blocked = number_policies_[campaign->id].refusal(n.e164, n.type))
    return refuse("blocked", *blocked);
  targets_.dnc_listed(
      campaign->id, n.e164,
      lifetime_.guard([this, agent, id, number = n.e164, refuse, reply](std::error_code ec,
                                                                        std::string listed) {
        if (ec) return refuse("store_unavailable", ec.message());
        if (!listed.empty()) return refuse(listed, refusal_text(listed));
        auto it = calls_.find(id);
        if (it == calls_.end() || !it->second.connected || it->second.agent != agent)
          return refuse("not_on_call", "the call ended before the number was checked");
        commit_transfer(it->second, "number", number, reply);
      }));
}

void CallCentre::commit_transfer(ActiveCall& c, const std::string& kind, const std::string& to,
                                 const TransferReply& reply) {
  const std::string agent = c.agent;
  const sip::CallId id = c.id;
  log::info("call {}: {} transfers the customer to {} {}", id, agent, kind, to);
  reply("", "");  // a phone's REFER hears it worked before its leg is let go
  sip_.cancel_agent(id);
  desktops_.send(agent, desk::encode_transferring(call_key(id), kind, to));
  publish_call("call.transferred", c, {{"from", agent}, {"kind", kind}, {"to", to}});
  ++c.transfers;
  c.transferred_from = agent;
  c.connected = false;
  c.agent.clear();
  c.browser = false;
  c.page_answered = false;
  c.media_connected = false;
  c.talked_s = policy::to_seconds(clock_.now() - c.talk_start);
  if (config_.media.mode == config::MediaMode::relay)
    sip_.hold_customer(id, true, config_.media.hold_message);
  policy::TransferCall event{id, agent, policy::TransferKind::agent, to, {}};
  if (kind == "group") event.kind = policy::TransferKind::group;
  if (kind == "number") {
    // Away from blendd's agents: the attempt and its result stay with the transferring agent.
    const config::CampaignConfig* campaign = config_.campaign(c.campaign);
    const std::string& caller_id = campaign != nullptr && !campaign->caller_id.empty()
                                       ? campaign->caller_id
                                       : config_.sip.caller_id;
    event = {id, agent, policy::TransferKind::away, "",
             std::chrono::seconds(campaign != nullptr ? campaign->ring_timeout_s : 30)};
    ActiveCall& owed = wrap_up_[agent] = c;
    owed.agent = agent;
    owed.connected = true;
    c.target.reset();
    c.pending_outcome.reset();
    c.away = true;
    desktops_.send(agent, desk::encode_call_event("call_ended", call_key(id), "transferred"));
    sip_.connect_number(id, trunk_uri_for(config_.sip.trunk.uri, to), caller_id);
  }
  feed(event);
  const auto index = core_.roster().find(agent);
  if (index && core_.roster().agent(*index).state != policy::AgentState::wrap_up) {
    // The core and the checks above disagree (they should not): the customer is not left alone.
    log::error("call {}: the core refused {}'s transfer to {}; call ended", id, agent, to);
    sip_.hang_up(id);
    if (auto it = calls_.find(id); it != calls_.end()) lose_transferred(it->second, true);
    finished_.push_back(id);
  }
}

void CallCentre::lose_transferred(ActiveCall& c, bool ending_here) {
  log::warn("call {}: the customer handed on by {} was not taken; call ended", c.id,
            c.transferred_from);
  if (c.core_done) return;
  c.core_done = true;
  sip_.hang_up(c.id);
  if (ending_here) publish_call("call.ended", c, {{"by", "blendd"}}, true);
  finish_attempt(c, policy::DialOutcome::answered, "no_disposition", true, std::nullopt, false, "");
  finished_.push_back(c.id);
}

}  // namespace blendd::daemon
