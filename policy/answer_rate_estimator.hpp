#pragma once
// The live-answer rate of recent dial attempts, with a prior so that the first few outcomes do
// not swing the predictive dialler: (answers + prior * weight) / (attempts + weight) over the
// last `window` attempts.
#include <cstddef>
#include <vector>

namespace blendd::policy {

class AnswerRateEstimator {
 public:
  explicit AnswerRateEstimator(double prior = 0.3, double prior_weight = 20,
                               std::size_t window = 500);
  void record(bool answered);
  double rate() const;
  std::size_t samples() const { return filled_; }

 private:
  double prior_;
  double weight_;
  std::vector<bool> ring_;
  std::size_t next_ = 0;
  std::size_t filled_ = 0;
  std::size_t answered_ = 0;
};

}  // namespace blendd::policy
