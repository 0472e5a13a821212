#include "policy/blending_model.hpp"

#include "policy/erlang.hpp"
#include "policy/level_reduction.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace blendd::policy {

namespace {

// State: i inbound calls in the system (in service or waiting), o agents on outbound work.
struct State {
  int i;
  int o;
};

struct Transition {
  int to;
  double rate;
};

class Chain {
 public:
  explicit Chain(const BlendingModelInput& in) : in_(in) {}

  int busy_in(const State& st) const { return std::min(st.i, in_.agents - st.o); }
  int idle(const State& st) const { return in_.agents - st.o - busy_in(st); }
  int queue(const State& st) const { return st.i - busy_in(st); }

  // An agent just freed with no inbound waiting: apply the policy. Returns the successor states
  // with their probabilities (two when the boundary decision is randomised).
  std::vector<std::pair<State, double>> after_free(State st) const {
    const int idle_now = idle(st);
    if (queue(st) > 0 || idle_now <= in_.reserve) return {{st, 1.0}};
    if (idle_now > in_.reserve + 1) return {{State{st.i, st.o + 1}, 1.0}};
    const double q = in_.boundary_start_probability;
    if (q <= 0) return {{st, 1.0}};
    if (q >= 1) return {{State{st.i, st.o + 1}, 1.0}};
    return {{State{st.i, st.o + 1}, q}, {st, 1 - q}};
  }

  void build(int max_queue) {
    // i never exceeds the agents plus the longest queue; o is 0..agents.
    width_ = in_.agents + 1;
    index_.assign(static_cast<std::size_t>(max_queue + in_.agents + 2) * width_, -1);
    // Start from the all-outbound state the policy settles into with no inbound traffic.
    std::vector<State> frontier{settle(State{0, 0})};
    index_of(frontier[0]);
    while (!frontier.empty()) {
      State st = frontier.back();
      frontier.pop_back();
      const int from = index_of(st);
      auto add = [&](State to, double rate) {
        if (rate <= 0) return;
        const bool fresh = slot(to) < 0;
        const int t = index_of(to);
        out_[from].push_back({t, rate});
        if (fresh) frontier.push_back(to);
      };
      if (queue(st) < max_queue) {
        add(State{st.i + 1, st.o}, in_.lambda);  // an arrival takes an idle agent or waits
      }
      const int bi = busy_in(st);
      if (bi > 0) {
        State after{st.i - 1, st.o};
        for (auto [s2, p] : after_free(after)) add(s2, in_.mu_in * bi * p);
      }
      if (st.o > 0) {
        State after{st.i, st.o - 1};  // with a queue, the freed agent takes the next caller
        for (auto [s2, p] : after_free(after)) {
          if (!(s2.i == st.i && s2.o == st.o)) add(s2, in_.mu_out * st.o * p);
        }
      }
    }
  }

  // The chain is a quasi-birth-death process in the inbound count i (arrivals raise it by one,
  // inbound completions lower it by one, outbound completions keep it): solved exactly by level
  // reduction, where Gauss-Seidel needed thousands of sweeps near saturation.
  bool solve(std::vector<double>& pi) const {
    LevelReduction levels;
    for (const State& st : states_) levels.add_state(st.i);
    for (std::size_t f = 0; f < states_.size(); ++f) {
      for (const auto& t : out_[f]) levels.add_rate(static_cast<int>(f), t.to, t.rate);
    }
    // The busiest inbound level is about the offered load: fold towards it.
    const int pivot = static_cast<int>(std::lround(in_.lambda / in_.mu_in));
    pi = levels.solve(pivot);
    return !pi.empty();
  }

  const std::vector<State>& states() const { return states_; }

 private:
  State settle(State st) const {
    while (queue(st) == 0 && idle(st) > in_.reserve) ++st.o;
    return st;
  }

  int& slot(const State& st) { return index_[static_cast<std::size_t>(st.i) * width_ + st.o]; }

  int index_of(const State& st) {
    int& at = slot(st);
    if (at < 0) {
      at = static_cast<int>(states_.size());
      states_.push_back(st);
      out_.emplace_back();
    }
    return at;
  }

