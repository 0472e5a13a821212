#pragma once
// Mean and 95% confidence interval over independent replications (Student t).
#include <string>
#include <vector>

namespace blendd::sim {

struct Estimate {
  double mean = 0;
  double half_width = 0;  // 95% CI is mean ± half_width
  bool contains(double x) const { return x >= mean - half_width && x <= mean + half_width; }
};

Estimate estimate(const std::vector<double>& samples);
std::string format_estimate(const Estimate& e, int decimals);

}  // namespace blendd::sim
