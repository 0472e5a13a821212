#include "policy/answer_rate_estimator.hpp"

namespace blendd::policy {

AnswerRateEstimator::AnswerRateEstimator(double prior, double prior_weight, std::size_t window)
    : prior_(prior), weight_(prior_weight), ring_(window, false) {}

void AnswerRateEstimator::record(bool answered) {
  if (filled_ == ring_.size()) {
    if (ring_[next_]) --answered_;
  } else {
    ++filled_;
  }
  ring_[next_] = answered;
  if (answered) ++answered_;
  next_ = (next_ + 1) % ring_.size();
}

double AnswerRateEstimator::rate() const {
  return (static_cast<double>(answered_) + prior_ * weight_) /
         (static_cast<double>(filled_) + weight_);
}

}  // namespace blendd::policy
