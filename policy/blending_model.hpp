#pragma once
// The exact model of call blending with a reserve (threshold) policy, after Bhulai & Koole (2003):
// s agents, Poisson inbound, exponential handle times (inbound mu_in, outbound mu_out), an endless
// outbound backlog that starts instantly and always connects, no pre-emption.
// Policy: when an agent frees up and no inbound call waits, it starts outbound work if more than
// `reserve` agents are idle (so `reserve` stay idle for inbound); at exactly reserve+1 idle it
// starts with probability `boundary_start_probability` (1 = the plain reserve policy; lower
// values randomise between `reserve` and `reserve + 1`).
// Solved as a continuous-time Markov chain; waiting times by uniformisation. Rates per second.

namespace blendd::policy {

struct BlendingModelInput {
  int agents = 0;
  double lambda = 0;  // inbound arrivals per second
  double mu_in = 0;   // 1 / mean inbound handle time
  double mu_out = 0;  // 1 / mean outbound handle time
  int reserve = 0;    // idle agents kept for inbound
  double boundary_start_probability = 1;
  double sl_threshold_s = 20;
};

struct BlendingFigures {
  double p_wait = 0;
  double service_level = 0;  // P(wait <= sl_threshold_s)
  double asa_s = 0;
  double outbound_per_hour = 0;
  double mean_idle_agents = 0;
  double mean_outbound_agents = 0;
  int reserve = 0;  // the policy these figures are for
  double boundary_start_probability = 1;
  int states = 0;  // size of the solved chain
  bool converged = false;
};

BlendingFigures solve_blending_model(const BlendingModelInput& input);

// Smallest reserve (0..agents) whose service level reaches target; -1 if none does. With a
// hint (e.g. the neighbouring interval's optimum) the search walks from it instead of bisecting.
int optimal_reserve(BlendingModelInput input, double sl_target, int hint = -1);

// The randomised reserve that meets sl_target exactly (bisection on the boundary probability
// between the optimal integer reserve and the one below it), to within sl_tolerance of the
// target from above; returns its figures.
BlendingFigures randomised_optimum(BlendingModelInput input, double sl_target, int hint = -1,
                                   double sl_tolerance = 1e-9);

}  // namespace blendd::policy
