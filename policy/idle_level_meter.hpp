#pragma once
// The smoothed idle level of a group: idle agents / logged-in agents of its auto-dial queue,
// averaged exponentially over time with time constant `smoothing` (0 = no smoothing). The level
// that held since the last update is what decays in, so it is exact for piecewise-constant input.
#include <optional>

#include "policy/time.hpp"

namespace blendd::policy {

class IdleLevelMeter {
 public:
  explicit IdleLevelMeter(Duration smoothing = Duration::zero()) : smoothing_(smoothing) {}

  void set_smoothing(Duration smoothing) { smoothing_ = smoothing; }
  // Records the instantaneous level from now on (idle / logged_in; 0 when nobody is logged in).
  void update(TimePoint now, double instantaneous);
  double value(TimePoint now) const;
  double instantaneous() const { return current_; }
  // When the smoothed level will cross `threshold` if nothing changes; empty if it never will.
  std::optional<TimePoint> crossing_time(TimePoint now, double threshold) const;

 private:
  Duration smoothing_;
  bool started_ = false;
  TimePoint last_{};
  double smoothed_ = 0;  // at last_
  double current_ = 0;   // held since last_
};

}  // namespace blendd::policy
