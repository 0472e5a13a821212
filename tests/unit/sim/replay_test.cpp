// The what-if's replay: a "measured" period is a simulated centre's own history; replayed with
// the settings it ran on, the figures must come back; changed settings must move them the way a
// call centre would expect.
#include <gtest/gtest.h>

#include "policy/history_figures.hpp"
#include "sim/replay.hpp"
#include "sim/simulator.hpp"

using namespace blendd;

namespace {

constexpr std::int64_t kStep = 300;
constexpr std::int64_t kEpoch = 1767600000;  // a multiple of 300 s

// Six hours: busy ones (the gate mostly shut) and quiet ones (outbound flows) in turn.
sim::Scenario centre() {
  auto r = sim::load_scenario_text(R"(
duration_h: 6
warmup_h: 0
replications: 1
seed: 3
groups:
  - id: g
    agents: 12
    reserve_agents: 1
    start_threshold: 0.25
    stop_threshold: 0.1
    wrap_up: { dist: fixed, mean_s: 20 }
    answer_delay: { dist: fixed, mean_s: 2 }
inbound:
  - group: g
    calls_per_hour: 100
    hourly_profile: [2.2, 0.5, 2.2, 0.5, 2.2, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    handle: { dist: gamma, mean_s: 240, cv: 0.6 }
    patience: { dist: exponential, mean_s: 120 }
campaigns:
  - id: c
    group: g
    pacing: progressive
    answer_probability: 0.4
    busy_probability: 0.1
    ring: { dist: gamma, mean_s: 9, cv: 0.5 }
    handle: { dist: gamma, mean_s: 150, cv: 0.5 }
)",
                                   "replay");
  if (auto* e = std::get_if<std::vector<config::ConfigError>>(&r)) {
    ADD_FAILURE() << config::format_errors(*e);
    return {};
  }
  auto s = std::get<sim::Scenario>(r);
  s.epoch_s = kEpoch;
  s.core.history_interval_s = kStep;
  return s;
}

// The measured period: a run's history, as the route reads it from Redis.
sim::ReplayRequest measured(const sim::Scenario& s, std::uint64_t seed) {
  sim::Simulator run(s, seed);
  run.run();
  std::map<std::int64_t, sim::MeasuredInterval> by_start;
  for (auto& r : run.take_history()) {
    auto& m = by_start[r.start_s];
    m.start_s = r.start_s;
    if (r.scope == policy::TallyScope::group) policy::add_fields(m.group, r.fields);
    if (r.scope == policy::TallyScope::campaign) policy::add_fields(m.campaigns[r.id], r.fields);
  }
  sim::ReplayRequest q;
  q.interval_s = kStep;
  for (auto& [start, m] : by_start)
    if (start < kEpoch + 6 * 3600) q.intervals.push_back(m);
  q.group = s.core.groups.at(0);
  q.campaigns = s.core.campaigns;
  q.ring_timeout_s["c"] = s.outbound.at(0).no_answer_after_s;
  return q;
}

policy::TallyFields total(const std::map<std::int64_t, policy::TallyFields>& by_start) {
  policy::TallyFields all;
  for (const auto& [start, f] : by_start) policy::add_fields(all, f);
  return all;
}

policy::TallyFields total(const std::vector<sim::MeasuredInterval>& intervals) {
  policy::TallyFields all;
  for (const auto& m : intervals) policy::add_fields(all, m.group);
  return all;
}

}  // namespace

TEST(Replay, TheSettingsInForceGiveBackWhatWasMeasured) {
  const auto s = centre();
  const auto q = measured(s, 11);
  ASSERT_EQ(q.intervals.size(), 72u);
  const auto scenario = sim::replay_scenario(q);
  // The estimates: 12 agents all along, the busy hour's arrivals, the handle times.
  // Five steps of a minute per 5-minute interval.
  EXPECT_NEAR(scenario.agents.at(0).staffed_per_step.at(3 * 5), 12.0, 0.01);
  EXPECT_NEAR(scenario.inbound.at(0).rate_per_step.at(2 * 5), 220, 90);
  EXPECT_NEAR(scenario.inbound.at(0).handle.mean_s, 240, 30);
  double dials = 0;
  for (const auto& m : q.intervals)
    if (m.campaigns.count("c")) dials += policy::field(m.campaigns.at("c"), "dials");
  ASSERT_GT(dials, 200);
  // Within three standard deviations of the model's 0.4 (less the few that rang out).
  EXPECT_NEAR(scenario.outbound.at(0).answer_probability, 0.4, 3 * std::sqrt(0.24 / dials))
      << dials << " dials";
  EXPECT_NEAR(scenario.agents.at(0).wrap_up.mean_s, 20, 2);
  EXPECT_NEAR(scenario.inbound.at(0).patience.mean_s, 120, 60);

  const auto out = sim::replay(q, 8);
  ASSERT_EQ(out.replications, 8);
  const auto m = policy::group_figure_set(total(q.intervals), 20, 6 * 3600);
  const auto p = policy::group_figure_set(total(out.group), 20, 6 * 3600.0 * 8);
  EXPECT_NEAR(p.offered / 8, m.offered, 0.1 * m.offered);
  EXPECT_NEAR(p.service_level, m.service_level, 0.08);
  EXPECT_NEAR(p.connects_per_hour, m.connects_per_hour, 0.12 * m.connects_per_hour);
  // The busy hours show in the replay too: less outbound there than in the quiet ones.
  policy::TallyFields busy, quiet;
  for (const auto& [start, f] : out.group)
    policy::add_fields((start - kEpoch) / 3600 % 2 == 0 ? busy : quiet, f);
  EXPECT_LT(policy::field(busy, "out_connects"), policy::field(quiet, "out_connects"));
}

