#include "policy/schedule.hpp"

namespace blendd::policy {

const SchedulePeriod* Schedule::active(TimePoint now) const {
  if (periods_.empty()) return nullptr;
  const LocalTime lt = zone_.to_local(now);
  for (const auto& p : periods_) {
    if (((p.weekdays >> lt.weekday) & 1) && lt.minute_of_day >= p.start_minute &&
        lt.minute_of_day < p.end_minute) {
      return &p;
    }
  }
  return nullptr;
}

std::optional<TimePoint> Schedule::next_change(TimePoint now) const {
  if (periods_.empty()) return std::nullopt;
  const LocalTime lt = zone_.to_local(now);
  std::optional<TimePoint> next;
  // Every period edge on today and the next seven local days; the earliest after now.
  for (int d = 0; d <= 7; ++d) {
    for (const auto& p : periods_) {
      for (int minute : {p.start_minute, p.end_minute}) {
        const TimePoint t = zone_.from_local((lt.day + d) * 86400 + minute * 60);
        if (t > now && (!next || t < *next)) next = t;
      }
    }
    if (next) break;
  }
  return next;
}

}  // namespace blendd::policy
