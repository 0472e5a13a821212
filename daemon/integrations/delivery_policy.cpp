#include "daemon/integrations/delivery_policy.hpp"

#include <algorithm>

namespace blendd::daemon {

AttemptOutcome classify_status(int status) {
  if (status >= 200 && status < 300) return AttemptOutcome::delivered;
  if (status == 408 || status == 425 || status == 429) return AttemptOutcome::failed;
  if (status >= 400 && status < 500) return AttemptOutcome::refused;
  return AttemptOutcome::failed;
}

DeliveryPolicy::DeliveryPolicy(std::vector<int> retry_s, std::int64_t max_age_ms,
                               std::function<double()> uniform01)
    : retry_s_(std::move(retry_s)), max_age_ms_(max_age_ms), uniform01_(std::move(uniform01)) {
  if (retry_s_.empty()) retry_s_ = {5};
}

std::int64_t DeliveryPolicy::backoff_ms(int attempt) const {
  const std::size_t i = std::min<std::size_t>(static_cast<std::size_t>(std::max(attempt, 1) - 1),
                                              retry_s_.size() - 1);
  const double base = retry_s_[i] * 1000.0;
  const double draw = uniform01_ ? std::clamp(uniform01_(), 0.0, 1.0) : 0.5;
  return static_cast<std::int64_t>(base * (0.8 + 0.4 * draw));
}

NextStep DeliveryPolicy::after_attempt(AttemptOutcome outcome, int attempt, std::int64_t since_ms,
                                       std::int64_t now_ms) const {
  NextStep step;
  if (outcome == AttemptOutcome::delivered) return step;
  if (outcome == AttemptOutcome::refused) {
    step.kind = NextStep::Kind::dead_letter;
    step.cause = "refused";
    return step;
  }
  const std::int64_t at = now_ms + backoff_ms(attempt);
  if (at > since_ms + max_age_ms_) {
    step.kind = NextStep::Kind::dead_letter;
    step.cause = "max_age";
    return step;
  }
  step.kind = NextStep::Kind::retry;
  step.retry_at_ms = at;
  return step;
}

bool DeliveryPolicy::expired(std::int64_t since_ms, std::int64_t now_ms) const {
  return now_ms > since_ms + max_age_ms_;
}

}  // namespace blendd::daemon
