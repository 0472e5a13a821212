// The call centre carrying out the core's actions: claims from the target lists, the store's
// word before each INVITE, originate, connect an agent, withdraw an offer, abandon, overflow,
// and every attempt's outcome written back.
#include "log/log.hpp"

#include "config/country_zones.hpp"
#include "config/screen_pop_template.hpp"
#include "daemon/centre/call_centre.hpp"
#include "desk/agent_protocol.hpp"
#include "desk/dial_protocol.hpp"
#include "queue/import/phone_number.hpp"

namespace blendd::daemon {

// sip:host:port;params (or sip:user@host...) → sip:<number>@host:port;params
std::string CallCentre::trunk_uri_for(const std::string& trunk, const std::string& number) {
  std::string rest = trunk.rfind("sip:", 0) == 0 ? trunk.substr(4) : trunk;
  if (auto at = rest.find('@'); at != std::string::npos) rest = rest.substr(at + 1);
  return "sip:" + number + "@" + rest;
}

void CallCentre::execute(const policy::Action& action) {
  std::visit(
      [this](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, policy::ClaimTargets>) {
          claim(a.campaign, a.count);
        } else if constexpr (std::is_same_v<T, policy::Originate>) {
          execute_originate(a);
        } else if constexpr (std::is_same_v<T, policy::ConnectToAgent>) {
          execute_connect(a);
        } else if constexpr (std::is_same_v<T, policy::AbandonCall>) {
          auto it = calls_.find(a.call);
          if (it != calls_.end()) abandon(it->second);
        } else if constexpr (std::is_same_v<T, policy::OverflowInbound>) {
          auto it = calls_.find(a.call);
          if (it == calls_.end()) return;
          if (it->second.transfers > 0) return lose_transferred(it->second, true);  // answered
          publish_call("call.ended", it->second, {{"by", "overflow"}}, true);
          const config::GroupConfig* group = config_.group(it->second.group);
          sip_.overflow_inbound(a.call, group != nullptr ? group->overflow_uri : std::string());
          finished_.push_back(a.call);
        } else if constexpr (std::is_same_v<T, policy::RecordOutcome>) {
          execute_record(a);
        } else if constexpr (std::is_same_v<T, policy::AgentStateChanged>) {
          desktops_.send(a.agent, desk::encode_state(policy::to_string(a.state), a.reason));
          publish_agent_state(a);
          if (agent_state_observer_) agent_state_observer_(a);
          if (a.state != policy::AgentState::wrap_up && wrap_up_.count(a.agent) != 0) {
            finish_wrap_up(a.agent, "no_disposition");  // wrap-up ran out before a result
          }
        } else if constexpr (std::is_same_v<T, policy::ReleaseTargets>) {
          auto& claimed = claimed_[a.campaign];
          for (const auto& t : a.targets) {
            auto it = claimed.find(t.id);
            if (it == claimed.end()) continue;
            targets_.release(a.campaign, it->second, now_ms());
            claimed.erase(it);
          }
        } else if constexpr (std::is_same_v<T, policy::WithdrawOffer>) {
          execute_withdraw_offer(a);
        } else if constexpr (std::is_same_v<T, policy::GateChanged>) {
          log::info("group {}: dialling {} (idle level {:.2f})", a.group, a.open ? "on" : "off",
                    a.level);
        } else if constexpr (std::is_same_v<T, policy::Rejected>) {
          log::warn("core refused {}: {}", a.what, a.why);
        }
      },
      action);
}

