#include "sim/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace blendd::sim {

namespace {

using policy::AgentState;

policy::CoreSettings build_settings(const Scenario& s, std::uint64_t seed) {
  policy::CoreSettings settings = s.core;
  settings.seed = seed;
  for (const auto& model : s.agents) {
    for (int i = 0; i < model.count; ++i) {
      settings.agents.push_back({model.group + "-" + std::to_string(i), model.group});
    }
  }
  return settings;
}

struct Totals {
  std::vector<policy::GroupFigures> groups;
  std::vector<policy::CampaignFigures> campaigns;
  std::vector<std::array<double, 7>> seconds;
};

Totals snapshot(const policy::BlendCore& core, policy::TimePoint now) {
  Totals t;
  for (int g = 0; g < core.group_count(); ++g) {
    t.groups.push_back(core.group_figures(g));
    t.seconds.push_back(core.agent_seconds(g, now));
  }
  for (int c = 0; c < core.campaign_count(); ++c) t.campaigns.push_back(core.campaign_figures(c));
  return t;
}

double ratio(double a, double b) {
  return b > 0 ? a / b : 0.0;
}

}  // namespace

Simulator::Simulator(const Scenario& scenario, std::uint64_t seed)
    : scenario_(scenario),
      core_(build_settings(scenario, seed)),
      rng_(seed ^ 0x9e3779b97f4a7c15ULL) {
  for (std::size_t i = 0; i < scenario.outbound.size(); ++i) {
    campaign_model_[scenario.outbound[i].campaign] = static_cast<int>(i);
  }
  for (std::size_t i = 0; i < scenario.agents.size(); ++i) {
    group_model_[scenario.agents[i].group] = static_cast<int>(i);
  }
  for (std::size_t m = 0; m < scenario.agents.size(); ++m) {
    model_agents_.emplace_back();
    for (int i = 0; i < scenario.agents[m].count; ++i) {
      model_agents_.back().push_back(static_cast<int>(agent_model_.size()));
      agent_model_.push_back(group_model_[scenario.agents[m].group]);
    }
  }
  working_.assign(agent_model_.size(), 0);
  free_seq_.assign(agent_model_.size(), 0);
  leaving_.assign(agent_model_.size(), 0);
}

policy::TimePoint Simulator::time_point(double t) const {
  return policy::TimePoint(std::chrono::seconds(scenario_.epoch_s)) + policy::seconds(t);
}

void Simulator::at(double t, std::function<void()> fire) {
  std::uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.push_back(std::move(fire));
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
    slots_[slot] = std::move(fire);
  }
  queue_.push(Pending{t, seq_++, slot});
}

void Simulator::deliver(const policy::Event& e) {
  if (event_observer_) event_observer_(time_point(now_), e);
  auto actions = core_.handle(e, time_point(now_));
  for (const auto& a : actions) {
    if (observer_) observer_(now_, a);
    execute(a);
  }
  if (auto deadline = core_.next_deadline()) {
    // Strictly later than now: a core that kept asking for "now" must not stall the clock.
    const double t =
        std::max(now_ + 1e-6, static_cast<double>((*deadline - time_point(0)).count()) / 1e6);
    if (tick_times_.insert(t).second) {
      at(t, [this, t] {
        tick_times_.erase(t);
        deliver(policy::Tick{});
      });
    }
  }
}

