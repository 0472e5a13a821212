#include "daemon/centre/call_centre.hpp"

#include "log/log.hpp"

#include "daemon/centre/core_settings_from_config.hpp"
#include "desk/agent_protocol.hpp"
#include "desk/dial_protocol.hpp"

namespace blendd::daemon {

namespace {

policy::DialOutcome outcome_of(sip::FailureClass f) {
  switch (f) {
    case sip::FailureClass::busy:
      return policy::DialOutcome::busy;
    case sip::FailureClass::no_answer:
      return policy::DialOutcome::no_answer;
    case sip::FailureClass::rejected:
    case sip::FailureClass::unavailable:
      return policy::DialOutcome::rejected;
    case sip::FailureClass::failed:
      return policy::DialOutcome::failed;
  }
  return policy::DialOutcome::failed;
}

}  // namespace

CallCentre::CallCentre(const config::BlenddConfig& cfg, sip::CallControl& sip, TargetLists& targets,
                       DesktopSink& desktops, CallCentreClock clock, std::uint64_t seed)
    : config_(cfg),
      sip_(sip),
      targets_(targets),
      desktops_(desktops),
      clock_(std::move(clock)),
      core_(core_settings_from(cfg, seed)),
      tally_(cfg.redis.history_interval_s),
      advisor_(cfg) {
  build_number_policies();
  for (const auto& g : cfg.groups) {
    for (const auto& a : g.agents) {
      agents_[a.id] = {g.id, a.registered() ? sip::registered_uri(a.id) : a.sip_uri, a.phone,
                       a.registered()};
    }
    for (const auto& n : g.inbound_numbers) inbound_routes_[n] = g.id;
  }
}

const std::string& CallCentre::agent_group(const std::string& agent) const {
  static const std::string none;
  auto it = agents_.find(agent);
  return it == agents_.end() ? none : it->second.group;
}

std::int64_t CallCentre::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch())
      .count();
}

CallCentreTotals CallCentre::totals() const {
  CallCentreTotals t = totals_;
  t.calls_active = static_cast<long>(calls_.size());
  t.awaiting_result = static_cast<long>(wrap_up_.size());
  return t;
}

void CallCentre::feed(const policy::Event& event) {
  pending_.push_back(event);
  if (feeding_) return;  // the outer call drains the queue: the core never re-enters
  feeding_ = true;
  event_at_ = std::chrono::steady_clock::now();
  while (!pending_.empty()) {
    policy::Event next = std::move(pending_.front());
    pending_.pop_front();
    for (const auto& action : core_.handle(next, clock_.now())) execute(action);
    for (sip::CallId id : finished_) calls_.erase(id);
    finished_.clear();
  }
  feeding_ = false;
  clock_.wake_at(core_.next_deadline());
}

void CallCentre::tick() {
  feed(policy::Tick{});
}

void CallCentre::store_available(bool up) {
  if (up == store_up_) return;
  store_up_ = up;
  if (up) {
    log::info("store: Redis answers again; dialling may resume");
  } else {
    log::warn(
        "store: not ready (Redis not answering, or start-up reconciliation pending); no new calls "
        "until it is (inbound goes on)");
  }
  feed(policy::StoreAvailability{up});
  if (up) {
    retry_unstored();
    targets_.retry_unwritten();
  }
}

void CallCentre::media_available(bool up) {
  if (up == media_up_) return;
  media_up_ = up;
  if (up) {
    log::info("media: rtpengine answers again; dialling may resume");
  } else {
    log::warn("media: rtpengine not answering; no new calls, relayed calls ended, inbound 503");
  }
  feed(policy::MediaAvailability{up});
}

void CallCentre::shutdown() {
  for (auto& [id, c] : calls_) {
    sip_.hang_up(id);
    if (c.confirming || !c.target) continue;  // not dialled yet: released below
    // Talked: reached, not to be called again automatically. Not bridged: a retry later.
    finish_attempt(c, c.connected ? policy::DialOutcome::answered : policy::DialOutcome::failed,
                   "interrupted", c.connected, std::nullopt, false, "");
  }
  std::vector<std::string> owed;
  for (const auto& [agent, call] : wrap_up_) owed.push_back(agent);
  for (const auto& agent : owed) finish_wrap_up(agent, "no_disposition");
  release_claimed();
}

void CallCentre::release_claimed() {
  for (auto& [campaign, targets] : claimed_) {
    for (auto& [number, claimed] : targets) targets_.release(campaign, claimed, now_ms());
    targets.clear();
  }
  for (auto& [id, call] : calls_) {
    if (call.confirming && call.target) {  // its INVITE will not go out now
      targets_.release(call.campaign, *call.target, now_ms());
      call.target.reset();
    }
  }
}