void CallCentre::claim(const std::string& campaign, int count) {
  targets_.claim(
      campaign, count, now_ms(),
      lifetime_.guard([this, campaign](std::error_code ec, std::vector<queue::ClaimedTarget> got) {
        if (ec) {
          ++totals_.store_errors;
          log::warn("targets: claim for {} failed: {}", campaign, ec.message());
          return feed(policy::ClaimFailed{campaign});
        }
        policy::TargetsClaimed claimed{campaign, {}};
        auto& mine = claimed_[campaign];
        const auto& guard = number_policies_[campaign];
        for (auto& t : got) {
          if (auto why = guard.refusal(t.target.number, queue::number_type(t.target.number))) {
            // Never dialled: the attempt is closed as blocked, for good.
            ++totals_.numbers_blocked;
            log::warn("targets: {} of {} not dialled: {}", t.target.number, campaign, *why);
            ActiveCall blocked;
            blocked.campaign = campaign;
            blocked.target = std::move(t);
            finish_attempt(blocked, policy::DialOutcome::rejected, "blocked", false, std::nullopt,
                           true, "blocked: " + *why);
            continue;
          }
          claimed.targets.push_back({t.target.number, t.target.number});
          mine[t.target.number] = std::move(t);
        }
        feed(claimed);
      }));
}

void CallCentre::execute_originate(const policy::Originate& a) {
  auto& claimed = claimed_[a.campaign];
  auto it = claimed.find(a.target.id);
  const config::CampaignConfig* campaign = config_.campaign(a.campaign);
  if (it == claimed.end() || campaign == nullptr) {
    log::error("call {}: target {} of {} was not claimed; not dialled", a.call, a.target.id,
               a.campaign);
    pending_.push_back(policy::OutboundFailed{a.call, policy::DialOutcome::failed});
    return;
  }
  ActiveCall c{.id = a.call, .group = campaign->group, .campaign = a.campaign};
  c.target = std::move(it->second);
  if (c.target->manual) c.manual_agent = a.preview_agent;
  claimed.erase(it);
  sip::OriginateRequest request;
  request.call = a.call;
  request.uri = trunk_uri_for(config_.sip.trunk.uri, c.target->target.number);
  request.from_uri = campaign->caller_id.empty() ? config_.sip.caller_id : campaign->caller_id;
  request.asserted_identity = "<" + request.from_uri + ">";
  request.ring_timeout = std::chrono::seconds(campaign->ring_timeout_s);
  request.decided_at = event_at_;  // e.g. the agent's "ready" or the end of their last call
  // An AMD campaign's dialler call is analysed once answered; a preview or manual call has its
  // agent on the line already.
  if (campaign->amd.enabled && a.preview_agent.empty()) request.amd = campaign->amd.params;
  if (auto phone = phone_calls_.find(c.manual_agent);
      !c.manual_agent.empty() && phone != phone_calls_.end()) {
    request.agent_call = phone->second;  // the agent's phone placed it: its leg is the agent's
    phone_calls_.erase(phone);
  }
  c.confirming = true;
  const queue::ClaimedTarget target = *c.target;
  calls_[a.call] = std::move(c);
  // The store's last word right before the INVITE: whatever happened since the claim (a DNC
  // entry from anywhere, the window closing, the cap) is seen here.
  targets_.confirm(
      a.campaign, target, now_ms(),
      lifetime_.guard([this, request = std::move(request)](
                          std::error_code ec, queue::TargetStore::Confirmation verdict) mutable {
        on_confirmed(std::move(request), ec, verdict);
      }));
}

