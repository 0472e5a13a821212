#include "sim/statistics.hpp"

#include <cmath>
#include <cstdio>

namespace blendd::sim {

namespace {
// Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom.
const double kT975[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                        2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                        2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
}  // namespace

Estimate estimate(const std::vector<double>& samples) {
  Estimate e;
  const std::size_t n = samples.size();
  if (n == 0) return e;
  for (double x : samples) e.mean += x;
  e.mean /= static_cast<double>(n);
  if (n < 2) return e;
  double ss = 0;
  for (double x : samples) ss += (x - e.mean) * (x - e.mean);
  const double sd = std::sqrt(ss / static_cast<double>(n - 1));
  const double t = n - 1 <= 30 ? kT975[n - 2] : 1.96;
  e.half_width = t * sd / std::sqrt(static_cast<double>(n));
  return e;
}

std::string format_estimate(const Estimate& e, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f ± %.*f", decimals, e.mean, decimals, e.half_width);
  return buf;
}

}  // namespace blendd::sim
