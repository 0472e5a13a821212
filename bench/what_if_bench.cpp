// How long the what-if takes for a week: 7 × 96 intervals of a group of AGENTS (default 200)
// whose inbound rises to a morning and an afternoon peak, staffed 07:00-21:00, with one
// progressive campaign at a 35 % answer rate — the history a real centre keeps, replayed once
// through the real core (sim/replay.hpp) with the settings in force.
// Usage: bench_what_if [AGENTS] [DAYS]
// Last line: "what-if: 7 days of a 200-agent group replayed in X s".
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "policy/history_figures.hpp"
#include "sim/replay.hpp"

using namespace blendd;

int main(int argc, char** argv) {
  const int agents = argc > 1 ? std::atoi(argv[1]) : 200;
  const int days = argc > 2 ? std::atoi(argv[2]) : 7;
  constexpr double kTalkIn = 170, kTalkOut = 220, kWrap = 15, kStep = 900;
  constexpr std::int64_t kMonday = 1767571200;
  sim::ReplayRequest q;
  q.interval_s = 900;
  q.group.id = "g";
  q.group.thresholds = {0.3, 0.2, true};
  q.group.reserve_agents = 2;
  policy::CampaignSettings c;
  c.id = "c";
  c.group = "g";
  q.campaigns = {c};
  q.ring_timeout_s["c"] = 20;
  for (int d = 0; d < days; ++d) {
    for (int i = 0; i < 96; ++i) {
      const double hour = i / 4.0;
      const double shape = 0.25 + 0.75 * std::exp(-std::pow((hour - 10.5) / 1.6, 2)) +
                           0.6 * std::exp(-std::pow((hour - 15) / 1.8, 2));
      const bool open = hour >= 7 && hour < 21;
      const double staff = open ? std::round(agents * (0.55 + 0.45 * std::min(1.0, shape))) : 0;
      const double erlangs = staff * (0.55 + 0.3 * std::min(1.0, shape));
      const double offered = std::round(erlangs / (kTalkIn + kWrap) * kStep);
      sim::MeasuredInterval m;
      m.start_s = kMonday + (d * 96 + i) * 900;
      auto& f = m.group;
      f["in_offered"] = offered;
      f["in_answered"] = offered;
      f["in_wait_s"] = offered * 4;
      f["in_talks"] = offered;
      f["in_talk_s"] = offered * kTalkIn;
      f["in_talk_s2"] = offered * kTalkIn * kTalkIn * 1.36;  // cv 0.6
      f["in_handles"] = offered;
      f["in_handle_s"] = offered * (kTalkIn + kWrap);
      f["in_handle_s2"] = offered * std::pow(kTalkIn + kWrap, 2) * 1.36;
      const double outbound = open ? staff * 0.1 * kStep / (kTalkOut + kWrap) : 0;
      f["out_talks"] = outbound;
      f["out_talk_s"] = outbound * kTalkOut;
      f["out_talk_s2"] = outbound * kTalkOut * kTalkOut * 1.25;
      f["out_connects"] = outbound;
      f["s_idle"] = staff * kStep * 0.1;
      f["s_on_inbound"] = staff * kStep * 0.8;
      f["s_on_outbound"] = staff * kStep * 0.1;
      f["s_reserved"] = (offered + outbound) * 2;
      auto& cf = m.campaigns["c"];
      cf["dials"] = outbound / 0.35;
      cf["answers"] = outbound;
      cf["ring_s"] = outbound * 9;
      cf["busy"] = outbound / 0.35 * 0.1;
      cf["talks"] = outbound;
      cf["talk_s"] = outbound * kTalkOut;
      q.intervals.push_back(std::move(m));
    }
  }
  const auto t0 = std::chrono::steady_clock::now();
  const auto out = sim::replay(q, 1);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  policy::TallyFields all;
  for (const auto& [start, f] : out.group) policy::add_fields(all, f);
  const auto figures = policy::group_figure_set(all, 20, kStep * 96 * days);
  std::printf(
      "replayed: %.0f inbound calls, SL(20 s) %.3f, %.0f outbound connects, occupancy %.3f\n",
      figures.offered, figures.service_level, figures.connects, figures.occupancy);
  std::printf("what-if: %d days of a %d-agent group replayed in %.2f s\n", days, agents, elapsed);
  return 0;
}
