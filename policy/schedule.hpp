#pragma once
// Busy and idle periods of a group by weekday and local time of day in the centre's time zone,
// each with its own thresholds (or outbound off). The first matching period wins; outside every
// period the group's own thresholds apply.
#include <optional>
#include <string>
#include <vector>

#include "policy/blend_gate.hpp"
#include "policy/time_zone.hpp"

namespace blendd::policy {

enum class PeriodKind { busy, idle };

struct SchedulePeriod {
  std::string label;  // e.g. "morning peak"
  PeriodKind kind = PeriodKind::busy;
  std::uint8_t weekdays = 0x7f;  // bit 0 = Monday ... bit 6 = Sunday
  int start_minute = 0;          // inclusive, local
  int end_minute = 24 * 60;      // exclusive, local
  GateThresholds thresholds;
  // Whether the period names its own start / stop threshold; if not, it has the group's.
  bool sets_start = false;
  bool sets_stop = false;
  // The period's own reserve (e.g. the threshold advisor's per interval); else the group's.
  std::optional<int> reserve_agents = std::nullopt;
  std::optional<double> boundary_start_probability = std::nullopt;
};

class Schedule {
 public:
  Schedule() = default;
  Schedule(TimeZone zone, std::vector<SchedulePeriod> periods)
      : zone_(std::move(zone)), periods_(std::move(periods)) {}

  const SchedulePeriod* active(TimePoint now) const;
  // The next instant the active period may change (a period boundary), within a week.
  std::optional<TimePoint> next_change(TimePoint now) const;
  bool empty() const { return periods_.empty(); }

 private:
  TimeZone zone_;
  std::vector<SchedulePeriod> periods_;
};

}  // namespace blendd::policy