HeldHere CallCentre::held(const std::string& campaign, const std::string& number) const {
  for (const auto& [id, call] : calls_) {
    if (call.campaign == campaign && call.target && call.target->target.number == number)
      return HeldHere::dialling;
  }
  auto it = claimed_.find(campaign);
  if (it != claimed_.end() && it->second.count(number) != 0) return HeldHere::claimed;
  return HeldHere::no;
}

void CallCentre::withdraw_number(const std::string& campaign, const std::string& number) {
  for (auto& [id, targets] : claimed_) {
    if (!campaign.empty() && id != campaign) continue;
    auto it = targets.find(number);
    if (it == targets.end()) continue;
    log::info("targets: {} of {} put on a DNC list while claimed; withdrawn", number, id);
    ++totals_.withdrawn_from_buffer;
    targets_.withdraw(
        id, it->second,
        campaign.empty() ? "on the global do-not-call list" : "on the campaign's do-not-call list",
        now_ms());
    targets.erase(it);
    feed(policy::WithdrawTargets{id, {number}});
  }
}

// ---- inputs -----------------------------------------------------------------------------

void CallCentre::agent_login(const std::string& agent) {
  feed(policy::AgentLoggedIn{agent});
}

void CallCentre::agent_logout(const std::string& agent) {
  feed(policy::AgentLoggedOut{agent});
}

std::string CallCentre::agent_ready(const std::string& agent) {
  if (registers_phone(agent) && phone_bindings(agent).empty()) {
    const std::string why =
        "your phone is not registered with blendd: calls could not reach it (check the phone's "
        "account, then press Ready again)";
    desktops_.send(agent, desk::encode_error("phone_not_registered", why));
    return why;
  }
  feed(policy::AgentReady{agent});
  return {};
}

void CallCentre::agent_not_ready(const std::string& agent, const std::string& reason) {
  feed(policy::AgentNotReady{agent, reason});
}

void CallCentre::on_inbound_arrived(const sip::LegEvent& e) {
  auto route = inbound_routes_.find(e.to);
  if (route == inbound_routes_.end()) {
    ++totals_.inbound_unrouted;
    log::warn("inbound: no group answers number '{}' (caller {}); refused busy", e.to, e.from);
    sip_.overflow_inbound(e.call, "");
    return;
  }
  ActiveCall c{.id = e.call, .direction = policy::Direction::inbound, .group = route->second};
  c.caller = e.from;
  const config::GroupConfig* group = config_.group(route->second);
  choose_recording(calls_[e.call] = c, group != nullptr ? group->recording_share : 0);
  publish_call("call.queued", calls_[e.call], {{"dialled", e.to}});
  feed(policy::InboundArrived{e.call, route->second});
  // Still waiting for an agent: the queue message plays (relay mode) until one is connected.
  auto queued = calls_.find(e.call);
  if (queued != calls_.end() && queued->second.agent.empty() && !queued->second.core_done &&
      !config_.media.queue_message.empty() && config_.media.mode == config::MediaMode::relay) {
    sip_.play_while_queued(e.call, config_.media.queue_message);
  }
}

