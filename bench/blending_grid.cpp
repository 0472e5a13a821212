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
constexpr int kMaxReplications = 80;
// The optimum meets the SL target exactly, so blendd's SL lands on it and its CI straddles it:
// a point of SL (and 1% of the optimum) is as close as a bench run can tell; a cell still open
// at the cap is reported as undecided, never as met.
constexpr double kOutTolerance = 0.01;  // of the optimum: closer than this to 99% is "met"
constexpr double kSlTolerance = 0.01;   // of SL: closer than this to the target is "met"

enum class Verdict { open, met, missed };

// Decided when the 95% CI lies on one side of the goal, or is narrower than the tolerance (then
// the mean, within the tolerance, decides); open otherwise.
Verdict decide(const sim::Estimate& e, double goal, double tolerance) {
  if (e.mean - e.half_width >= goal) return Verdict::met;
  if (e.mean + e.half_width < goal - tolerance) return Verdict::missed;
  if (e.half_width <= tolerance) return e.mean >= goal - tolerance ? Verdict::met : Verdict::missed;
  return Verdict::open;
}

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
                      {sim::Distribution::Kind::fixed, 0, 1},
                      {}});
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
      "blending grid: SL target %.0f%% within %.0f s, inbound handle %.0f s, at least %d (at most "
      "%d) replications x 24 h per cell, until each verdict is decided\n\n",
      kTarget * 100, kThreshold, kInboundHandle, replications, kMaxReplications);
  std::printf("%6s %5s %6s | %8s %9s %9s | %9s %8s %7s | %9s %7s | %s\n", "agents", "load", "ratio",
              "reserve", "int/h", "optimum/h", "blendd/h", "SL", "share", "greedy/h", "grSL",
              "verdict");
  int cells = 0, met = 0, undecided = 0;
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
        // Replications until each verdict is decided: the CI clear of the goal on one side, or
        // narrower than the tolerance (then the mean decides). A cell that looked like a miss
        // with five replications (noise) is told apart from a real one without a person rerunning
        // it by hand.
        const double goal_out = 0.99 * optimum.outbound_per_hour;
        std::vector<double> out, sl;
        sim::Estimate o, l;
        Verdict v_out = Verdict::open, v_sl = Verdict::open;
        for (int r = 0; r < kMaxReplications; ++r) {
          auto f = sim::Simulator(s, s.seed + r).run();
          out.push_back(f.outbound_per_hour);
          sl.push_back(f.service_level);
          if (static_cast<int>(out.size()) < replications) continue;
          o = sim::estimate(out);
          l = sim::estimate(sl);
          v_out = decide(o, goal_out, kOutTolerance * optimum.outbound_per_hour);
          v_sl = decide(l, kTarget, kSlTolerance);
          if (v_out != Verdict::open && v_sl != Verdict::open) break;
        }
        const double share = o.mean / optimum.outbound_per_hour;
        const bool sl_ok = v_sl == Verdict::met && optimum.service_level >= kTarget - 1e-9;
        const bool out_ok = v_out == Verdict::met;
        ++cells;
        met += sl_ok && out_ok ? 1 : 0;
        undecided += v_sl == Verdict::open || v_out == Verdict::open ? 1 : 0;
        auto said = [](Verdict v, const char* met_text, const char* missed_text) {
          return v == Verdict::met ? met_text : v == Verdict::missed ? missed_text : "undecided";
        };
        std::printf(
            "%6d %5.1f %6.1f | %4d+%.2f %9.1f %9.1f | %9.1f %8.4f %6.1f%% | %9.1f %7.4f | %s, %s "
            "after %zu x 24 h (outbound %.1f +- %.1f, SL %.4f +- %.4f; integer reserve: %.1f%% of "
            "optimum)\n",
            agents, load, ratio, optimum.reserve, 1 - optimum.boundary_start_probability,
            exact.outbound_per_hour, optimum.outbound_per_hour, o.mean, l.mean, 100 * share,
            greedy.outbound_per_hour, greedy.service_level, said(v_sl, "SL met", "SL MISSED"),
            said(v_out, ">= 99% of optimum", "BELOW 99% of optimum"), out.size(), o.mean,
            o.half_width, l.mean, l.half_width,
            100 * exact.outbound_per_hour / optimum.outbound_per_hour);
        std::fflush(stdout);
      }
    }
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "\n%d feasible cells, %d with the SL met and >= 99%% of the optimum (each decided by its "
      "CI or within %.1f%%/%.1f pt), %d undecided after %d replications; %.1f s\n",
      cells, met, 100 * kOutTolerance, 100 * kSlTolerance, undecided, kMaxReplications, secs);
  return 0;
}
