#pragma once
// Closed-form and birth-death queueing results (M/M/c and M/M/c+M). Rates are per second.
// Used by the reserve advisor at run time and by the simulator's tests as ground truth.

namespace blendd::policy {

struct ErlangFigures {
  double p_wait = 0;         // share of callers who wait at all
  double service_level = 0;  // share answered within the threshold
  double asa_s = 0;          // average speed of answer over all callers, seconds
  double p_abandon = 0;      // Erlang A only
  double occupancy = 0;      // busy share of agent time
};

// Erlang C: arrival rate lambda, service rate mu, agents c, service-level threshold t_s.
// Returns p_wait = 1 when the load is unstable (lambda >= c*mu).
ErlangFigures erlang_c(double lambda, double mu, int c, double threshold_s);

// Smallest number of agents whose service level within threshold_s reaches target (or -1 when
// even max_agents cannot).
int erlang_c_agents_for(double lambda, double mu, double threshold_s, double target,
                        int max_agents = 10000);

// Erlang A: Erlang C plus exponential patience with rate theta (1 / mean patience).
ErlangFigures erlang_a(double lambda, double mu, int c, double theta);

}  // namespace blendd::policy
