#include "policy/erlang.hpp"

#include <cmath>
#include <vector>

namespace blendd::policy {

ErlangFigures erlang_c(double lambda, double mu, int c, double threshold_s) {
  ErlangFigures f;
  const double a = lambda / mu;
  if (c <= 0 || a >= c) {
    f.p_wait = 1;
    f.occupancy = 1;
    return f;
  }
  // Erlang B by the stable recursion, then C from B.
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  const double pc = c * b / (c - a * (1 - b));
  const double drain = c * mu - lambda;
  f.p_wait = pc;
  f.service_level = 1 - pc * std::exp(-drain * threshold_s);
  f.asa_s = pc / drain;
  f.occupancy = a / c;
  return f;
}

int erlang_c_agents_for(double lambda, double mu, double threshold_s, double target,
                        int max_agents) {
  for (int c = static_cast<int>(std::floor(lambda / mu)) + 1; c <= max_agents; ++c) {
    if (erlang_c(lambda, mu, c, threshold_s).service_level >= target) return c;
  }
  return -1;
}

ErlangFigures erlang_a(double lambda, double mu, int c, double theta) {
  // Birth-death chain on the number in system, truncated where the tail is negligible.
  std::vector<double> p{1.0};
  double total = 1.0;
  for (int n = 1; n < 100000; ++n) {
    const double death = std::min(n, c) * mu + std::max(0, n - c) * theta;
    p.push_back(p.back() * lambda / death);
    total += p.back();
    if (n > c && p.back() < 1e-16 * total) break;
  }
  ErlangFigures f;
  double queue = 0;
  double busy = 0;
  for (std::size_t n = 0; n < p.size(); ++n) {
    const double pn = p[n] / total;
    const int in = static_cast<int>(n);
    if (in >= c) f.p_wait += pn;
    queue += std::max(0, in - c) * pn;
    busy += std::min(in, c) * pn;
  }
  f.p_abandon = theta * queue / lambda;
  f.occupancy = busy / c;
  return f;
}

}  // namespace blendd::policy