void Simulator::execute(const policy::Action& action) {
  if (auto* o = std::get_if<policy::Originate>(&action)) {
    const OutboundModel& m = scenario_.outbound[campaign_model_.at(o->campaign)];
    calls_[o->call] = SimCall{false, campaign_model_.at(o->campaign), CallState::waiting};
    const double u = std::uniform_real_distribution<double>(0, 1)(rng_);
    const policy::CallId id = o->call;
    if (u < m.answer_probability) {
      const double ring = m.ring.sample(rng_);
      if (ring <= m.no_answer_after_s) {
        at(now_ + ring, [this, id] { deliver(policy::OutboundAnswered{id}); });
        const auto& campaigns = scenario_.core.campaigns;
        const bool amd = std::any_of(campaigns.begin(), campaigns.end(),
                                     [&](const auto& c) { return c.id == o->campaign && c.amd; });
        if (amd) {
          // The verdict after the analysis: a machine is hung up on and gone.
          const bool machine =
              std::uniform_real_distribution<double>(0, 1)(rng_) < m.machine_probability;
          at(now_ + ring + (machine ? m.amd_machine_s : m.amd_human_s), [this, id, machine] {
            if (machine) calls_.erase(id);
            deliver(policy::AmdDecided{
                id, machine ? policy::AmdVerdict::machine : policy::AmdVerdict::human, !machine});
          });
          if (machine) return;  // no patience: nobody waits on the line
        }
        if (!m.patience.is_never()) {
          // The answered customer hangs up if nobody comes on the line in time.
          const double patience = ring + m.patience.sample(rng_);
          at(now_ + patience, [this, id] {
            auto it = calls_.find(id);
            if (it != calls_.end() && it->second.state == CallState::waiting) {
              it->second.state = CallState::ended;
              deliver(policy::CallEnded{id});
            }
          });
        }
        return;
      }
    }
    const bool busy = u >= m.answer_probability && u < m.answer_probability + m.busy_probability;
    const double after = busy ? std::min(2.0, m.no_answer_after_s) : m.no_answer_after_s;
    const auto outcome = busy ? policy::DialOutcome::busy : policy::DialOutcome::no_answer;
    at(now_ + after, [this, id, outcome] {
      calls_.erase(id);
      deliver(policy::OutboundFailed{id, outcome});
    });
  } else if (auto* c = std::get_if<policy::ConnectToAgent>(&action)) {
    const int agent = *core_.roster().find(c->agent);
    const double delay = scenario_.agents[agent_model_[agent]].answer_delay.sample(rng_);
    const policy::CallId id = c->call;
    at(now_ + delay, [this, id] {
      auto it = calls_.find(id);
      if (it == calls_.end() || it->second.state != CallState::waiting) return;
      it->second.state = CallState::talking;
      deliver(policy::AgentLegAnswered{id});
      const Distribution& handle = it->second.inbound ? scenario_.inbound[it->second.model].handle
                                                      : scenario_.outbound[it->second.model].handle;
      at(now_ + handle.sample(rng_), [this, id] {
        calls_.erase(id);
        deliver(policy::CallEnded{id});
      });
    });
  } else if (auto* ab = std::get_if<policy::AbandonCall>(&action)) {
    calls_.erase(ab->call);
  } else if (auto* ov = std::get_if<policy::OverflowInbound>(&action)) {
    calls_.erase(ov->call);
  } else if (auto* claim = std::get_if<policy::ClaimTargets>(&action)) {
    policy::TargetsClaimed claimed{claim->campaign, {}};
    for (int i = 0; i < claim->count; ++i) {
      const std::string id = std::to_string(next_target_++);
      claimed.targets.push_back({id, "+1555" + id});
    }
    at(now_, [this, claimed] { deliver(claimed); });
  } else if (auto* st = std::get_if<policy::AgentStateChanged>(&action)) {
    if (st->state == AgentState::wrap_up || st->state == AgentState::not_ready) {
      // The simulated agent submits the questionnaire (or comes back from a missed call).
      const int agent = *core_.roster().find(st->agent);
      const double wrap = scenario_.agents[agent_model_[agent]].wrap_up.sample(rng_);
      const std::string id = st->agent;
      const std::uint64_t seq = ++free_seq_[agent];
      at(now_ + wrap, [this, id, seq] { agent_free(id, seq); });
    }
  } else if (std::holds_alternative<policy::Rejected>(action)) {
    rejected_ += 1;
  }
}

void Simulator::agent_free(const std::string& id, std::uint64_t seq) {
  const int a = *core_.roster().find(id);
  // Unless the core already ended the wrap-up by its timer (or a later one began).
  const auto state = core_.roster().agent(a).state;
  if (seq != free_seq_[a] || (state != AgentState::wrap_up && state != AgentState::not_ready))
    return;
  if (leaving_[a]) {
    leaving_[a] = 0;
    deliver(policy::AgentLoggedOut{id});
  } else {
    deliver(policy::AgentReady{id});
  }
}

void Simulator::staff(int model, int target) {
  const auto& agents = model_agents_[model];
  int working = 0;
  for (int a : agents) working += working_[a];
  for (auto it = agents.rbegin(); working > target && it != agents.rend(); ++it) {
    const int a = *it;
    if (!working_[a]) continue;
    working_[a] = 0;
    --working;
    const auto& info = core_.roster().agent(a);
    if (info.state == AgentState::idle) {
      deliver(policy::AgentLoggedOut{info.id});
    } else {
      leaving_[a] = 1;  // after the call and its wrap-up
    }
  }
  for (int a : agents) {
    if (working >= target) break;
    if (working_[a]) continue;
    working_[a] = 1;
    ++working;
    if (leaving_[a]) {
      leaving_[a] = 0;  // stays on after all
      continue;
    }
    const std::string id = core_.roster().agent(a).id;
    deliver(policy::AgentLoggedIn{id});
    deliver(policy::AgentReady{id});
  }
}