void CallCentre::on_confirmed(sip::OriginateRequest request, std::error_code ec,
                              const queue::TargetStore::Confirmation& verdict) {
  auto it = calls_.find(request.call);
  if (it == calls_.end() || !it->second.confirming) return;  // stopped meanwhile
  ActiveCall& c = it->second;
  c.confirming = false;
  const bool fenced = may_act_ && !may_act_();
  if (!ec && verdict.ok() && !fenced) {
    if (acting_until_) request.not_after = acting_until_();
    if (!c.manual_agent.empty()) {
      desktops_.send(c.manual_agent,
                     desk::encode_dialling(c.target->target.number, call_key(request.call)));
      settle_click_to_dial(c.manual_agent, "", "", c.target->target.number, call_key(request.call));
    }
    sip_.originate(std::move(request));
    const auto* campaign = config_.campaign(c.campaign);
    return choose_recording(c, campaign != nullptr ? campaign->recording_share : 0);
  }
  if (fenced) {
    // Not dialled: the store refuses this node's hand-back too, the new active reconciles it.
    ++totals_.fenced_invites;
    log::warn("call {}: {} not dialled: this node's lease may have run out", request.call,
              c.target->target.number);
    targets_.release(c.campaign, *c.target, now_ms());
  } else if (ec) {
    // Unconfirmed is undialled: handed back (the probe stops new dials while Redis is away).
    ++totals_.store_errors;
    log::warn("call {}: {} not confirmed ({}); not dialled", request.call, c.target->target.number,
              ec.message());
    targets_.release(c.campaign, *c.target, now_ms());
  } else {
    ++totals_.withdrawn_at_invite;
    log::info("call {}: {} of {} not dialled: {} ({})", request.call, c.target->target.number,
              c.campaign, verdict.verdict, verdict.detail);
  }
  if (!c.manual_agent.empty()) {
    refuse_dial(c.manual_agent, c.target->target.number,
                ec       ? "store_unavailable"
                : fenced ? "lease_lost"
                         : verdict.verdict,
                ec ? ec.message() : verdict.detail);
  }
  const sip::CallId id = request.call;
  calls_.erase(it);
  feed(policy::DialWithdrawn{id});
}

void CallCentre::execute_withdraw_offer(const policy::WithdrawOffer& a) {
  auto it = calls_.find(a.call);
  if (it == calls_.end()) return;
  log::info("call {}: agent {}'s phone did not answer in time; offer withdrawn", a.call, a.agent);
  sip_.cancel_agent(a.call);
  desktops_.send(a.agent, desk::encode_call_event("call_withdrawn", call_key(a.call), "timeout"));
  if (it->second.agent == a.agent) it->second.agent.clear();
}

void CallCentre::execute_connect(const policy::ConnectToAgent& a) {
  auto it = calls_.find(a.call);
  auto agent = agents_.find(a.agent);
  if (it == calls_.end() || agent == agents_.end()) return;
  ActiveCall& c = it->second;
  c.agent = a.agent;
  c.browser = agent->second.phone == config::AgentPhone::webrtc;
  c.page_answered = false;
  c.media_connected = false;
  if (c.browser) {
    sip_.connect_browser(a.call);  // the page gets the relay's offer as phone_offer
  } else {
    sip_.connect_agent(a.call, agent->second.sip_uri);
  }
  c.away = false;
  publish_call("call.offered", c, {{"agent", a.agent}, {"transferred_from", c.transferred_from}});
  if (c.recorded) {
    RecordingNote note;
    note.kind = RecordingNote::Kind::agent;
    note.call = call_key(a.call);
    note.agent = a.agent;
    note_recording(std::move(note));
  }
  desk::CallOffer offer = call_offer(c);
  offer.transferred_from = c.transferred_from;
  // The CRM's screen pop: the campaign's, or the inbound group's.
  const config::CampaignConfig* campaign = config_.campaign(c.campaign);
  const config::GroupConfig* group = config_.group(c.group);
  std::string crm = campaign != nullptr ? campaign->crm_url : std::string();
  if (crm.empty() && group != nullptr) crm = group->crm_url;
  if (!crm.empty()) {
    offer.crm_url = config::expand_screen_pop(crm, {{"number", offer.number},
                                                    {"name", offer.name},
                                                    {"campaign", c.campaign},
                                                    {"group", c.group},
                                                    {"call", offer.call},
                                                    {"attempt", offer.attempt},
                                                    {"agent", a.agent}});
  }
  tally_recommended(offer.recommendations);
  desktops_.send(a.agent, desk::encode_call_offered(offer));
  // The customer's history at this centre follows the offer (one Redis read; an error only
  // means the desk shows none).
  if (!offer.number.empty()) {
    targets_.customer_history(
        offer.number, lifetime_.guard([this, agent = a.agent, call = offer.call](
                                          std::error_code ec, std::vector<std::string> entries) {
          if (ec) return log::warn("history: not read for call {}: {}", call, ec.message());
          desktops_.send(agent, desk::encode_customer_history(call, entries));
        }));
  }
}

