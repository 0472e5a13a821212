#include "daemon/centre/call_centre.hpp"

#include <spdlog/spdlog.h>

#include "daemon/centre/core_settings_from_config.hpp"
#include "desk/agent_protocol.hpp"
#include "desk/questionnaire_validator.hpp"
#include "queue/import/phone_number.hpp"

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

// sip:host:port;params (or sip:user@host...) → sip:<number>@host:port;params
std::string customer_uri(const std::string& trunk, const std::string& number) {
  std::string rest = trunk.rfind("sip:", 0) == 0 ? trunk.substr(4) : trunk;
  if (auto at = rest.find('@'); at != std::string::npos) rest = rest.substr(at + 1);
  return "sip:" + number + "@" + rest;
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
      advisor_(cfg) {
  build_number_policies();
  for (const auto& g : cfg.groups) {
    for (const auto& a : g.agents) agents_[a.id] = {g.id, a.sip_uri};
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
    spdlog::info("store: Redis answers again; dialling may resume");
  } else {
    spdlog::warn(
        "store: not ready (Redis not answering, or start-up reconciliation pending); no new calls "
        "until it is (inbound goes on)");
  }
  feed(policy::StoreAvailability{up});
  if (up) {
    retry_unstored();
    targets_.retry_unwritten();
  }
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
    spdlog::info("targets: {} of {} put on a DNC list while claimed; withdrawn", number, id);
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

void CallCentre::agent_ready(const std::string& agent) {
  feed(policy::AgentReady{agent});
}

void CallCentre::agent_not_ready(const std::string& agent, const std::string& reason) {
  feed(policy::AgentNotReady{agent, reason});
}

void CallCentre::on_inbound_arrived(const sip::LegEvent& e) {
  auto route = inbound_routes_.find(e.to);
  if (route == inbound_routes_.end()) {
    ++totals_.inbound_unrouted;
    spdlog::warn("inbound: no group answers number '{}' (caller {}); refused busy", e.to, e.from);
    sip_.overflow_inbound(e.call, "");
    return;
  }
  ActiveCall c{.id = e.call, .direction = policy::Direction::inbound, .group = route->second};
  c.caller = e.from;
  calls_[e.call] = c;
  feed(policy::InboundArrived{e.call, route->second});
}

void CallCentre::on_leg_event(const sip::LegEvent& e) {
  spdlog::debug("call {}: {} leg {} {} {}", e.call,
                e.leg == sip::Leg::customer ? "customer" : "agent", sip::to_string(e.kind),
                e.status, e.reason);
  if (e.kind == sip::LegEventKind::inbound_arrived) return on_inbound_arrived(e);
  auto it = calls_.find(e.call);
  if (it == calls_.end()) return;
  ActiveCall& c = it->second;
  const sip::CallId id = e.call;
  using K = sip::LegEventKind;
  if (c.core_done) {
    // An abandoned customer on the announcement: only the end matters.
    if (e.kind == K::ended || e.kind == K::failed) {
      if (e.kind == K::failed) sip_.hang_up(id);
      calls_.erase(it);
    }
    return;
  }
  switch (e.kind) {
    case K::answered:
      if (e.leg == sip::Leg::customer) {
        feed(policy::OutboundAnswered{id});
      } else {
        c.connected = true;
        desktops_.send(c.agent, desk::encode_call_event("call_connected", call_key(id)));
        feed(policy::AgentLegAnswered{id});
      }
      break;
    case K::failed:
      if (e.leg == sip::Leg::customer) {
        feed(policy::OutboundFailed{id, outcome_of(e.failure), e.trunk_fault});
        calls_.erase(id);
      } else {
        spdlog::info("call {}: agent {} did not take it ({} {})", id, c.agent, e.status, e.reason);
        desktops_.send(c.agent, desk::encode_call_event("call_withdrawn", call_key(id)));
        c.agent.clear();
        feed(policy::AgentLegFailed{id});
      }
      break;
    case K::ended: {
      if (e.reason.find("unreachable") != std::string::npos) {
        spdlog::warn("call {}: {} (no answer to the keepalive); call ended", id, e.reason);
      }
      if (!c.agent.empty()) {
        desktops_.send(c.agent,
                       desk::encode_call_event(c.connected ? "call_ended" : "call_withdrawn",
                                               call_key(id), e.reason));
        if (c.connected) wrap_up_[c.agent] = c;  // the agent now registers the result
      }
      const std::string agent = c.connected ? c.agent : std::string();
      feed(policy::CallEnded{id});
      calls_.erase(id);
      if (!agent.empty() && wrap_up_.count(agent) != 0 && logged_out(agent)) {
        // The agent's desk closed during the call and did not come back: no result will come,
        // and the attempt must not stay open until the next start's reconciliation. (A desk
        // back in time may still register it until the agent is ready again.)
        spdlog::warn("call {}: agent {} was logged out when it ended; recorded without a result",
                     id, agent);
        finish_wrap_up(agent, "no_disposition");
      }
      break;
    }
    case K::cancelled:
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
      break;
  }
}

std::vector<desk::FieldError> CallCentre::submit(const std::string& agent,
                                                 const desk::SubmitMessage& m) {
  auto it = wrap_up_.find(agent);
  if (it == wrap_up_.end() || call_key(it->second.id) != m.call) {
    return {{"call", "no call of yours awaits a result with id '" + m.call + "'"}};
  }
  if (!desk::known_disposition(m.disposition)) {
    return {{"disposition",
             "must be success, refused, callback, complaint, wrong_number or "
             "do_not_call (got '" +
                 m.disposition + "')"}};
  }
  if (m.disposition == "callback" && (!m.callback_ms || *m.callback_ms <= now_ms())) {
    return {{"callback_at_ms", "a callback needs a time in the future"}};
  }
  if (!m.product.empty() && config_.catalogue.product(m.product) == nullptr) {
    return {{"product", "'" + m.product + "' is not a product of the catalogue"}};
  }
  ActiveCall& c = it->second;
  if (c.submitting) return {{"call", "a result for this call is being stored"}};
  const config::QuestionnaireConfig* form = nullptr;
  if (const auto* campaign = config_.campaign(c.campaign)) {
    form = config_.catalogue.questionnaire(campaign->questionnaire);
  }
  if (form != nullptr) {
    auto errors = desk::validate_answers(*form, m.answers);
    if (!errors.empty()) return errors;
  }
  const std::string number = c.target ? c.target->target.number : c.caller;
  const std::string list = c.campaign.empty() ? "inbound-" + c.group : c.campaign;
  std::map<std::string, std::string> fields{
      {"call", call_key(c.id)},
      {"number", number},
      {"agent", agent},
      {"disposition", m.disposition},
      {"answers", desk::encode_answers(m.answers)},
      {"at_ms", std::to_string(now_ms())},
      {"direction", c.direction == policy::Direction::inbound ? "inbound" : "outbound"},
      // What was offered (the target's own product or the campaign's), or what was sold.
      {"product", m.product.empty() ? product_of(c) : m.product}};
  // Acknowledged only once stored: the rest of the result (attempt outcome, DNC, points) follows
  // the stored record. If Redis cannot take it, blendd keeps it and retries when Redis answers
  // again; the agent is told it is not stored yet and may take calls meanwhile.
  c.submitting = true;
  store_submission(agent, c, m, list, std::move(fields));
  return {};
}

void CallCentre::store_submission(const std::string& agent, const ActiveCall& call,
                                  const desk::SubmitMessage& m, const std::string& list,
                                  std::map<std::string, std::string> fields) {
  targets_.store_result(
      list, fields, lifetime_.guard([this, agent, call, m, list, fields](std::error_code ec) {
        auto held = wrap_up_.find(agent);
        const bool in_wrap_up = held != wrap_up_.end() && call_key(held->second.id) == m.call;
        if (ec) {
          ++totals_.store_errors;
          spdlog::error("results: {} of call {} not stored ({}); kept for a retry", agent, m.call,
                        ec.message());
          unstored_.push_back({agent, in_wrap_up ? held->second : call, m, list, fields});
          if (in_wrap_up) {
            wrap_up_.erase(held);
            feed(policy::AgentReady{agent});
          }
          desktops_.send(agent,
                         desk::encode_error("store_unavailable",
                                            "the result is not stored yet; blendd keeps it and "
                                            "stores it when the store answers"));
          return;
        }
        ++totals_.results_stored;
        ActiveCall done = in_wrap_up ? held->second : call;
        record_submission(agent, done, m);
        if (in_wrap_up) {
          wrap_up_.erase(held);
          feed(policy::AgentReady{agent});
        }
      }));
}

void CallCentre::record_submission(const std::string& agent, ActiveCall& c,
                                   const desk::SubmitMessage& m) {
  const std::string number = c.target ? c.target->target.number : c.caller;
  if (m.disposition == "do_not_call") {
    // The company's list unless the campaign keeps its own (dnc_scope: campaign); inbound
    // callers' requests too: no campaign may call them again.
    const auto* campaign = config_.campaign(c.campaign);
    const std::string list = campaign != nullptr && campaign->dnc_campaign_only ? c.campaign : "";
    targets_.add_dnc(list, number);
    withdraw_number(list, number);
  }
  const bool never = m.disposition == "wrong_number" || m.disposition == "do_not_call";
  const std::string sold = m.product.empty() ? product_of(c) : m.product;  // before the target goes
  finish_attempt(c, policy::DialOutcome::answered, m.disposition, m.disposition != "callback",
                 m.disposition == "callback" ? m.callback_ms : std::nullopt, never,
                 never ? m.disposition : std::string());
  if (m.disposition == "success") award(agent, sold);
  if (!c.campaign.empty()) govern(c.campaign, m.disposition);
  desktops_.send(agent, desk::encode_submitted(m.call, m.disposition));
}

void CallCentre::retry_unstored() {
  auto pending = std::move(unstored_);
  unstored_.clear();
  for (auto& u : pending) store_submission(u.agent, u.call, u.message, u.list, std::move(u.fields));
}

// The target's own product (pre-assigned to its number: a CSV column, a lead's field), else the
// campaign's.
std::string CallCentre::product_of(const ActiveCall& call) const {
  if (call.target && !call.target->target.product.empty() &&
      config_.catalogue.product(call.target->target.product) != nullptr)
    return call.target->target.product;
  const auto* campaign = config_.campaign(call.campaign);
  return campaign != nullptr ? campaign->product : std::string();
}

void CallCentre::award(const std::string& agent, const std::string& product) {
  const auto now = clock_.now();
  const int points = advisor_.award(agent, product, now);
  if (points <= 0) return;
  if (sales_observer_) sales_observer_(advisor_.month_of(now), agent, points);
  const Standing s = advisor_.standing(agent, now);
  desktops_.send(agent, desk::encode_points(points, s.month_total, s.rank, s.leaders));
}

void CallCentre::restore_points(const std::string& agent, int points) {
  advisor_.restore(agent, clock_.now(), points);
}

void CallCentre::asked_about(const std::string& agent, const desk::AskedAboutMessage& m) {
  desktops_.send(agent, desk::encode_recommendations(m.call, m.product,
                                                     advisor_.associated(m.product, m.reason)));
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

// ---- actions ----------------------------------------------------------------------------

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
          if (it == calls_.end()) return;
          it->second.core_done = true;
          if (!config_.sip.abandon_announcement.empty()) {
            sip_.connect_agent(a.call, config_.sip.abandon_announcement);
          } else {
            sip_.hang_up(a.call);
            finished_.push_back(a.call);  // its outcome follows in this same batch
          }
        } else if constexpr (std::is_same_v<T, policy::OverflowInbound>) {
          auto it = calls_.find(a.call);
          if (it == calls_.end()) return;
          const config::GroupConfig* group = config_.group(it->second.group);
          sip_.overflow_inbound(a.call, group != nullptr ? group->overflow_uri : std::string());
          finished_.push_back(a.call);
        } else if constexpr (std::is_same_v<T, policy::RecordOutcome>) {
          execute_record(a);
        } else if constexpr (std::is_same_v<T, policy::AgentStateChanged>) {
          desktops_.send(a.agent, desk::encode_state(policy::to_string(a.state), a.reason));
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
          spdlog::info("group {}: dialling {} (idle level {:.2f})", a.group, a.open ? "on" : "off",
                       a.level);
        } else if constexpr (std::is_same_v<T, policy::Rejected>) {
          spdlog::warn("core refused {}: {}", a.what, a.why);
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
          spdlog::warn("targets: claim for {} failed: {}", campaign, ec.message());
          return feed(policy::ClaimFailed{campaign});
        }
        policy::TargetsClaimed claimed{campaign, {}};
        auto& mine = claimed_[campaign];
        const auto& guard = number_policies_[campaign];
        for (auto& t : got) {
          if (auto why = guard.refusal(t.target.number, queue::number_type(t.target.number))) {
            // Never dialled: the attempt is closed as blocked, for good.
            ++totals_.numbers_blocked;
            spdlog::warn("targets: {} of {} not dialled: {}", t.target.number, campaign, *why);
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
    spdlog::error("call {}: target {} of {} was not claimed; not dialled", a.call, a.target.id,
                  a.campaign);
    pending_.push_back(policy::OutboundFailed{a.call, policy::DialOutcome::failed});
    return;
  }
  ActiveCall c{.id = a.call, .group = campaign->group, .campaign = a.campaign};
  c.target = std::move(it->second);
  claimed.erase(it);
  sip::OriginateRequest request;
  request.call = a.call;
  request.uri = customer_uri(config_.sip.trunk.uri, c.target->target.number);
  request.from_uri = campaign->caller_id.empty() ? config_.sip.caller_id : campaign->caller_id;
  request.asserted_identity = "<" + request.from_uri + ">";
  request.ring_timeout = std::chrono::seconds(campaign->ring_timeout_s);
  request.decided_at = event_at_;  // e.g. the agent's "ready" or the end of their last call
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
  if (!ec && verdict.ok()) return sip_.originate(std::move(request));
  if (ec) {
    // Unconfirmed is undialled: handed back (the probe stops new dials while Redis is away).
    ++totals_.store_errors;
    spdlog::warn("call {}: {} not confirmed ({}); not dialled", request.call,
                 c.target->target.number, ec.message());
    targets_.release(c.campaign, *c.target, now_ms());
  } else {
    ++totals_.withdrawn_at_invite;
    spdlog::info("call {}: {} of {} not dialled: {} ({})", request.call, c.target->target.number,
                 c.campaign, verdict.verdict, verdict.detail);
  }
  const sip::CallId id = request.call;
  calls_.erase(it);
  feed(policy::DialWithdrawn{id});
}

void CallCentre::execute_withdraw_offer(const policy::WithdrawOffer& a) {
  auto it = calls_.find(a.call);
  if (it == calls_.end()) return;
  spdlog::info("call {}: agent {}'s phone did not answer in time; offer withdrawn", a.call,
               a.agent);
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
  sip_.connect_agent(a.call, agent->second.sip_uri);
  desk::CallOffer offer;
  offer.call = call_key(a.call);
  offer.direction = a.direction == policy::Direction::inbound ? "inbound" : "outbound";
  offer.group = c.group;
  offer.campaign = c.campaign;
  if (c.target) {
    offer.number = c.target->target.number;
    offer.name = c.target->target.name;
    offer.custom_json = c.target->target.custom_json;
  } else {
    offer.number = c.caller;
  }
  const auto group = core_.group_index(c.group);
  offer.recommendations =
      advisor_.touchpoint(offer.number, group && core_.busy_period(*group, clock_.now()));
  if (const auto* campaign = config_.campaign(c.campaign)) {
    offer.product = config_.catalogue.product(product_of(c));
    offer.questionnaire = config_.catalogue.questionnaire(campaign->questionnaire);
  }
  desktops_.send(a.agent, desk::encode_call_offered(offer));
}

void CallCentre::execute_record(const policy::RecordOutcome& a) {
  auto it = calls_.find(a.call);
  if (it == calls_.end()) return;
  if (a.outcome == policy::DialOutcome::answered) {
    it->second.pending_outcome = a.outcome;  // the agent's disposition completes it
    return;
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
  call.target.reset();  // an attempt is finished exactly once
  targets_.finish(fa, now_ms(), lifetime_.guard([this, id = call.id](std::error_code ec) {
    if (!ec) return;
    ++totals_.store_errors;
    spdlog::error("call {}: outcome not stored: {}", id, ec.message());
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
