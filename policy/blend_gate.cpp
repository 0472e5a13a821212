#include "policy/blend_gate.hpp"

namespace blendd::policy {

bool BlendGate::evaluate(TimePoint now, double level, const GateThresholds& t) {
  if (!t.outbound_allowed) {
    // A schedule or supervisor switching outbound off acts at once, dwell or not.
    if (!open_) return false;
    open_ = false;
  } else {
    const bool dwell_over = !changed_once_ || now - last_change_ >= min_dwell_;
    if (!dwell_over) return false;
    if (!open_ && level > t.start) {
      open_ = true;
    } else if (open_ && level < t.stop) {
      open_ = false;
    } else {
      return false;
    }
  }
  changed_once_ = true;
  last_change_ = now;
  ++changes_;
  return true;
}

std::optional<TimePoint> BlendGate::dwell_end(TimePoint now) const {
  if (!changed_once_) return std::nullopt;
  const TimePoint end = last_change_ + min_dwell_;
  if (end <= now) return std::nullopt;
  return end;
}

}  // namespace blendd::policy
