// Benchmark 3 of the policy issue: the cost of BlendCore::handle() in a 1,000-agent centre
// (per-event latency percentiles over a replayed simulated day), and the wall time to simulate
// an 8-hour day of a 200-agent centre.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "sim/simulator.hpp"

using namespace blendd;

namespace {

sim::Scenario centre(int groups, int agents_per_group, double hours) {
  std::string text =
      "duration_h: " + std::to_string(hours) + "\nwarmup_h: 0\nreplications: 1\nseed: 5\ngroups:\n";
  for (int g = 0; g < groups; ++g) {
    text += "  - { id: g" + std::to_string(g) + ", agents: " + std::to_string(agents_per_group) +
            ", reserve_agents: 2, start_threshold: 0.1, stop_threshold: 0.05, smoothing_s: 10, "
            "min_dwell_s: 5,"
            " wrap_up: { dist: exponential, mean_s: 15 } }\n";
  }
  text += "inbound:\n";
  for (int g = 0; g < groups; ++g) {
    text += "  - { group: g" + std::to_string(g) +
            ", calls_per_hour: " + std::to_string(agents_per_group * 9) +
            ", handle: { dist: lognormal, mean_s: 240, cv: 0.8 },"
            " patience: { dist: exponential, mean_s: 120 } }\n";
  }
  text += "campaigns:\n";
  for (int g = 0; g < groups; ++g) {
    text += "  - { id: c" + std::to_string(g) + ", group: g" + std::to_string(g) +
            ", pacing: predictive, answer_probability: 0.29, handle: { dist: gamma, mean_s: 150, "
            "cv: 0.7 } }\n";
  }
  auto r = sim::load_scenario_text(text, "centre");
  if (auto* e = std::get_if<std::vector<config::ConfigError>>(&r)) {
    std::fprintf(stderr, "%s", config::format_errors(*e).c_str());
    std::exit(1);
  }
  return std::get<sim::Scenario>(r);
}

struct Recorded {
  policy::TimePoint at;
  policy::Event event;
};

std::vector<Recorded> record(const sim::Scenario& s, policy::CoreSettings& settings) {
  std::vector<Recorded> events;
  sim::Simulator simulator(s, s.seed);
  simulator.on_event([&](policy::TimePoint t, const policy::Event& e) {
    events.push_back({t, e});
  });
  simulator.run();
  settings = s.core;
  settings.seed = s.seed;
  for (const auto& m : s.agents) {
    for (int i = 0; i < m.count; ++i)
      settings.agents.push_back({m.group + "-" + std::to_string(i), m.group});
  }
  return events;
}

void BM_HandleReplay1000Agents(benchmark::State& state) {
  static policy::CoreSettings settings;
  static const std::vector<Recorded> events = record(centre(10, 100, 1), settings);
  for (auto _ : state) {
    policy::BlendCore core(settings);
    for (const auto& r : events) benchmark::DoNotOptimize(core.handle(r.event, r.at));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
}
BENCHMARK(BM_HandleReplay1000Agents)->Unit(benchmark::kMillisecond);

void print_percentiles() {
  policy::CoreSettings settings;
  const auto events = record(centre(10, 100, 2), settings);
  policy::BlendCore core(settings);
  std::vector<double> ns;
  ns.reserve(events.size());
  for (const auto& r : events) {
    const auto t0 = std::chrono::steady_clock::now();
    auto actions = core.handle(r.event, r.at);
    benchmark::DoNotOptimize(actions);
    ns.push_back(
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ns.begin(), ns.end());
  auto pct = [&](double p) { return ns[static_cast<std::size_t>(p * (ns.size() - 1))] / 1000; };
  std::printf("handle() at 1,000 agents (10 groups x 100, predictive), %zu events of a 2 h day:\n",
              ns.size());
  std::printf("  p50 %.2f us   p90 %.2f us   p99 %.2f us   p99.9 %.2f us   max %.2f us\n", pct(0.5),
              pct(0.9), pct(0.99), pct(0.999), ns.back() / 1000);

  const auto s = centre(4, 50, 8);
  const auto t0 = std::chrono::steady_clock::now();
  sim::Simulator simulator(s, 1);
  auto f = simulator.run();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "8-hour day of a 200-agent centre (4 groups x 50): %.3f s wall (%.0f inbound calls, %.0f "
      "dials)\n\n",
      secs, f.inbound_offered, f.outbound_dials);
}

}  // namespace

int main(int argc, char** argv) {
  print_percentiles();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