desk::CallOffer CallCentre::call_offer(const ActiveCall& c) const {
  desk::CallOffer offer;
  offer.call = call_key(c.id);
  offer.direction = c.direction == policy::Direction::inbound ? "inbound" : "outbound";
  offer.group = c.group;
  offer.campaign = c.campaign;
  if (c.target) offer.attempt = c.target->attempt_id;
  if (c.target) {
    offer.number = c.target->target.number;
    offer.name = c.target->target.name;
    offer.custom_json = c.target->target.custom_json;
    const std::string& zone = c.target->target.zone;
    if (const std::string country = config::country_of_zone(zone); !country.empty()) {
      offer.time_zones = config::zones_of_country(country);
    } else if (!zone.empty()) {
      offer.time_zones = {zone};
    }
  } else {
    offer.number = c.caller;
  }
  if (offer.time_zones.empty()) offer.time_zones = {config_.time_zone};
  const auto group = core_.group_index(c.group);
  offer.recommendations =
      advisor_.touchpoint(offer.number, group && core_.busy_period(*group, clock_.now()));
  if (const auto* campaign = config_.campaign(c.campaign)) {
    offer.product = config_.catalogue.product(product_of(c));
    offer.questionnaire = config_.catalogue.questionnaire(campaign->questionnaire);
  }
  return offer;
}

void CallCentre::execute_record(const policy::RecordOutcome& a) {
  auto it = calls_.find(a.call);
  if (it == calls_.end()) return;
  if (a.outcome == policy::DialOutcome::answered) {
    it->second.pending_outcome = a.outcome;  // the agent's disposition completes it
    return;
  }
  if (!it->second.amd_cause.empty() && (a.outcome == policy::DialOutcome::machine ||
                                        a.outcome == policy::DialOutcome::voicemail_left)) {
    store_amd_result(it->second, a.outcome);  // before finish_attempt takes the target
  }
  finish_attempt(it->second, a.outcome, "", false, std::nullopt, false, "");
}

void CallCentre::finish_attempt(ActiveCall& call, policy::DialOutcome outcome,
                                const std::string& label, bool completed,
                                std::optional<std::int64_t> callback_ms, bool never,
                                const std::string& never_reason) {
  if (!call.target) return;
  FinishedAttempt fa;
  fa.campaign = call.campaign;
  fa.claimed = std::move(*call.target);
  fa.outcome = outcome;
  fa.completed = completed;
  fa.callback_ms = callback_ms;
  fa.never_again = never;
  fa.never_reason = never_reason;
  fa.agent = call.agent;
  fa.outcome_label = label;
  fa.amd = call.amd_cause;
  fa.amd_ms = call.amd_ms;
  call.target.reset();  // an attempt is finished exactly once
  targets_.finish(fa, now_ms(),
                  lifetime_.guard([this, id = call.id, fa](std::error_code ec,
                                                           const policy::OutcomePlan& plan) {
                    if (!ec) return publish_planned(id, fa, plan);
                    ++totals_.store_errors;
                    log::error("call {}: outcome not stored: {}", id, ec.message());
                  }));
}

bool CallCentre::logged_out(const std::string& agent) const {
  const auto index = core_.roster().find(agent);
  return !index || core_.roster().agent(*index).state == policy::AgentState::logged_out;
}

void CallCentre::finish_wrap_up(const std::string& agent, const std::string& label) {
  auto it = wrap_up_.find(agent);
  if (it == wrap_up_.end()) return;
  finish_attempt(it->second, policy::DialOutcome::answered, label, true, std::nullopt, false, "");
  wrap_up_.erase(it);
}

}  // namespace blendd::daemon