double Simulator::inbound_rate(const InboundStream& s, double t) const {
  if (!s.rate_per_step.empty()) {
    const auto step = static_cast<std::size_t>(t / scenario_.step_s);
    return step < s.rate_per_step.size() ? s.rate_per_step[step] : 0.0;
  }
  return s.calls_per_hour * s.hourly_profile[static_cast<int>(std::fmod(t / 3600.0, 24.0))];
}

void Simulator::schedule_arrival(int stream) {
  const InboundStream& s = scenario_.inbound[stream];
  double t = now_;
  if (!s.rate_per_step.empty()) {
    // Piecewise constant: an exponential gap at the step's rate; one that crosses the step's end
    // starts again there at the next step's (the process is memoryless).
    const double step = scenario_.step_s;
    while (true) {
      const auto k = static_cast<std::size_t>(t / step);
      if (k >= s.rate_per_step.size()) return;
      const double end = step * static_cast<double>(k + 1);
      const double rate = s.rate_per_step[k] / 3600.0;
      const double next = rate > 0 ? t + std::exponential_distribution<double>(rate)(rng_) : end;
      if (next < end) {
        t = next;
        break;
      }
      t = end;
    }
  } else {
    // Thinning: candidate arrivals at the peak rate, kept with probability rate(t) / peak.
    const double peak =
        s.calls_per_hour * *std::max_element(s.hourly_profile.begin(), s.hourly_profile.end());
    if (peak <= 0) return;
    while (true) {
      t += std::exponential_distribution<double>(peak / 3600.0)(rng_);
      if (std::uniform_real_distribution<double>(0, 1)(rng_) * peak <= inbound_rate(s, t)) break;
    }
  }
  at(t, [this, stream] {
    const policy::CallId id = next_inbound_++;
    const InboundStream& s = scenario_.inbound[stream];
    calls_[id] = SimCall{true, stream, CallState::waiting};
    deliver(policy::InboundArrived{id, s.group});
    if (!s.patience.is_never()) {
      at(now_ + s.patience.sample(rng_), [this, id] {
        auto it = calls_.find(id);
        if (it != calls_.end() && it->second.state == CallState::waiting) {
          calls_.erase(it);
          deliver(policy::InboundAbandoned{id});
        }
      });
    }
    schedule_arrival(stream);
  });
}

