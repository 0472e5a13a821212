// Whole-centre behaviour of the real core under simulated traffic.
#include <gtest/gtest.h>

#include "sim/simulator.hpp"

using namespace blendd;

namespace {

sim::Scenario load_file(const std::string& path) {
  auto r = sim::load_scenario_file(path);
  if (auto* e = std::get_if<std::vector<config::ConfigError>>(&r)) {
    ADD_FAILURE() << config::format_errors(*e);
    return {};
  }
  return std::get<sim::Scenario>(r);
}

sim::Scenario load_text(const std::string& text) {
  auto r = sim::load_scenario_text(text, "test");
  if (auto* e = std::get_if<std::vector<config::ConfigError>>(&r)) {
    ADD_FAILURE() << config::format_errors(*e);
    return {};
  }
  return std::get<sim::Scenario>(r);
}

}  // namespace

TEST(SimulatorBehaviour, AbandonCapHoldsAtEveryPointWithA37PercentAnswerRate) {
  auto s = load_file(BLENDD_SOURCE_DIR "/sim/scenarios/predictive_small.yaml");
  for (int r = 0; r < s.replications; ++r) {
    sim::Simulator simulator(s, s.seed + r);
    auto f = simulator.run();
    EXPECT_GT(f.outbound_abandons, 0) << "the guard should spend its budget, not sit idle";
    EXPECT_LE(f.outbound_abandon_rate, 0.03);
    EXPECT_LE(f.max_abandon_rate_24h, 0.03) << "replication " << r;
    EXPECT_EQ(f.rejected_events, 0);
  }
}

namespace {
std::string day_scenario(const std::string& gate) {
  // Hours 0-3 quiet, 3-6 a peak that loads the 10 agents fully, then quiet again.
  return R"(
duration_h: 9
warmup_h: 0
replications: 1
seed: 9
groups:
  - { id: g, agents: 10, reserve_agents: 1, )" +
         gate + R"( }
inbound:
  - group: g
    calls_per_hour: 100
    hourly_profile: [0.3, 0.3, 0.3, 2.5, 2.5, 2.5, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3,
                     0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]
    handle: { dist: exponential, mean_s: 180 }
    patience: { dist: exponential, mean_s: 90 }
campaigns:
  - { id: c, group: g, answer_probability: 0.3, handle: { dist: exponential, mean_s: 120 } }
)";
}
}  // namespace

TEST(SimulatorBehaviour, BusyInboundPeriodStopsDiallingIdlePeriodRestartsIt) {
  auto s = load_text(
      day_scenario("start_threshold: 0.3, stop_threshold: 0.2, smoothing_s: 30, min_dwell_s: 10"));
  sim::Simulator simulator(s, 9);
  double busy_dials = 0, quiet_dials = 0, late_dials = 0;
  simulator.on_action([&](double t, const policy::Action& a) {
    if (!std::holds_alternative<policy::Originate>(a)) return;
    const double h = t / 3600;
    if (h >= 3.25 && h < 6) busy_dials += 1;  // once the peak has taken hold
    if (h < 3) quiet_dials += 1;
    if (h >= 6.5) late_dials += 1;
  });
  auto f = simulator.run();
  EXPECT_GT(quiet_dials, 100);
  EXPECT_LT(busy_dials, quiet_dials / 20) << "the peak all but stops dialling";
  EXPECT_GT(late_dials, 100) << "dialling resumes when the peak is over";
  EXPECT_EQ(f.rejected_events, 0);
}

TEST(SimulatorBehaviour, HysteresisAndDwellCutGateFlapping) {
  auto steady = load_text(
      day_scenario("start_threshold: 0.3, stop_threshold: 0.15, smoothing_s: 30, min_dwell_s: 10"));
  auto jumpy = load_text(
      day_scenario("start_threshold: 0.3, stop_threshold: 0.3, smoothing_s: 0, min_dwell_s: 0"));
  const double with = sim::Simulator(steady, 9).run().gate_changes;
  const double without = sim::Simulator(jumpy, 9).run().gate_changes;
  EXPECT_LT(with * 3, without) << with << " changes with hysteresis, " << without << " without";
}

TEST(SimulatorBehaviour, NoDialWhileAnInboundCallWaits) {
  auto s = load_file(BLENDD_SOURCE_DIR "/sim/scenarios/b1_reserve2.yaml");
  s.duration_h = 5;
  sim::Simulator simulator(s, 1);
  int violations = 0;
  simulator.on_action([&](double t, const policy::Action& a) {
    if (std::holds_alternative<policy::Originate>(a) &&
        simulator.core().group_view(0, policy::TimePoint{}).inbound_waiting > 0) {
      ++violations;
    }
    (void)t;
  });
  simulator.run();
  EXPECT_EQ(violations, 0);
}

TEST(SimulatorBehaviour, ScheduleSwitchesOutboundOffInTheMorningPeakInLocalTime) {
  auto s = load_file(BLENDD_SOURCE_DIR "/sim/scenarios/compressed_day.yaml");
  sim::Simulator simulator(s, 21);
  double peak_dials = 0, lull_dials = 0;
  simulator.on_action([&](double t, const policy::Action& a) {
    if (!std::holds_alternative<policy::Originate>(a)) return;
    const double local_h = t / 3600 + 1;  // Berlin is UTC+1 on the simulated January Monday
    if (local_h >= 9 && local_h < 12) peak_dials += 1;
    if (local_h >= 12 && local_h < 14) lull_dials += 1;
  });
  auto f = simulator.run();
  EXPECT_EQ(peak_dials, 0);
  EXPECT_GT(lull_dials, 100);
  EXPECT_EQ(f.rejected_events, 0);
}

TEST(SimulatorBehaviour, AnAmdCampaignHangsUpOnItsMachinesAndPutsPeopleThrough) {
  std::string text = day_scenario("start_threshold: 0.3, stop_threshold: 0.2");
  const std::string plain =
      "  - { id: c, group: g, answer_probability: 0.3, handle: { dist: exponential, mean_s: 120 } "
      "}\n";
  ASSERT_NE(text.find(plain), std::string::npos);
  text.replace(text.find(plain), plain.size(),
               "  - { id: c, group: g, answer_probability: 0.3, handle: { dist: exponential, "
               "mean_s: 120 }, amd: { machine_probability: 0.4 } }\n");
  auto s = load_text(text);
  sim::Simulator simulator(s, 9);
  int connected = 0, machines = 0;
  simulator.on_action([&](double, const policy::Action& a) {
    if (const auto* o = std::get_if<policy::RecordOutcome>(&a)) {
      if (o->outcome == policy::DialOutcome::machine) ++machines;
      if (o->outcome == policy::DialOutcome::answered) ++connected;
    }
  });
  auto f = simulator.run();
  ASSERT_GT(connected + machines, 200);
  const double share = static_cast<double>(machines) / (connected + machines);
  EXPECT_NEAR(share, 0.4, 0.08) << "the machines of the live answers";
  EXPECT_EQ(simulator.core().campaign_figures(0).machines, static_cast<std::uint64_t>(machines));
  EXPECT_EQ(f.rejected_events, 0);
}
