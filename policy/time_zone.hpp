#pragma once
// A time zone as data: UTC offsets and the instants where they change (from the IANA tz
// database, read outside policy/ by config/zoneinfo). Converts between UTC and local civil time
// with daylight-saving time handled exactly.
#include <cstdint>
#include <string>
#include <vector>

#include "policy/time.hpp"

namespace blendd::policy {

struct LocalTime {
  std::int64_t day = 0;   // days since 1970-01-01 (local calendar)
  int minute_of_day = 0;  // 0..1439
  int second_of_day = 0;  // 0..86399
  int weekday = 0;        // 0 = Monday .. 6 = Sunday
  int year = 1970;
  int month = 1;  // 1..12
  int day_of_month = 1;
};

class TimeZone {
 public:
  struct Transition {
    std::int64_t utc_s;     // from this instant on ...
    std::int32_t offset_s;  // ... local = utc + offset
  };

  TimeZone() = default;
  TimeZone(std::string name, std::int32_t initial_offset_s, std::vector<Transition> transitions);
  static TimeZone fixed(std::string name, std::int32_t offset_s) {
    return {std::move(name), offset_s, {}};
  }

  const std::string& name() const { return name_; }
  std::int32_t offset_at(TimePoint utc) const;
  LocalTime to_local(TimePoint utc) const;
  // The UTC instant of a local time given as seconds since the local epoch. A local time that
  // does not exist (spring-forward gap) maps to the first instant after the gap; an ambiguous one
  // (fall-back overlap) to the earlier instant.
  TimePoint from_local(std::int64_t local_s) const;
  // Whether both zones show the same local time at every instant of [from, to).
  bool same_clock(const TimeZone& other, TimePoint from, TimePoint to) const;

 private:
  std::string name_ = "UTC";
  std::int32_t initial_offset_s_ = 0;
  std::vector<Transition> transitions_;
};

// Civil-calendar helpers (proleptic Gregorian).
std::int64_t days_from_civil(int year, int month, int day);
void civil_from_days(std::int64_t days, int& year, int& month, int& day);

}  // namespace blendd::policy
