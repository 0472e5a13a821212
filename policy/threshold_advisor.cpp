#include "policy/threshold_advisor.hpp"

#include <algorithm>
#include <cmath>

namespace blendd::policy {

namespace {

// The period's mean handle time where a slot measured none (no calls of that direction there).
double fallback(const std::vector<SlotTraffic>& slots, double SlotTraffic::*field, double dflt) {
  double sum = 0;
  int n = 0;
  for (const auto& s : slots) {
    if (s.*field > 0) {
      sum += s.*field;
      ++n;
    }
  }
  return n > 0 ? sum / n : dflt;
}

BlendingFigures solve_in_force(BlendingModelInput in, const SlotSettings& s) {
  if (!s.outbound) {
    in.reserve = in.agents;  // no outbound work at all
    in.boundary_start_probability = 1;
  } else {
    in.reserve = effective_reserve(s, in.agents);
    in.boundary_start_probability =
        in.reserve == s.reserve_agents ? s.boundary_start_probability : 1.0;
  }
  return solve_blending_model(in);
}

}  // namespace

int effective_reserve(const SlotSettings& s, int agents) {
  const int by_start = static_cast<int>(std::ceil(s.start_threshold * agents - 1e-9)) - 1;
  return std::clamp(std::max(s.reserve_agents, by_start), 0, std::max(agents, 0));
}

std::vector<SlotAdvice> advise(const std::vector<SlotTraffic>& slots,
                               const std::vector<SlotSettings>& in_force,
                               const AdvisorTarget& target,
                               const std::function<bool()>& out_of_time) {
  const double aht_in = fallback(slots, &SlotTraffic::aht_in_s, 180);
  const double aht_out = fallback(slots, &SlotTraffic::aht_out_s, 180);
  std::vector<SlotAdvice> out;
  out.reserve(slots.size());
  int hint = -1;  // the last slot's optimum: the next one's is rarely far from it
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const SlotTraffic& t = slots[i];
    const SlotSettings& s = in_force.at(i);
    SlotAdvice a;
    a.minute_of_day = t.minute_of_day;
    a.agents = static_cast<int>(std::floor(t.agents + 1e-9));
    a.lambda = t.seconds > 0 ? t.offered / t.seconds : 0;
    a.measured = a.agents > 0;
    if (!a.measured) {
      a.why = "nobody worked";
      a.outbound = s.outbound;
      out.push_back(a);
      continue;
    }
    BlendingModelInput in;
    in.agents = a.agents;
    in.lambda = a.lambda;
    in.mu_in = 1 / (t.aht_in_s > 0 ? t.aht_in_s : aht_in);
    in.mu_out = 1 / (t.aht_out_s > 0 ? t.aht_out_s : aht_out);
    in.sl_threshold_s = target.sl_within_s;
    a.in_force = solve_in_force(in, s);
    if (out_of_time && out_of_time()) {
      a.outbound = s.outbound;
      a.reserve_agents = effective_reserve(s, a.agents);
      a.recommended = a.in_force;
      a.why = "time limit";
      out.push_back(a);
      continue;
    }
    if (optimal_reserve(in, target.sl_share) < 0) {
      // Even with every agent on inbound the target is out of reach: no outbound at all.
      a.outbound = false;
      a.reserve_agents = a.agents;
      in.reserve = a.agents;
      a.recommended = solve_blending_model(in);
      a.why = "target out of reach";
    } else {
      // Advice to a hundredth of a point of SL: the model's own error is larger than that.
      BlendingFigures best = randomised_optimum(in, target.sl_share, hint, 1e-4);
      hint = best.reserve;
      a.reserve_agents = best.reserve;
      a.boundary_start_probability = best.boundary_start_probability;
      a.recommended = best;
      a.why = "optimum";
      // A campaign above its abandon cap gets no more outbound than the settings in force give:
      // the cap is the pacer's to hold, and more outbound work is more answered calls to hold.
      if (t.cap_exceeded && best.outbound_per_hour > a.in_force.outbound_per_hour) {
        a.reserve_agents = effective_reserve(s, a.agents);
        a.boundary_start_probability =
            a.reserve_agents == s.reserve_agents ? s.boundary_start_probability : 1.0;
        a.outbound = s.outbound;
        a.recommended = a.in_force;
        a.why = "abandon cap";
      }
      if (a.recommended.outbound_per_hour <= 0) a.why = "no outbound work";
    }
    out.push_back(a);
  }
  return out;
}

}  // namespace blendd::policy