TEST(Replay, MoreAgentsMeanMoreOutboundAndAHigherReserveLess) {
  const auto q = measured(centre(), 12);
  const auto base = sim::replay(q, 4);
  auto more = q;
  more.agents_added = 3;
  const auto with_more = sim::replay(more, 4);
  auto guarded = q;
  guarded.group.reserve_agents = 4;
  const auto with_reserve = sim::replay(guarded, 4);
  const auto b = policy::group_figure_set(total(base.group), 20, 6 * 3600.0 * 4);
  const auto a = policy::group_figure_set(total(with_more.group), 20, 6 * 3600.0 * 4);
  const auto r = policy::group_figure_set(total(with_reserve.group), 20, 6 * 3600.0 * 4);
  EXPECT_GT(a.connects_per_hour, b.connects_per_hour * 1.1);
  EXPECT_LT(r.connects_per_hour, b.connects_per_hour);
  // No worse for the reserve (the busy hours are overloaded either way: a little noise).
  EXPECT_GE(r.service_level, b.service_level - 0.03);
  // 15 agents worked in the replay with three added.
  EXPECT_NEAR((a.logged_in_s - a.not_ready_s) / (6 * 3600.0 * 4), 15, 0.3);
}

TEST(Replay, AgentsLeaveAfterTheirCallsWhenStaffingDrops) {
  sim::ReplayRequest q = measured(centre(), 13);
  // Twelve agents, then two from the fourth interval on: those on calls finish them first.
  for (std::size_t i = 3; i < q.intervals.size(); ++i) {
    for (const char* state : {"s_idle", "s_reserved", "s_on_inbound", "s_on_outbound", "s_wrap_up"})
      q.intervals[i].group[state] *= 2.0 / 12.0;
  }
  const auto out = sim::replay(q, 1);
  std::vector<double> working;
  for (const auto& [start, f] : out.group) {
    double w = 0;
    for (const char* state : {"s_idle", "s_reserved", "s_on_inbound", "s_on_outbound", "s_wrap_up"})
      w += policy::field(f, state);
    working.push_back(w / kStep);
  }
  ASSERT_GE(working.size(), 10u);
  EXPECT_NEAR(working[1], 12, 0.01);
  EXPECT_GT(working[3], 2.0) << "agents on calls stay until the call and wrap-up end";
  EXPECT_NEAR(working[8], 2, 0.01);
}

TEST(Replay, ACentreOpenForPartOfAnIntervalHasItsCallersAndAgentsThere) {
  // Measured: four agents for the last minute of the first interval (the centre opened then)
  // and all of the second; ten callers in that minute.
  sim::ReplayRequest q;
  q.interval_s = kStep;
  q.group = centre().core.groups.at(0);
  sim::MeasuredInterval opening{kEpoch, {}, {}}, open{kEpoch + kStep, {}, {}};
  opening.group = {{"s_idle", 4 * 60.0}, {"level_s", 60}, {"in_offered", 10}};
  open.group = {{"s_idle", 4.0 * kStep}, {"level_s", kStep}, {"in_offered", 10}};
  q.intervals = {opening, open};
  const auto s = sim::replay_scenario(q);
  ASSERT_EQ(s.agents.at(0).staffed_per_step.size(), 10u);
  EXPECT_EQ(s.agents.at(0).staffed_per_step.at(0), 0);
  EXPECT_NEAR(s.agents.at(0).staffed_per_step.at(4), 4, 1e-9);
  EXPECT_NEAR(s.inbound.at(0).rate_per_step.at(4), 600, 1e-9) << "ten calls in its minute";
  EXPECT_EQ(s.inbound.at(0).rate_per_step.at(3), 0);
  EXPECT_NEAR(s.agents.at(0).staffed_per_step.at(7), 4, 1e-9);
}

TEST(Replay, AnEmptyPeriodReplaysToNothingAndAStopEndsIt) {
  sim::ReplayRequest q;
  q.interval_s = kStep;
  q.group = centre().core.groups.at(0);
  for (int i = 0; i < 4; ++i) q.intervals.push_back({kEpoch + i * kStep, {}, {}});
  const auto out = sim::replay(q, 3);
  EXPECT_EQ(out.replications, 3);
  EXPECT_EQ(policy::field(total(out.group), "in_offered"), 0);

  const auto busy = measured(centre(), 14);
  const auto stopped = sim::replay(busy, 5, [] { return true; });
  EXPECT_TRUE(stopped.stopped);
  EXPECT_EQ(stopped.replications, 0);
}
