#pragma once
// A VICIdial-style adaptive dial level, kept as the baseline blendd's predictive pacing is
// measured against (PacingMode::adaptive). Every 15 s: D = ready agents - waiting customers;
// m = (D + target_diff) / agents * intensity; level <- level * (1 + m), clamped to [1, 3];
// halved when more than half of the last minute's answered calls were dropped; held at 1 while
// the day's drop rate is over the cap.
#include "policy/time.hpp"
#include "policy/windowed_counter.hpp"

namespace blendd::policy {

class AdaptiveDialLevel {
 public:
  AdaptiveDialLevel();
  void answered(TimePoint now) { answers_minute_.add(now); }
  void dropped(TimePoint now) { drops_minute_.add(now); }
  // Runs the adjustment if a period is due; day_drop_rate and cap as shares (0.03 = 3%).
  void update(TimePoint now, int ready, int waiting, int agents, double day_drop_rate, double cap);
  double level() const { return level_; }
  TimePoint next_update() const { return next_; }

 private:
  double level_ = 1.0;
  double intensity_ = 1.0;
  double target_diff_ = 0.0;
  TimePoint next_{};
  bool started_ = false;
  WindowedCounter answers_minute_;
  WindowedCounter drops_minute_;
};

}  // namespace blendd::policy
