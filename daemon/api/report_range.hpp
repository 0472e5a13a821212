#pragma once
// A report's time range from its query: `from` and `to` as local dates (YYYY-MM-DD: midnight)
// or local times (YYYY-MM-DDTHH:MM) in the centre's zone, `to` exclusive; `step` interval, hour
// or day. Defaults: today. A bad value is an error naming the field; a range too long for its
// step (31 days by interval or hour, the retention by day) too.
#include <cstdint>
#include <optional>
#include <string>

#include "policy/time_zone.hpp"

namespace blendd::daemon {

struct ReportRange {
  enum class Step { interval, hour, day };
  std::int64_t from_s = 0;  // UTC
  std::int64_t to_s = 0;
  Step step = Step::interval;
};

struct RangeError {
  std::string field;
  std::string reason;
};

// `target`: the request target with its query; `now_s`: the centre's clock.
std::optional<ReportRange> report_range(const std::string& target, const policy::TimeZone& zone,
                                        std::int64_t now_s, int retention_days, RangeError& error);
// Local time as the reports print it: "2026-12-01T09:15".
std::string local_text(const policy::TimeZone& zone, std::int64_t utc_s);
const char* to_string(ReportRange::Step step);

}  // namespace blendd::daemon
