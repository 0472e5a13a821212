#include "policy/idle_level_meter.hpp"

#include <cmath>

namespace blendd::policy {

void IdleLevelMeter::update(TimePoint now, double instantaneous) {
  if (!started_) {
    started_ = true;
    smoothed_ = instantaneous;
  } else {
    smoothed_ = value(now);
  }
  last_ = now;
  current_ = instantaneous;
}

double IdleLevelMeter::value(TimePoint now) const {
  if (smoothing_ <= Duration::zero() || !started_) return current_;
  const double dt = to_seconds(now - last_);
  if (dt <= 0) return smoothed_;
  return current_ + (smoothed_ - current_) * std::exp(-dt / to_seconds(smoothing_));
}

std::optional<TimePoint> IdleLevelMeter::crossing_time(TimePoint now, double threshold) const {
  const double level = value(now);
  if (smoothing_ <= Duration::zero()) return std::nullopt;
  // level(t) = current + (level - current) e^{-t/tau}; it moves monotonically towards current.
  const bool rising = current_ > level && threshold > level && threshold < current_;
  const bool falling = current_ < level && threshold < level && threshold > current_;
  if (!rising && !falling) return std::nullopt;
  const double t = to_seconds(smoothing_) * std::log((level - current_) / (threshold - current_));
  // A hair past the crossing so the re-evaluation sees the level on the far side.
  return now + seconds(t) + Duration(1);
}

}  // namespace blendd::policy
