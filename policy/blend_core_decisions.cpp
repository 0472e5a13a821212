// BlendCore's decisions, taken after every event: timeouts, agent assignment (inbound first),
// the dialling gate, pacing and target refills. Event handling is in blend_core.cpp.
#include <algorithm>
#include <cmath>
#include <limits>

#include "policy/blend_core.hpp"

namespace blendd::policy {

void BlendCore::expire(TimePoint now) {
  // Agent phones ringing past the offer timeout stop ringing; their callers go back to the head
  // of the queue (the time spent counts toward abandon_after and the queue timeout).
  while (!offer_ends_.empty() && offer_ends_.begin()->first <= now) {
    const CallId id = offer_ends_.begin()->second;
    offer_ends_.erase(offer_ends_.begin());
    Call* call = find_call(id);
    if (call != nullptr && call->phase == Phase::away) {
      // The number it was handed to did not answer in time: back to its group's queue.
      out_->push_back(WithdrawOffer{id, ""});
      requeue(*call);
      continue;
    }
    if (call == nullptr || call->phase != Phase::offering || call->agent < 0) continue;
    Group& g = groups_[call->group];
    ++g.figures.offers_timed_out;
    history_.offer_missed(g.settings.id, roster_.agent(call->agent).id, now_);
    out_->push_back(WithdrawOffer{id, roster_.agent(call->agent).id});
    move_agent(call->agent, AgentState::not_ready, "missed call");
    requeue(*call);
  }
  // Claimed targets that waited too long go back to their list: a buffer holds what pacing
  // needs soon, not numbers whose DNC or window state may have changed long ago.
  for (auto& c : campaigns_) {
    std::vector<DialTarget> aged;
    while (!c.buffer.empty() && c.buffer.front().claimed_at + c.settings.buffer_max_age <= now) {
      aged.push_back(c.buffer.front());
      c.buffer.pop_front();
    }
    if (!aged.empty()) out_->push_back(ReleaseTargets{c.settings.id, std::move(aged)});
  }
  amd_timeouts(now);
  // Answered customers with no agent in time take the abandon path.
  for (auto& g : groups_) {
    while (!g.outbound_waiting.empty()) {
      Call& call = calls_.at(g.outbound_waiting.front());
      Campaign& c = campaigns_[call.campaign];
      if (now - call.arrived < c.settings.abandon_after) break;
      c.guard.abandon(now);
      c.adaptive.dropped(now);
      ++c.figures.abandons;
      history_.outbound_abandoned(g.settings.id, c.settings.id, now_);
      out_->push_back(AbandonCall{call.id});
      finish_outbound(call, DialOutcome::abandoned);
      remove_call(call.id);
    }
    while (!g.inbound_queue.empty()) {
      Call& call = calls_.at(g.inbound_queue.front());
      if (now - call.arrived < g.settings.inbound_queue_timeout) break;
      if (call.transfers > 0) {
        ++g.figures.transfers_lost;
      } else {
        ++g.figures.inbound_overflowed;
        history_.inbound_overflowed(g.settings.id, now_);
      }
      out_->push_back(OverflowInbound{call.id});
      remove_call(call.id);
    }
    if (g.override_ && g.override_->until <= now) g.override_.reset();
  }
  while (!wrap_up_ends_.empty() && wrap_up_ends_.begin()->first <= now) {
    move_agent(wrap_up_ends_.begin()->second, AgentState::idle, "wrap-up time over");
  }
}

void BlendCore::assign_agents(int gi) {
  // Without the media relay a connected call would be silent: callers wait in the queue (they
  // hear their own ringback) until it is back, rather than cycle through agents' phones.
  if (!media_up_) return;
  Group& g = groups_[gi];
  // Inbound first, always; then answered outbound customers.
  for (auto* queue : {&g.inbound_queue, &g.outbound_waiting}) {
    while (!queue->empty()) {
      auto agent = chooser_.choose(roster_, gi, g.settings.choice);
      if (!agent) return;
      Call& call = calls_.at(queue->front());
      queue->pop_front();
      connect(call, *agent);
    }
  }
}

GateThresholds BlendCore::effective_thresholds(const Group& g) const {
  // A supervisor's live override wins until it expires; then the schedule; then the defaults.
  if (g.override_ && g.override_->until > now_) return g.override_->thresholds;
  if (const SchedulePeriod* p = g.settings.schedule.active(now_)) return p->thresholds;
  return g.settings.thresholds;
}

std::pair<int, double> BlendCore::effective_reserve(const Group& g) const {
  std::pair<int, double> r{g.settings.reserve_agents, g.settings.boundary_start_probability};
  if (g.override_ && g.override_->until > now_) return r;
  if (const SchedulePeriod* p = g.settings.schedule.active(now_)) {
    if (p->reserve_agents) r = {*p->reserve_agents, p->boundary_start_probability.value_or(1.0)};
  }
  return r;
}

void BlendCore::update_gate(int gi) {
  Group& g = groups_[gi];
  const int logged_in = roster_.logged_in(gi);
  const double level =
      logged_in == 0 ? 0.0 : static_cast<double>(roster_.count(gi, AgentState::idle)) / logged_in;
  if (level != g.meter.instantaneous() || g.figures.gate_changes == 0) g.meter.update(now_, level);
  const double smoothed = g.meter.value(now_);
  const GateThresholds thresholds = effective_thresholds(g);
  if (g.gate.evaluate(now_, smoothed, thresholds)) {
    ++g.figures.gate_changes;
    out_->push_back(GateChanged{g.settings.id, g.gate.open(), smoothed});
  }
  // The level the gate saw last held until now (levels of a group nobody staffs are not kept).
  auto& s = g.sample;
  if (s.taken) {
    history_.group_level(g.settings.id, s.level, s.start, s.stop, s.gate_open, s.at, now_);
  }
  s = {now_, smoothed, thresholds.start, thresholds.stop, g.gate.open(), logged_in > 0};
}

bool BlendCore::capped(const Campaign& c) const {
  if (!trunk_.may_dial(now_)) return true;  // the trunk's breaker is open
  if (c.settings.max_concurrent > 0 && c.in_flight >= c.settings.max_concurrent) return true;
  return c.settings.max_dials_per_second > 0 && now_ < c.next_dial_allowed;
}

std::optional<int> BlendCore::pick_campaign(const Group& g, int exposure_after) const {
  const bool risky = exposure_after > 0;
  // Lines beyond the agents available may find no agent: the group's exposure must fit every
  // campaign's abandon budget that could end up paying for it.
  std::int64_t budget = std::numeric_limits<std::int64_t>::max();
  if (risky) {
    for (int ci : g.campaigns) {
      const Campaign& c = campaigns_[ci];
      if (c.in_flight > 0 || c.settings.pacing == PacingMode::predictive) {
        budget = std::min(budget, c.guard.budget(now_));
      }
    }
    if (exposure_after > budget) return std::nullopt;
  }
  std::optional<int> best;
  double best_load = 0;
  for (int ci : g.campaigns) {
    const Campaign& c = campaigns_[ci];
    if (!c.settings.enabled || c.buffer.empty() || c.settings.pacing == PacingMode::preview)
      continue;
    if (capped(c)) continue;
    if (risky && c.settings.pacing != PacingMode::predictive) continue;
    const double load = (c.in_flight + 1) / c.settings.weight;
    if (!best || load < best_load) {
      best = ci;
      best_load = load;
    }
  }
  return best;
}

void BlendCore::dial(int ci, int preview_agent, bool manual) {
  Campaign& c = campaigns_[ci];
  Group& g = groups_[c.group];
  Call call;
  call.id = next_call_++;
  call.direction = Direction::outbound;
  call.group = c.group;
  call.campaign = ci;
  call.target = c.buffer.front();
  c.buffer.pop_front();
  call.phase = Phase::dialing;
  call.dialled = now_;
  call.agent = preview_agent;
  call.holds_line = preview_agent < 0;
  call.manual = manual;
  if (call.holds_line) {
    ++c.in_flight;
    ++g.in_flight;
  }
  ++c.figures.dials;
  history_.dialled(g.settings.id, c.settings.id, now_);
  trunk_.dialled(now_);
  if (c.settings.max_dials_per_second > 0) {
    c.next_dial_allowed =
        now_ + Duration(static_cast<std::int64_t>(1e6 / c.settings.max_dials_per_second));
  }
  std::string agent_id;
  if (preview_agent >= 0) {
    move_agent(preview_agent, AgentState::reserved, manual ? "manual dial" : "preview");
    roster_.set_call(preview_agent, call.id);
    agent_id = roster_.agent(preview_agent).id;
  }
  out_->push_back(Originate{call.id, c.settings.id, call.target, agent_id});
  calls_.emplace(call.id, std::move(call));
}

void BlendCore::pace(int gi) {
  Group& g = groups_[gi];
  if (!g.gate.open() || !g.inbound_queue.empty() || !effective_thresholds(g).outbound_allowed ||
      !can_place_calls()) {
    return;
  }
  const int idle = roster_.count(gi, AgentState::idle);
  const auto [reserve, boundary_probability] = effective_reserve(g);
  int available = std::max(0, idle - reserve);
  if (boundary_probability < 1) {
    // The coin is thrown when a freed agent lands exactly on the boundary; agents above it
    // start outbound regardless, and the boundary decision stands until idle drops below it.
    const int boundary = reserve + 1;
    if (idle == boundary && g.last_idle < boundary) {
      g.boundary_start = chooser_.coin(boundary_probability);
    }
    g.last_idle = idle;
    if (!g.boundary_start) available = std::max(0, available - 1);
  }

  // Preview campaigns reserve their agent before dialling.
  for (int ci : g.campaigns) {
    Campaign& c = campaigns_[ci];
    while (available > 0 && c.settings.enabled && c.settings.pacing == PacingMode::preview &&
           !c.buffer.empty() && !capped(c)) {
      auto agent = chooser_.choose(roster_, gi, g.settings.choice);
      if (!agent) break;
      dial(ci, *agent);
      --available;
    }
  }

  // Safe lines: one per available agent, counting lines already in flight.
  while (g.in_flight < available) {
    auto ci = pick_campaign(g, 0);
    if (!ci) break;
    dial(*ci, -1);
  }

  // The VICIdial-style baseline: lines = level x available, by its own rules, no budget.
  for (int ci : g.campaigns) {
    Campaign& c = campaigns_[ci];
    if (c.settings.pacing != PacingMode::adaptive || !c.settings.enabled) continue;
    c.adaptive.update(now_, idle, static_cast<int>(g.outbound_waiting.size()),
                      roster_.logged_in(gi), c.guard.rate_24h(now_), c.settings.abandon_cap);
    const int wanted = static_cast<int>(std::floor(c.adaptive.level() * available));
    while (c.in_flight < wanted && !c.buffer.empty() && !capped(c)) dial(ci, -1);
  }

  // Predictive over-dial: lines for the agents expected at answer time, bounded per campaign by
  // its abandon budget.
  double answer = 0;
  int predictive = 0;
  for (int ci : g.campaigns) {
    const Campaign& c = campaigns_[ci];
    if (c.settings.pacing == PacingMode::predictive && c.settings.enabled) {
      answer += c.answer_rate.rate();
      ++predictive;
    }
  }
  if (predictive == 0) return;
  answer = std::clamp(answer / predictive, 0.05, 1.0);
  double expected = available;
  if (settings_.predict_releases) {
    // A talking agent (exponential remaining talk) is free within one ring time with
    // probability 1 - exp(-ring / talk).
    const int talking =
        roster_.count(gi, AgentState::on_inbound) + roster_.count(gi, AgentState::on_outbound);
    expected += talking * (1 - std::exp(-g.ring.mean_s() / g.talk.mean_s()));
  }
  const int wanted = static_cast<int>(std::floor(expected / answer));
  while (g.in_flight < wanted) {
    auto ci = pick_campaign(g, g.in_flight + 1 - available);
    if (!ci) break;
    dial(*ci, -1);
  }
}

void BlendCore::refill(int ci) {
  Campaign& c = campaigns_[ci];
  if (!c.settings.enabled || c.claim_pending || now_ < c.claim_backoff_until || !can_place_calls())
    return;
  if (roster_.logged_in(c.group) == 0) {
    // Nobody to dial for: claimed targets would only age in the buffer (and after a restart sit
    // in review); hand them back until someone logs in.
    if (!c.buffer.empty()) {
      out_->push_back(ReleaseTargets{c.settings.id, {c.buffer.begin(), c.buffer.end()}});
      c.buffer.clear();
    }
    return;
  }
  const int have = static_cast<int>(c.buffer.size());
  if (have * 2 > c.settings.target_buffer) return;
  c.claim_pending = true;
  out_->push_back(ClaimTargets{c.settings.id, c.settings.target_buffer - have});
}

std::optional<TimePoint> BlendCore::next_deadline() const {
  std::optional<TimePoint> next;
  auto consider = [&next](TimePoint t) {
    if (!next || t < *next) next = t;
  };
  for (const auto& g : groups_) {
    if (!g.outbound_waiting.empty()) {
      const Call& call = calls_.at(g.outbound_waiting.front());
      consider(call.arrived + campaigns_[call.campaign].settings.abandon_after);
    }
    if (!g.analysing.empty()) {
      const Call& call = calls_.at(g.analysing.front());
      consider(call.arrived + campaigns_[call.campaign].settings.amd_timeout);
    }
    if (!g.inbound_queue.empty()) {
      consider(calls_.at(g.inbound_queue.front()).arrived + g.settings.inbound_queue_timeout);
    }
    if (g.override_) consider(g.override_->until);
    // Woken at each interval boundary while agents work: their stays are counted up to it.
    if (g.sample.taken)
      consider(TimePoint(std::chrono::seconds(settled_interval_ + settings_.history_interval_s)));
    for (int ci : g.campaigns) {
      const Campaign& c = campaigns_[ci];
      // A failed or empty claim is retried when its back-off ends, even if nothing else happens.
      if (c.settings.enabled && c.buffer.empty() && !c.claim_pending &&
          c.claim_backoff_until > now_) {
        consider(c.claim_backoff_until);
      }
      // A rate-capped campaign with targets waiting must be woken when it may dial again.
      if (c.settings.max_dials_per_second > 0 && c.next_dial_allowed > now_ && !c.buffer.empty()) {
        consider(c.next_dial_allowed);
      }
    }
    if (!g.settings.schedule.empty()) {
      if (!g.schedule_change || *g.schedule_change <= now_) {
        g.schedule_change = g.settings.schedule.next_change(now_);
      }
      if (g.schedule_change) consider(*g.schedule_change);
    }
    const GateThresholds t = effective_thresholds(g);
    if (auto end = g.gate.dwell_end(now_)) consider(*end);
    const double threshold = g.gate.open() ? t.stop : t.start;
    if (auto cross = g.meter.crossing_time(now_, threshold)) consider(*cross);
  }
  for (const auto& c : campaigns_) {
    if (c.settings.enabled && !c.claim_pending && c.claim_backoff_until > now_) {
      consider(c.claim_backoff_until);
    }
  }
  for (const auto& c : campaigns_) {
    if (c.settings.pacing == PacingMode::adaptive && c.settings.enabled)
      consider(c.adaptive.next_update());
  }
  if (!wrap_up_ends_.empty()) consider(wrap_up_ends_.begin()->first);
  if (!offer_ends_.empty()) consider(offer_ends_.begin()->first);
  for (const auto& c : campaigns_) {
    if (!c.buffer.empty()) consider(c.buffer.front().claimed_at + c.settings.buffer_max_age);
  }
  // An open trunk breaker lets its probe through when the back-off ends.
  if (auto retry = trunk_.retry_at(); retry && *retry > now_) consider(*retry);
  return next;
}

GroupView BlendCore::group_view(int gi, TimePoint now) const {
  const Group& g = groups_[gi];
  GroupView v;
  v.id = g.settings.id;
  v.logged_in = roster_.logged_in(gi);
  v.idle = roster_.count(gi, AgentState::idle);
  v.inbound_waiting = static_cast<int>(g.inbound_queue.size());
  v.outbound_in_flight = g.in_flight;
  v.idle_level = v.logged_in == 0 ? 0.0 : static_cast<double>(v.idle) / v.logged_in;
  v.smoothed_level = g.meter.value(now);
  const GateThresholds t = effective_thresholds(g);
  v.start_threshold = t.start;
  v.stop_threshold = t.stop;
  v.gate_open = g.gate.open();
  // A group whose campaigns are all paused, stopped or offline is not dialling, gate or not.
  bool any_campaign = false;
  for (const Campaign& c : campaigns_)
    any_campaign = any_campaign || (c.group == gi && c.settings.enabled);
  v.dialling = v.gate_open && t.outbound_allowed && g.inbound_queue.empty() && can_place_calls() &&
               any_campaign;
  return v;
}

double BlendCore::campaign_share(int ci) const {
  const Campaign& me = campaigns_[ci];
  if (!me.settings.enabled) return 0.0;
  double total = 0;
  for (const Campaign& c : campaigns_)
    if (c.group == me.group && c.settings.enabled) total += c.settings.weight;
  return total > 0 ? me.settings.weight / total : 0.0;
}

std::array<double, 7> BlendCore::agent_seconds(int gi, TimePoint now) const {
  std::array<double, 7> total = groups_[gi].figures.agent_seconds;
  for (int a = 0; a < roster_.size(); ++a) {
    const AgentInfo& info = roster_.agent(a);
    if (info.group == gi) total[static_cast<int>(info.state)] += to_seconds(now - info.since);
  }
  return total;
}

std::optional<int> BlendCore::group_index(const std::string& id) const {
  auto it = group_index_.find(id);
  if (it == group_index_.end()) return std::nullopt;
  return it->second;
}

bool BlendCore::busy_period(int group, TimePoint now) const {
  const SchedulePeriod* p = active_period(group, now);
  return p != nullptr && p->kind == PeriodKind::busy;
}

const SchedulePeriod* BlendCore::active_period(int group, TimePoint now) const {
  return groups_[group].settings.schedule.active(now);
}

}  // namespace blendd::policy
