// How long the threshold advisor takes for a day: 96 slots of a group whose traffic rises to a
// morning and an afternoon peak and falls to a lull and an evening, staffed to match (a group of
// up to AGENTS, default 200). Prints each slot's advice every two hours, then the time.
// Usage: bench_advisor [AGENTS]
// Last line: "advisor: 96 intervals of a N-agent group advised in X s".
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "policy/threshold_advisor.hpp"

using namespace blendd::policy;

int main(int argc, char** argv) {
  const int agents = argc > 1 ? std::atoi(argv[1]) : 200;
  constexpr double kAhtIn = 180, kAhtOut = 240;
  std::vector<SlotTraffic> slots;
  std::vector<SlotSettings> in_force;
  for (int i = 0; i < 96; ++i) {
    const double hour = i / 4.0;
    // Two peaks (10:30, 15:00) over a base load, nothing at night.
    const double shape = 0.25 + 0.75 * std::exp(-std::pow((hour - 10.5) / 1.6, 2)) +
                         0.6 * std::exp(-std::pow((hour - 15) / 1.8, 2));
    const bool open = hour >= 7 && hour < 21;
    SlotTraffic t;
    t.minute_of_day = i * 15;
    t.agents = open ? std::round(agents * (0.55 + 0.45 * std::min(1.0, shape))) : 0;
    // Inbound at 70-90 % of the staff's capacity: some room for outbound, never none.
    const double erlangs = t.agents * (0.55 + 0.3 * std::min(1.0, shape));
    t.offered = erlangs / kAhtIn * t.seconds;
    t.aht_in_s = kAhtIn;
    t.aht_out_s = kAhtOut;
    slots.push_back(t);
    SlotSettings s;
    s.start_threshold = 0.3;
    s.stop_threshold = 0.2;
    s.reserve_agents = 2;
    in_force.push_back(s);
  }
  const auto t0 = std::chrono::steady_clock::now();
  const auto advice = advise(slots, in_force, {0.8, 20});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double out_now = 0, out_rec = 0;
  std::printf("%-6s %7s %8s %9s %9s %8s %10s %10s  %s\n", "slot", "agents", "offered", "reserve",
              "advised", "p", "out/h now", "out/h adv", "why");
  for (const auto& a : advice) {
    if (!a.measured) continue;
    out_now += a.in_force.outbound_per_hour / 4;
    out_rec += a.recommended.outbound_per_hour / 4;
    if (a.minute_of_day % 120 != 0) continue;
    const auto& t = slots[static_cast<std::size_t>(a.minute_of_day / 15)];
    std::printf("%02d:%02d  %7d %8.1f %9d %9d %8.2f %10.1f %10.1f  %s\n", a.minute_of_day / 60,
                a.minute_of_day % 60, a.agents, t.offered, effective_reserve(in_force[0], a.agents),
                a.reserve_agents, a.boundary_start_probability, a.in_force.outbound_per_hour,
                a.recommended.outbound_per_hour, a.why.c_str());
  }
  std::printf("a day's outbound calls: %.0f with the settings in force, %.0f advised\n", out_now,
              out_rec);
  std::printf("advisor: 96 intervals of a %d-agent group advised in %.2f s\n", agents, seconds);
  return 0;
}
