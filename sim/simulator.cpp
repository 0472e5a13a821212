#include "sim/simulator.hpp"

#include <algorithm>
#include <cmath>

namespace blendd::sim {

namespace {

using policy::AgentState;

// Monday 2026-01-05 00:00 UTC: simulated days start at midnight on a weekday.
constexpr std::int64_t kEpochSeconds = 1767571200;

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
  for (const auto& model : scenario.agents) {
    for (int i = 0; i < model.count; ++i) agent_model_.push_back(group_model_[model.group]);
  }
}

policy::TimePoint Simulator::time_point(double t) const {
  return policy::TimePoint(std::chrono::seconds(kEpochSeconds)) + policy::seconds(t);
}

void Simulator::at(double t, std::function<void()> fire) {
  queue_.push(Pending{t, seq_++, std::move(fire)});
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
      at(now_ + wrap, [this, id] {
        // Unless the core already ended the wrap-up by its timer.
        const auto state = core_.roster().agent(*core_.roster().find(id)).state;
        if (state == AgentState::wrap_up || state == AgentState::not_ready) {
          deliver(policy::AgentReady{id});
        }
      });
    }
  } else if (std::holds_alternative<policy::Rejected>(action)) {
    rejected_ += 1;
  }
}

void Simulator::schedule_arrival(int stream) {
  const InboundStream& s = scenario_.inbound[stream];
  const double peak =
      s.calls_per_hour * *std::max_element(s.hourly_profile.begin(), s.hourly_profile.end());
  if (peak <= 0) return;
  // Thinning: candidate arrivals at the peak rate, kept with probability rate(t) / peak.
  double t = now_;
  while (true) {
    t += std::exponential_distribution<double>(peak / 3600.0)(rng_);
    const int hour = static_cast<int>(std::fmod(t / 3600.0, 24.0));
    const double rate = s.calls_per_hour * s.hourly_profile[hour];
    if (std::uniform_real_distribution<double>(0, 1)(rng_) * peak <= rate) break;
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
  for (int a = 0; a < core_.roster().size(); ++a) {
    const std::string id = core_.roster().agent(a).id;
    deliver(policy::AgentLoggedIn{id});  // the agent model then goes ready
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

  while (!queue_.empty() && queue_.top().t <= end) {
    Pending p = queue_.top();
    queue_.pop();
    now_ = p.t;
    p.fire();
  }
  now_ = end;
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
