// The simulator, driving the real BlendCore, against exact queueing results (ANCHORS.md):
// each exact figure must lie inside the simulation's 95% confidence interval.
#include <gtest/gtest.h>

#include "policy/blending_model.hpp"
#include "policy/erlang.hpp"
#include "sim/simulator.hpp"
#include "sim/statistics.hpp"

using namespace blendd;

namespace {

sim::Scenario load(const std::string& text) {
  auto r = sim::load_scenario_text(text, "test");
  if (auto* e = std::get_if<std::vector<config::ConfigError>>(&r)) {
    ADD_FAILURE() << config::format_errors(*e);
    return {};
  }
  return std::get<sim::Scenario>(r);
}

struct Estimates {
  sim::Estimate sl, asa, inbound_abandon, outbound_per_hour;
  double rejected = 0;
};

Estimates simulate(const sim::Scenario& s) {
  std::vector<double> sl, asa, ab, out;
  Estimates e;
  for (int r = 0; r < s.replications; ++r) {
    sim::Simulator simulator(s, s.seed + r);
    auto f = simulator.run();
    sl.push_back(f.service_level);
    asa.push_back(f.asa_s);
    ab.push_back(f.inbound_abandon_rate);
    out.push_back(f.outbound_per_hour);
    e.rejected += f.rejected_events;
  }
  e.sl = sim::estimate(sl);
  e.asa = sim::estimate(asa);
  e.inbound_abandon = sim::estimate(ab);
  e.outbound_per_hour = sim::estimate(out);
  return e;
}

std::string inbound_only(int agents, double calls_per_hour, double handle_s, double sl_s,
                         const std::string& patience) {
  return "duration_h: 41\nwarmup_h: 1\nreplications: 10\nseed: 11\nsl_threshold_s: " +
         std::to_string(sl_s) + "\ngroups:\n  - { id: g, agents: " + std::to_string(agents) +
         ", outbound: false }\ninbound:\n  - group: g\n    calls_per_hour: " +
         std::to_string(calls_per_hour) +
         "\n    handle: { dist: exponential, mean_s: " + std::to_string(handle_s) + " }\n" +
         patience;
}

std::string blending(int reserve) {
  return "duration_h: 41\nwarmup_h: 1\nreplications: 10\nseed: 5\nsl_threshold_s: 20\n"
         "groups:\n  - { id: g, agents: 20, reserve_agents: " +
         std::to_string(reserve) +
         ", start_threshold: 0, stop_threshold: 0, smoothing_s: 0, min_dwell_s: 0 }\n"
         "inbound:\n  - { group: g, calls_per_hour: 180, handle: { dist: exponential, mean_s: 240 "
         "} }\n"
         "campaigns:\n  - { id: c, group: g, answer_probability: 1, busy_probability: 0,\n"
         "      ring: { dist: fixed, mean_s: 0 }, handle: { dist: exponential, mean_s: 240 } }\n";
}

}  // namespace

TEST(SimulatorAnchors, E1ErlangC) {
  auto s = load(inbound_only(12, 4.2 * 60, 120, 20, ""));
  auto exact = policy::erlang_c(4.2 / 60, 1.0 / 120, 12, 20);
  auto e = simulate(s);
  EXPECT_TRUE(e.sl.contains(exact.service_level))
      << sim::format_estimate(e.sl, 4) << " vs " << exact.service_level;
  EXPECT_TRUE(e.asa.contains(exact.asa_s))
      << sim::format_estimate(e.asa, 3) << " vs " << exact.asa_s;
  EXPECT_NEAR(exact.service_level, 0.8991, 5e-5);
  EXPECT_EQ(e.rejected, 0);
}

TEST(SimulatorAnchors, E2ErlangC) {
  auto s = load(inbound_only(55, 720, 240, 15, ""));
  auto exact = policy::erlang_c(0.2, 1.0 / 240, 55, 15);
  auto e = simulate(s);
  EXPECT_TRUE(e.sl.contains(exact.service_level))
      << sim::format_estimate(e.sl, 4) << " vs " << exact.service_level;
  EXPECT_TRUE(e.asa.contains(exact.asa_s))
      << sim::format_estimate(e.asa, 3) << " vs " << exact.asa_s;
  EXPECT_NEAR(exact.asa_s, 8.18, 5e-3);
}

TEST(SimulatorAnchors, ErlangAAbandonment) {
  auto s = load(
      inbound_only(12, 4.2 * 60, 120, 20, "    patience: { dist: exponential, mean_s: 60 }\n"));
  auto exact = policy::erlang_a(4.2 / 60, 1.0 / 120, 12, 1.0 / 60);
  auto e = simulate(s);
  EXPECT_TRUE(e.inbound_abandon.contains(exact.p_abandon))
      << sim::format_estimate(e.inbound_abandon, 4) << " vs " << exact.p_abandon;
  EXPECT_NEAR(exact.p_abandon, 0.0297, 5e-5);
}

TEST(SimulatorAnchors, B1BlendingWithReserveTwo) {
  auto e = simulate(load(blending(2)));
  policy::BlendingModelInput in{20, 3.0 / 60, 1.0 / 240, 1.0 / 240, 2, 1.0, 20};
  auto exact = policy::solve_blending_model(in);
  EXPECT_NEAR(exact.service_level, 0.8114, 5e-5);
  EXPECT_TRUE(e.sl.contains(exact.service_level)) << sim::format_estimate(e.sl, 4);
  EXPECT_TRUE(e.asa.contains(exact.asa_s)) << sim::format_estimate(e.asa, 3);
  EXPECT_TRUE(e.outbound_per_hour.contains(exact.outbound_per_hour))
      << sim::format_estimate(e.outbound_per_hour, 2) << " vs " << exact.outbound_per_hour;
  EXPECT_EQ(e.rejected, 0);
}

TEST(SimulatorAnchors, B1PrimeReserveOneMissesTheTarget) {
  auto e = simulate(load(blending(1)));
  policy::BlendingModelInput in{20, 3.0 / 60, 1.0 / 240, 1.0 / 240, 1, 1.0, 20};
  auto exact = policy::solve_blending_model(in);
  EXPECT_NEAR(exact.service_level, 0.6919, 5e-5);
  EXPECT_TRUE(e.sl.contains(exact.service_level)) << sim::format_estimate(e.sl, 4);
  EXPECT_LT(e.sl.mean + e.sl.half_width, 0.80);
}

TEST(SimulatorAnchors, SameSeedSameRun) {
  auto s = load(blending(2));
  sim::Simulator a(s, 99), b(s, 99);
  auto fa = a.run();
  auto fb = b.run();
  EXPECT_EQ(fa.service_level, fb.service_level);
  EXPECT_EQ(fa.outbound_per_hour, fb.outbound_per_hour);
}