void CallCentre::on_leg_event(const sip::LegEvent& e) {
  log::debug("call {}: {} leg {} {} {}", e.call, e.leg == sip::Leg::customer ? "customer" : "agent",
             sip::to_string(e.kind), e.status, e.reason);
  if (e.kind == sip::LegEventKind::inbound_arrived) return on_inbound_arrived(e);
  if (e.kind == sip::LegEventKind::recorded) return on_recorded(e);  // the call may be gone
  if (e.kind == sip::LegEventKind::phone_dialled) return on_phone_dialled(e);
  if (e.kind == sip::LegEventKind::transfer_requested) return on_transfer_requested(e);
  auto it = calls_.find(e.call);
  if (it == calls_.end()) return;
  ActiveCall& c = it->second;
  const sip::CallId id = e.call;
  using K = sip::LegEventKind;
  if (c.core_done) {
    // An abandoned customer on the announcement: only the end matters.
    if (e.kind == K::ended || e.kind == K::failed) {
      if (e.kind == K::failed) sip_.hang_up(id);
      publish_call("call.ended", c, {{"by", e.kind == K::failed ? "blendd" : e.reason}}, true);
      calls_.erase(it);
    }
    return;
  }
  if (e.leg == sip::Leg::agent && c.browser &&
      (e.kind == K::answered || e.kind == K::browser_offer || e.kind == K::browser_answer)) {
    return on_browser_leg_event(c, e);
  }
  switch (e.kind) {
    case K::answered:
      if (e.leg == sip::Leg::customer) {
        publish_call("call.answered", c);
        feed(policy::OutboundAnswered{id});
      } else {
        bridged(c);
      }
      break;
    case K::failed:
      if (e.leg == sip::Leg::customer) {
        if (!c.manual_agent.empty()) {
          desktops_.send(
              c.manual_agent,
              desk::encode_dial_failed(call_key(id), policy::to_string(outcome_of(e.failure))));
        }
        publish_call("call.failed", c,
                     {{"outcome", policy::to_string(outcome_of(e.failure))},
                      {"status", std::to_string(e.status)}},
                     true);
        feed(policy::OutboundFailed{id, outcome_of(e.failure), e.trunk_fault});
        calls_.erase(id);
      } else {
        log::info("call {}: agent {} did not take it ({} {})", id, c.agent, e.status, e.reason);
        desktops_.send(c.agent, desk::encode_call_event("call_withdrawn", call_key(id)));
        c.agent.clear();
        feed(policy::AgentLegFailed{id});
      }
      break;
    case K::ended: {
      if (e.reason.find("unreachable") != std::string::npos) {
        log::warn("call {}: {} (no answer to the keepalive); call ended", id, e.reason);
      }
      if (!c.agent.empty()) {
        desktops_.send(c.agent,
                       desk::encode_call_event(c.connected ? "call_ended" : "call_withdrawn",
                                               call_key(id), e.reason));
        if (c.connected) {
          c.talked_s = policy::to_seconds(clock_.now() - c.talk_start);
          wrap_up_[c.agent] = c;  // the agent now registers the result
        }
      }
      const std::string agent = c.connected ? c.agent : std::string();
      // A talked call's numbering goes on to its result.
      publish_call("call.ended", c, {{"by", e.reason}, {"agent", agent}}, !c.connected);
      if (!c.connected && c.transfers > 0) lose_transferred(c, false);
      feed(policy::CallEnded{id});
      calls_.erase(id);
      if (!agent.empty() && wrap_up_.count(agent) != 0 && logged_out(agent)) {
        // The agent's desk closed during the call and did not come back: no result will come,
        // and the attempt must not stay open until the next start's reconciliation. (A desk
        // back in time may still register it until the agent is ready again.)
        log::warn("call {}: agent {} was logged out when it ended; recorded without a result", id,
                  agent);
        finish_wrap_up(agent, "no_disposition");
      }
      break;
    }
    case K::amd_decided:
      on_amd_decided(c, e);
      break;
    case K::voicemail_left:
      on_voicemail_left(c);
      break;
    case K::cancelled:
      publish_call("call.abandoned", c, {{"by", "customer"}}, true);
      if (!c.agent.empty()) {
        desktops_.send(c.agent,
                       desk::encode_call_event("call_withdrawn", call_key(id), "customer"));
      }
      feed(policy::InboundAbandoned{id});
      calls_.erase(id);
      break;
    case K::ringing:
    case K::early_media:
    case K::reinvite_relayed:
    case K::inbound_arrived:
    case K::recorded:
    case K::browser_offer:
    case K::browser_answer:
    case K::phone_dialled:
    case K::transfer_requested:
      break;
  }
}

void CallCentre::build_number_policies() {
  number_policies_.clear();
  for (const auto& c : config_.campaigns) {
    number_policies_[c.id] = policy::NumberPolicy(c.allowed_prefixes, c.blocked_prefixes,
                                                  c.allow_premium, c.blocked_number_types);
  }
}

void CallCentre::apply(const config::BlenddConfig& cfg) {
  config_ = cfg;
  build_number_policies();
  advisor_.update(config_);
  inbound_routes_.clear();
  const policy::TimeZone zone = centre_zone(config_);
  for (const auto& g : config_.groups) {
    for (const auto& n : g.inbound_numbers) inbound_routes_[n] = g.id;
    feed(policy::SetGroupSettings{group_settings_from(g, zone)});
  }
  feed(policy::SetTrunkBreaker{trunk_breaker_from(config_.sip.trunk)});
  for (const auto& c : config_.campaigns) {
    // Paused, stopped or offline stays so across a reload; the governor's weight too.
    policy::CampaignSettings cs = campaign_settings_from(c);
    const CampaignStanding& standing = standings_[c.id];
    cs.enabled = cs.enabled && standing.run.dials();
    cs.weight = standing.governor.weight;
    feed(policy::SetCampaignSettings{cs});
    feed(policy::SetCampaignWeight{c.id, cs.weight});
  }
  // A campaign no longer configured stops dialling; its figures stay until a restart.
  for (int c = 0; c < core_.campaign_count(); ++c) {
    if (config_.campaign(core_.campaign_id(c)) == nullptr)
      feed(policy::SetCampaignEnabled{core_.campaign_id(c), false});
  }
  targets_.update_campaigns(config_.campaigns);
}

}  // namespace blendd::daemon
