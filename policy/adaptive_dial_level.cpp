#include "policy/adaptive_dial_level.hpp"

#include <algorithm>

namespace blendd::policy {

namespace {
const Duration kPeriod = std::chrono::seconds(15);
}

AdaptiveDialLevel::AdaptiveDialLevel()
    : answers_minute_(std::chrono::minutes(1), std::chrono::seconds(5)),
      drops_minute_(std::chrono::minutes(1), std::chrono::seconds(5)) {}

void AdaptiveDialLevel::update(TimePoint now, int ready, int waiting, int agents,
                               double day_drop_rate, double cap) {
  if (!started_) {
    started_ = true;
    next_ = now + kPeriod;
    return;
  }
  if (now < next_) return;
  next_ = now + kPeriod;
  if (agents <= 0) return;
  const double d = static_cast<double>(ready - waiting);
  const double m = (d + target_diff_) / agents * intensity_;
  level_ = std::clamp(level_ * (1 + m), 1.0, 3.0);
  const auto answers = answers_minute_.sum(now);
  if (answers > 0 && 2 * drops_minute_.sum(now) > answers) level_ = std::max(1.0, level_ / 2);
  if (day_drop_rate > cap) level_ = 1.0;
}

}  // namespace blendd::policy