  const BlendingModelInput& in_;
  std::size_t width_ = 1;
  std::vector<int> index_;  // by (i, o); -1 where not reached
  std::vector<State> states_;
  std::vector<std::vector<Transition>> out_;
};

// Waiting time of a caller who finds k callers ahead and o agents on outbound (all agents busy).
// Each freed agent takes the head of the queue; no outbound starts while callers wait.
class WaitTime {
 public:
  WaitTime(const BlendingModelInput& in, int max_k) : in_(in), max_k_(max_k) {}

  double rate(int o) const { return in_.mu_in * (in_.agents - o) + in_.mu_out * o; }

  // Mean wait by the acyclic recursion T(k,o) = (1 + r_in T(k-1,o) + r_out T(k-1,o-1)) / r.
  std::vector<std::vector<double>> means() const {
    const int s = in_.agents;
    std::vector<std::vector<double>> t(max_k_ + 1, std::vector<double>(s + 1, 0.0));
    for (int k = 0; k <= max_k_; ++k) {
      for (int o = 0; o <= s; ++o) {
        const double r_in = in_.mu_in * (s - o);
        const double r_out = in_.mu_out * o;
        double next = 0;
        if (k > 0) next = r_in * t[k - 1][o] + (o > 0 ? r_out * t[k - 1][o - 1] : 0.0);
        t[k][o] = (1 + next) / (r_in + r_out);
      }
    }
    return t;
  }

  // P(W <= t) by uniformisation: A_n(k,o) = P(served within n uniformised steps).
  std::vector<std::vector<double>> cdf(double t_s) const {
    const int s = in_.agents;
    double big = 0;
    for (int o = 0; o <= s; ++o) big = std::max(big, rate(o));
    const double lt = big * t_s;
    std::vector<std::vector<double>> a(max_k_ + 1, std::vector<double>(s + 1, 0.0));
    std::vector<std::vector<double>> result = a;
    double poisson = std::exp(-lt);  // P(N = 0)
    double cumulative = poisson;
    const int n_max = static_cast<int>(lt + 12 * std::sqrt(lt + 1) + 20);
    for (int n = 1; n <= n_max; ++n) {
      auto next = a;
      for (int k = 0; k <= max_k_; ++k) {
        for (int o = 0; o <= s; ++o) {
          const double p_in = in_.mu_in * (s - o) / big;
          const double p_out = in_.mu_out * o / big;
          const double served_in = k == 0 ? 1.0 : a[k - 1][o];
          const double served_out = k == 0 ? 1.0 : (o > 0 ? a[k - 1][o - 1] : 0.0);
          next[k][o] = p_in * served_in + p_out * served_out + (1 - p_in - p_out) * a[k][o];
        }
      }
      a = std::move(next);
      poisson *= lt / n;
      cumulative += poisson;
      for (int k = 0; k <= max_k_; ++k) {
        for (int o = 0; o <= s; ++o) result[k][o] += poisson * a[k][o];
      }
      if (1 - cumulative < 1e-15) break;
    }
    return result;
  }

 private:
  const BlendingModelInput& in_;
  int max_k_;
};

}  // namespace

