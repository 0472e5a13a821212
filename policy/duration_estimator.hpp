#pragma once
// A running mean of durations (ring times, talk times) that starts from a prior and then follows
// the measurements with exponential forgetting, so it tracks a changing day.
#include "policy/time.hpp"

namespace blendd::policy {

class DurationEstimator {
 public:
  DurationEstimator(double prior_s, double memory = 200) : mean_s_(prior_s), memory_(memory) {}
  void record(Duration d) {
    ++samples_;
    const double weight = 1.0 / std::min<double>(static_cast<double>(samples_) + 1, memory_);
    mean_s_ += (to_seconds(d) - mean_s_) * weight;
  }
  double mean_s() const { return mean_s_; }

 private:
  double mean_s_;
  double memory_;
  long samples_ = 0;
};

}  // namespace blendd::policy
