#include "daemon/api/report_range.hpp"

#include <cstdio>

#include "daemon/api/api_request.hpp"

namespace blendd::daemon {

namespace {

std::int64_t utc_of(const policy::TimeZone& zone, std::int64_t local_s) {
  return std::chrono::duration_cast<std::chrono::seconds>(
             zone.from_local(local_s).time_since_epoch())
      .count();
}

// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" → local seconds since the local epoch.
std::optional<std::int64_t> parse_local(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  char tail = 0;
  if (text.size() == 10) {
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &mo, &d, &tail) != 3) return std::nullopt;
  } else if (text.size() == 16 && text[10] == 'T') {
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) != 5)
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || h < 0 || mi < 0)
    return std::nullopt;
  int yy = 0, mm = 0, dd = 0;
  const auto days = policy::days_from_civil(y, mo, d);
  policy::civil_from_days(days, yy, mm, dd);
  if (dd != d || mm != mo) return std::nullopt;  // 2026-02-30
  return days * 86400 + h * 3600 + mi * 60;
}

}  // namespace

const char* to_string(ReportRange::Step step) {
  switch (step) {
    case ReportRange::Step::interval:
      return "interval";
    case ReportRange::Step::hour:
      return "hour";
    case ReportRange::Step::day:
      return "day";
  }
  return "interval";
}

std::string local_text(const policy::TimeZone& zone, std::int64_t utc_s) {
  const auto l = zone.to_local(policy::TimePoint(std::chrono::seconds(utc_s)));
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", l.year, l.month, l.day_of_month,
                l.second_of_day / 3600, l.second_of_day / 60 % 60);
  return buf;
}

std::optional<ReportRange> report_range(const std::string& target, const policy::TimeZone& zone,
                                        std::int64_t now_s, int retention_days, RangeError& error) {
  ReportRange range;
  const std::string step = query_value(target, "step");
  if (step.empty() || step == "interval") {
    range.step = ReportRange::Step::interval;
  } else if (step == "hour") {
    range.step = ReportRange::Step::hour;
  } else if (step == "day") {
    range.step = ReportRange::Step::day;
  } else {
    error = {"step", "must be interval, hour or day, not '" + step + "'"};
    return std::nullopt;
  }
  const auto today = zone.to_local(policy::TimePoint(std::chrono::seconds(now_s))).day;
  const std::string from = query_value(target, "from");
  const std::string to = query_value(target, "to");
  std::int64_t from_local = today * 86400;
  if (!from.empty()) {
    auto v = parse_local(from);
    if (!v) {
      error = {"from",
               "must be a local date YYYY-MM-DD or time YYYY-MM-DDTHH:MM, not '" + from + "'"};
      return std::nullopt;
    }
    from_local = *v;
  }
  std::int64_t to_local = (from_local / 86400 + 1) * 86400;
  if (!to.empty()) {
    auto v = parse_local(to);
    if (!v) {
      error = {"to", "must be a local date YYYY-MM-DD or time YYYY-MM-DDTHH:MM, not '" + to + "'"};
      return std::nullopt;
    }
    to_local = *v;
  }
  if (to_local <= from_local) {
    error = {"to", "must be after from (to is exclusive: a day's report runs to the next day)"};
    return std::nullopt;
  }
  const std::int64_t days = (to_local - from_local + 86399) / 86400;
  const int longest = range.step == ReportRange::Step::day ? retention_days : 31;
  if (days > longest) {
    error = {"to", "a report by " + std::string(to_string(range.step)) + " spans at most " +
                       std::to_string(longest) + " days (this one " + std::to_string(days) + ")" +
                       (range.step == ReportRange::Step::day ? "" : "; use step=day")};
    return std::nullopt;
  }
  if (range.step == ReportRange::Step::day && (from_local % 86400 != 0 || to_local % 86400 != 0)) {
    error = {"from", "a report by day runs from midnight to midnight: give dates, not times"};
    return std::nullopt;
  }
  if (range.step == ReportRange::Step::hour && (from_local % 3600 != 0 || to_local % 3600 != 0)) {
    error = {from_local % 3600 != 0 ? "from" : "to",
             "a report by hour runs on whole hours: give HH:00, not a time within the hour"};
    return std::nullopt;
  }
  range.from_s = utc_of(zone, from_local);
  range.to_s = utc_of(zone, to_local);
  return range;
}

}  // namespace blendd::daemon
