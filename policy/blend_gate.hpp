#pragma once
// Whether a group may dial, from its smoothed idle level: opens above the start threshold, closes
// below the stop threshold (hysteresis), and never changes twice within the minimum dwell time.
#include <optional>

#include "policy/time.hpp"

namespace blendd::policy {

struct GateThresholds {
  double start = 0.30;
  double stop = 0.20;
  bool outbound_allowed = true;  // false: a schedule period or override with outbound off
};

class BlendGate {
 public:
  explicit BlendGate(Duration min_dwell = Duration::zero()) : min_dwell_(min_dwell) {}
  void set_min_dwell(Duration d) { min_dwell_ = d; }

  // Re-evaluates; returns true when the gate changed.
  bool evaluate(TimePoint now, double level, const GateThresholds& t);
  bool open() const { return open_; }
  TimePoint last_change() const { return last_change_; }
  // When the dwell time ends (the gate could change again), if it has not yet.
  std::optional<TimePoint> dwell_end(TimePoint now) const;
  std::uint64_t changes() const { return changes_; }

 private:
  Duration min_dwell_;
  bool open_ = false;
  bool changed_once_ = false;
  TimePoint last_change_{};
  std::uint64_t changes_ = 0;
};

}  // namespace blendd::policy