RunFigures Simulator::run() {
  const double end = scenario_.duration_h * 3600;
  const double warmup = std::min(scenario_.warmup_h * 3600, end);
  for (std::size_t m = 0; m < scenario_.agents.size(); ++m) {
    const auto& steps = scenario_.agents[m].staffed_per_step;
    if (steps.empty()) {
      for (int a : model_agents_[m]) {
        working_[a] = 1;
        deliver(policy::AgentLoggedIn{core_.roster().agent(a).id});  // the model goes ready
      }
      continue;
    }
    // A replay's staffing: whole agents for the step, a fraction for its share at the start.
    const int model = static_cast<int>(m);
    for (std::size_t k = 0; k < steps.size(); ++k) {
      const double t0 = scenario_.step_s * static_cast<double>(k);
      const double whole = std::floor(std::max(0.0, steps[k]));
      const double part = std::max(0.0, steps[k]) - whole;
      const int n = static_cast<int>(whole);
      at(t0, [this, model, n, part] { staff(model, n + (part > 1e-6 ? 1 : 0)); });
      if (part > 1e-6) at(t0 + part * scenario_.step_s, [this, model, n] { staff(model, n); });
    }
    at(scenario_.step_s * static_cast<double>(steps.size()), [this, model] { staff(model, 0); });
  }
  for (std::size_t s = 0; s < scenario_.inbound.size(); ++s) schedule_arrival(static_cast<int>(s));

  Totals start = snapshot(core_, time_point(0));
  at(warmup, [&] { start = snapshot(core_, time_point(now_)); });

  // Interval rows: per group, differences between report points.
  Totals last = start;
  const double step = scenario_.report_interval_min * 60;
  for (double t = step; t <= end + 1e-9; t += step) {
    at(t, [this, &last] {
      Totals now = snapshot(core_, time_point(now_));
      for (int g = 0; g < core_.group_count(); ++g) {
        const auto v = core_.group_view(g, time_point(now_));
        IntervalRow row{
            now_ / 3600,      v.id,       v.idle_level,     v.smoothed_level, v.start_threshold,
            v.stop_threshold, v.dialling, v.inbound_waiting};
        const auto& a = now.groups[g];
        const auto& b = last.groups[g];
        row.inbound_offered = static_cast<double>(a.inbound_offered - b.inbound_offered);
        row.inbound_sl =
            ratio(static_cast<double>(a.inbound_answered_within_sl - b.inbound_answered_within_sl),
                  static_cast<double>(a.inbound_answered - b.inbound_answered));
        for (int c = 0; c < core_.campaign_count(); ++c) {
          row.outbound_dials +=
              static_cast<double>(now.campaigns[c].dials - last.campaigns[c].dials);
          row.outbound_answers +=
              static_cast<double>(now.campaigns[c].answers - last.campaigns[c].answers);
          row.outbound_abandons +=
              static_cast<double>(now.campaigns[c].abandons - last.campaigns[c].abandons);
        }
        intervals_.push_back(row);
      }
      for (int c = 0; c < core_.campaign_count(); ++c) {
        max_abandon_rate_ =
            std::max(max_abandon_rate_, core_.abandon_rate_24h(c, time_point(now_)));
      }
      last = std::move(now);
    });
  }

  std::uint64_t fired = 0;
  while (!queue_.empty() && queue_.top().t <= end) {
    if (++fired % 4096 == 0) {
      if (history_sink_) history_sink_(core_.take_tallies());
      if (stop_ && stop_()) {
        stopped_ = true;
        break;
      }
    }
    const Pending p = queue_.top();
    queue_.pop();
    now_ = p.t;
    std::function<void()> fire = std::move(slots_[p.slot]);
    free_slots_.push_back(p.slot);
    fire();
  }
  now_ = end;
  if (history_sink_) history_sink_(core_.take_tallies());
  const Totals finish = snapshot(core_, time_point(end));

  RunFigures f;
  f.hours = (end - warmup) / 3600;
  double answered = 0, within = 0, wait = 0, abandoned = 0, offered = 0;
  std::array<double, 7> secs{};
  for (int g = 0; g < core_.group_count(); ++g) {
    const auto& a = finish.groups[g];
    const auto& b = start.groups[g];
    offered += static_cast<double>(a.inbound_offered - b.inbound_offered);
    answered += static_cast<double>(a.inbound_answered - b.inbound_answered);
    within += static_cast<double>(a.inbound_answered_within_sl - b.inbound_answered_within_sl);
    wait += a.inbound_wait_s - b.inbound_wait_s;
    abandoned += static_cast<double>(a.inbound_abandoned - b.inbound_abandoned);
    f.gate_changes += static_cast<double>(a.gate_changes - b.gate_changes);
    for (int s = 0; s < 7; ++s) secs[s] += finish.seconds[g][s] - start.seconds[g][s];
  }
  double connected = 0;
  for (int c = 0; c < core_.campaign_count(); ++c) {
    const auto& a = finish.campaigns[c];
    const auto& b = start.campaigns[c];
    f.outbound_dials += static_cast<double>(a.dials - b.dials);
    f.outbound_answers += static_cast<double>(a.answers - b.answers);
    f.outbound_abandons += static_cast<double>(a.abandons - b.abandons);
    connected += static_cast<double>(a.connected - b.connected);
  }
  f.inbound_offered = offered;
  f.service_level = ratio(within, answered);
  f.sl_of_offered = ratio(within, answered + abandoned);
  f.asa_s = ratio(wait, answered);
  f.inbound_abandon_rate = ratio(abandoned, offered);
  f.outbound_abandon_rate = ratio(f.outbound_abandons, f.outbound_answers);
  f.outbound_per_hour = ratio(connected, f.hours);
  const double logged_in = secs[1] + secs[2] + secs[3] + secs[4] + secs[5] + secs[6];
  f.occupancy_inbound = ratio(secs[static_cast<int>(AgentState::on_inbound)], logged_in);
  f.occupancy_outbound = ratio(secs[static_cast<int>(AgentState::on_outbound)], logged_in);
  f.idle_share = ratio(secs[static_cast<int>(AgentState::idle)], logged_in);
  f.talk_min_per_agent_hour = 60 * ratio(secs[static_cast<int>(AgentState::on_inbound)] +
                                             secs[static_cast<int>(AgentState::on_outbound)],
                                         logged_in);
  f.rejected_events = rejected_;
  f.max_abandon_rate_24h = max_abandon_rate_;
  return f;
}

}  // namespace blendd::sim
