#include "policy/time_zone.hpp"

#include <algorithm>

namespace blendd::policy {

namespace {
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
}  // namespace

// Howard Hinnant's public-domain algorithms for days <-> civil dates.
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& year, int& month, int& day) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2));
}

TimeZone::TimeZone(std::string name, std::int32_t initial_offset_s,
                   std::vector<Transition> transitions)
    : name_(std::move(name)),
      initial_offset_s_(initial_offset_s),
      transitions_(std::move(transitions)) {
  std::sort(transitions_.begin(), transitions_.end(),
            [](const Transition& a, const Transition& b) { return a.utc_s < b.utc_s; });
}

std::int32_t TimeZone::offset_at(TimePoint utc) const {
  const std::int64_t s = floor_div(utc.time_since_epoch().count(), 1000000);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), s,
                             [](std::int64_t v, const Transition& t) { return v < t.utc_s; });
  if (it == transitions_.begin()) return initial_offset_s_;
  return std::prev(it)->offset_s;
}

bool TimeZone::same_clock(const TimeZone& other, TimePoint from, TimePoint to) const {
  // Offsets change only at transitions: comparing at `from` and at each change of either suffices.
  if (offset_at(from) != other.offset_at(from)) return false;
  const std::int64_t lo = floor_div(from.time_since_epoch().count(), 1000000);
  const std::int64_t hi = floor_div(to.time_since_epoch().count(), 1000000);
  for (const auto* zone : {this, &other}) {
    for (const auto& t : zone->transitions_) {
      if (t.utc_s <= lo || t.utc_s >= hi) continue;
      const TimePoint at{std::chrono::seconds(t.utc_s)};
      if (offset_at(at) != other.offset_at(at)) return false;
    }
  }
  return true;
}

LocalTime TimeZone::to_local(TimePoint utc) const {
  const std::int64_t local = floor_div(utc.time_since_epoch().count(), 1000000) + offset_at(utc);
  LocalTime lt;
  lt.day = floor_div(local, 86400);
  lt.second_of_day = static_cast<int>(local - lt.day * 86400);
  lt.minute_of_day = lt.second_of_day / 60;
  lt.weekday = static_cast<int>(((lt.day % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
  civil_from_days(lt.day, lt.year, lt.month, lt.day_of_month);
  return lt;
}

TimePoint TimeZone::from_local(std::int64_t local_s) const {
  auto at = [](std::int64_t s) { return TimePoint(std::chrono::seconds(s)); };
  // Try each offset in force near that time; keep the earliest consistent instant.
  std::vector<std::int32_t> offsets{initial_offset_s_};
  for (const auto& t : transitions_) {
    if (t.utc_s > local_s - 2 * 86400 && t.utc_s < local_s + 2 * 86400)
      offsets.push_back(t.offset_s);
  }
  offsets.push_back(offset_at(at(local_s)));
  std::int64_t best = 0;
  bool found = false;
  for (std::int32_t off : offsets) {
    const std::int64_t utc = local_s - off;
    if (offset_at(at(utc)) == off && (!found || utc < best)) {
      best = utc;
      found = true;
    }
  }
  if (found) return at(best);
  // In a gap: the first instant after the transition that skipped this local time.
  for (const auto& t : transitions_) {
    if (t.utc_s > local_s - 2 * 86400 && t.utc_s + t.offset_s > local_s) return at(t.utc_s);
  }
  return at(local_s - offset_at(at(local_s)));
}

}  // namespace blendd::policy