BlendingFigures solve_blending_model(const BlendingModelInput& input) {
  BlendingFigures f;
  f.reserve = input.reserve;
  f.boundary_start_probability = input.boundary_start_probability;
  if (input.agents <= 0 || input.mu_in <= 0 || input.mu_out <= 0) return f;
  // Truncate the queue where its geometric tail drops below 1e-13. While callers wait no
  // outbound starts, so agents drift to inbound work and the queue drains at agents * mu_in once
  // the outbound calls in progress have ended; 2 * agents extra positions cover that drift.
  const double drain = input.agents * input.mu_in;
  const double ratio = std::min(input.lambda / drain, 0.999);
  const int max_queue = std::clamp(
      static_cast<int>(std::ceil(std::log(1e-13) / std::log(ratio))) + 2 * input.agents, 30, 5000);
  Chain chain(input);
  chain.build(max_queue);
  std::vector<double> pi;
  f.converged = chain.solve(pi);
  f.states = static_cast<int>(chain.states().size());
  if (!f.converged) return f;  // no figures rather than a service level of a failed solve

  int max_k = 0;
  for (const auto& st : chain.states()) max_k = std::max(max_k, chain.queue(st));
  WaitTime wait(input, max_k);
  const auto mean = wait.means();
  const auto cdf = wait.cdf(input.sl_threshold_s);

  double served_late = 0;
  for (std::size_t n = 0; n < pi.size(); ++n) {
    const State& st = chain.states()[n];
    f.mean_idle_agents += pi[n] * chain.idle(st);
    f.mean_outbound_agents += pi[n] * st.o;
    if (chain.idle(st) > 0) continue;  // PASTA: this arrival is answered at once
    const int k = chain.queue(st);
    f.p_wait += pi[n];
    f.asa_s += pi[n] * mean[k][st.o];
    served_late += pi[n] * (1 - cdf[k][st.o]);
  }
  f.service_level = 1 - served_late;
  f.outbound_per_hour = f.mean_outbound_agents * input.mu_out * 3600;
  return f;
}

int optimal_reserve(BlendingModelInput input, double sl_target, int hint) {
  // With every agent reserved the model is M/M/c: if even that misses, no reserve meets it.
  if (erlang_c(input.lambda, input.mu_in, input.agents, input.sl_threshold_s).service_level <
      sl_target) {
    return -1;
  }
  input.boundary_start_probability = 1;
  auto meets = [&](int r) {
    input.reserve = r;
    return solve_blending_model(input).service_level >= sl_target;
  };
  if (hint >= 0 && hint <= input.agents) {
    // A neighbouring slot's optimum is usually within a step or two: walk from it.
    int r = hint;
    if (meets(r)) {
      while (r > 0 && meets(r - 1)) --r;
    } else {
      while (r < input.agents && !meets(++r)) {
      }
    }
    return r;
  }
  // The service level rises with the reserve: binary search for the smallest that meets it.
  int lo = 0;
  int hi = input.agents;
  while (lo < hi) {
    input.reserve = (lo + hi) / 2;
    if (solve_blending_model(input).service_level >= sl_target) {
      hi = input.reserve;
    } else {
      lo = input.reserve + 1;
    }
  }
  return lo;
}

BlendingFigures randomised_optimum(BlendingModelInput input, double sl_target, int hint,
                                   double sl_tolerance) {
  const int r = optimal_reserve(input, sl_target, hint);
  input.reserve = std::max(r, 0);
  input.boundary_start_probability = 1;
  BlendingFigures best = solve_blending_model(input);
  if (r <= 0) return best;
  // Reserve r meets the target and r-1 misses it. With reserve r-1, starting at the boundary
  // with probability q runs from reserve r (q = 0) to r-1 (q = 1): take the largest q that meets.
  input.reserve = r - 1;
  // SL falls smoothly as q rises: Illinois regula falsi finds SL(q) = target in a few solves.
  double lo = 0;
  double g_lo = best.service_level - sl_target;  // q = 0 is reserve r: meets
  input.boundary_start_probability = 1;
  double hi = 1;
  double g_hi = solve_blending_model(input).service_level - sl_target;  // reserve r-1: misses
  int side = 0;
  for (int it = 0; it < 30 && hi - lo > 1e-9; ++it) {
    const double q = (lo * g_hi - hi * g_lo) / (g_hi - g_lo);
    input.boundary_start_probability = q;
    BlendingFigures f = solve_blending_model(input);
    const double g = f.service_level - sl_target;
    if (g >= 0) {
      best = f;
      lo = q;
      g_lo = g;
      if (side == -1) g_hi /= 2;
      side = -1;
      if (g < sl_tolerance) break;
    } else {
      hi = q;
      g_hi = g;
      if (side == 1) g_lo /= 2;
      side = 1;
    }
  }
  return best;
}

}  // namespace blendd::policy
