// Benchmark 1 of the policy issue: over a grid of group sizes, inbound loads and handle-time
// ratios, blendd's reserve controller (the exact model picks the smallest reserve meeting 80/20,
// the real core runs it under simulation) against the exact optimum and "dial whenever idle".
// Prints a table; figures go into docs/performance.md.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "policy/blending_model.hpp"
#include "policy/erlang.hpp"
#include "sim/simulator.hpp"
#include "sim/statistics.hpp"

using namespace blendd;

namespace {

constexpr double kInboundHandle = 240;  // seconds
constexpr double kTarget = 0.80;
constexpr double kThreshold = 20;

sim::Scenario scenario(int agents, double lambda, double out_handle, int reserve, double boundary,
                       int replications) {
  sim::Scenario s;
  s.name = "grid";
  s.duration_h = 25;
  s.warmup_h = 1;
  s.replications = replications;
  s.seed = 17;
  s.core.sl_threshold_s = kThreshold;
  policy::GroupSettings g;
  g.id = "g";
  g.thresholds = {0, 0, true};
  g.reserve_agents = reserve;
  g.boundary_start_probability = boundary;
  g.smoothing = policy::Duration::zero();
  g.min_dwell = policy::Duration::zero();
  s.core.groups.push_back(g);
  s.agents.push_back({"g",
                      agents,
                      {sim::Distribution::Kind::fixed, 0, 1},
                      {sim::Distribution::Kind::fixed, 0, 1}});
  sim::InboundStream in;
  in.group = "g";
  in.calls_per_hour = lambda * 3600;
  in.handle = {sim::Distribution::Kind::exponential, kInboundHandle, 1};
  s.inbound.push_back(in);
  policy::CampaignSettings c;
  c.id = "c";
  c.group = "g";
  s.core.campaigns.push_back(c);
  sim::OutboundModel m;
  m.campaign = "c";
  m.answer_probability = 1;
  m.busy_probability = 0;
  m.ring = {sim::Distribution::Kind::fixed, 0, 1};
  m.handle = {sim::Distribution::Kind::exponential, out_handle, 1};
  s.outbound.push_back(m);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
  const int replications = quick ? 3 : 5;
  std::printf(
      "blending grid: SL target %.0f%% within %.0f s, inbound handle %.0f s, %d replications x 24 "
      "h\n\n",
      kTarget * 100, kThreshold, kInboundHandle, replications);
  std::printf("%6s %5s %6s | %8s %9s %9s | %9s %8s %7s | %9s %7s | %s\n", "agents", "load", "ratio",
              "reserve", "int/h", "optimum/h", "blendd/h", "SL", "share", "greedy/h", "grSL",
              "verdict");
  int cells = 0, met = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int agents : {10, 20, 50, 200}) {
    for (double load : {0.5, 0.7, 0.9}) {
      for (double ratio : {0.5, 1.0, 2.0}) {
        if (quick && agents == 200 && load > 0.6) continue;
        const double lambda = load * agents / kInboundHandle;
        const double out_handle = ratio * kInboundHandle;
        policy::BlendingModelInput in{agents, lambda, 1 / kInboundHandle, 1 / out_handle,
                                      0,      1.0,    kThreshold};
        const int reserve = policy::optimal_reserve(in, kTarget);
        policy::BlendingModelInput greedy_in = in;
        greedy_in.reserve = 0;
        const auto greedy = policy::solve_blending_model(greedy_in);
        if (reserve < 0) {
          std::printf(
              "%6d %5.1f %6.1f | %8s %9s %9s | %9s %8s %7s | %9.1f %7.4f | SL target infeasible "
              "even without outbound\n",
              agents, load, ratio, "-", "-", "-", "-", "-", "-", greedy.outbound_per_hour,
              greedy.service_level);
          continue;
        }
        in.reserve = reserve;
        const auto exact = policy::solve_blending_model(in);
        // The randomised optimum is the true optimum; for 200 agents its bisection is too slow
        // for a benchmark run, so the integer optimum stands in (it is within ~1% there).
        const auto optimum = agents <= 50 ? policy::randomised_optimum(in, kTarget) : exact;
        // blendd runs the optimum's (randomised) reserve in the real core.
        const auto s = scenario(agents, lambda, out_handle, optimum.reserve,
                                optimum.boundary_start_probability, replications);
        std::vector<double> out, sl;
        for (int r = 0; r < replications; ++r) {
          auto f = sim::Simulator(s, s.seed + r).run();
          out.push_back(f.outbound_per_hour);
          sl.push_back(f.service_level);
        }
        const auto o = sim::estimate(out);
        const auto l = sim::estimate(sl);
        const double share = o.mean / optimum.outbound_per_hour;
        const bool ok = l.mean + l.half_width >= kTarget && optimum.service_level >= kTarget - 1e-9;
        ++cells;
        met += ok && o.mean + o.half_width >= 0.99 * optimum.outbound_per_hour ? 1 : 0;
        std::printf(
            "%6d %5.1f %6.1f | %4d+%.2f %9.1f %9.1f | %9.1f %8.4f %6.1f%% | %9.1f %7.4f | %s "
            "(integer reserve: %.1f%% of optimum)\n",
            agents, load, ratio, optimum.reserve, 1 - optimum.boundary_start_probability,
            exact.outbound_per_hour, optimum.outbound_per_hour, o.mean, l.mean, 100 * share,
            greedy.outbound_per_hour, greedy.service_level, ok ? "SL met" : "SL MISSED",
            100 * exact.outbound_per_hour / optimum.outbound_per_hour);
        std::fflush(stdout);
      }
    }
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "\n%d feasible cells, %d with the SL met and >= 99%% of the optimum (within the CI); %.1f "
      "s\n",
      cells, met, secs);
  return 0;
}
