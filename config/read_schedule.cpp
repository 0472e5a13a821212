#include "config/schedule_reader.hpp"
#include "config/value_checks.hpp"

namespace blendd::config {

namespace {

const char* const kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::uint8_t read_weekdays(YamlMapReader& r, const std::string& path) {
  auto days = r.string_list("weekdays", Need::optional);
  if (!days) return 0x7f;
  std::uint8_t mask = 0;
  for (const auto& d : *days) {
    bool found = false;
    for (int k = 0; k < 7; ++k) {
      if (d == kDays[k]) {
        mask |= static_cast<std::uint8_t>(1 << k);
        found = true;
      }
    }
    if (!found) r.errors().add(r.mark(), path + ".weekdays", "'" + d + "' is not one of mon..sun");
  }
  if (mask == 0 && days->empty()) r.errors().add(r.mark(), path + ".weekdays", "names no day");
  return mask;
}

int read_clock(YamlMapReader& r, const char* key, const std::string& path, int fallback) {
  auto text = r.string(key, Need::required);
  if (!text) return fallback;
  const int minute = minute_of_day(*text);
  if (minute < 0) {
    r.errors().add(r.child(key, Need::optional).Mark(), path + "." + key,
                   "must be a time of day HH:MM (got '" + *text + "')");
    return fallback;
  }
  return minute;
}

}  // namespace

std::vector<policy::SchedulePeriod> read_schedule(const YAML::Node& node, const std::string& path,
                                                  ErrorSink& errors) {
  std::vector<policy::SchedulePeriod> periods;
  if (!node.IsDefined() || node.IsNull()) return periods;
  if (!node.IsSequence()) {
    errors.add(node.Mark(), path, "must be a list of periods");
    return periods;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string p = path + "[" + std::to_string(i) + "]";
    YamlMapReader r(node[i], p, errors);
    policy::SchedulePeriod period;
    period.label = r.string("label", Need::optional).value_or("");
    const std::string kind = r.string("kind", Need::optional).value_or("busy");
    if (kind == "idle") {
      period.kind = policy::PeriodKind::idle;
    } else if (kind != "busy") {
      errors.add(r.child("kind", Need::optional).Mark(), p + ".kind",
                 "must be busy or idle (got '" + kind + "')");
    }
    period.weekdays = read_weekdays(r, p);
    period.start_minute = read_clock(r, "start", p, 0);
    period.end_minute = read_clock(r, "end", p, 24 * 60);
    if (period.end_minute <= period.start_minute) {
      errors.add(r.mark(), p + ".end", "must be after start (a period ends on the day it starts)");
    }
    // A threshold the period does not name is the group's (filled in where the group's
    // settings are made, so a change to the group's reaches its periods too).
    const auto start = r.number("start_threshold", Need::optional, 0, 1);
    const auto stop = r.number("stop_threshold", Need::optional, 0, 1);
    period.sets_start = start.has_value();
    period.sets_stop = stop.has_value();
    period.thresholds.start = start.value_or(0.3);
    period.thresholds.stop = stop.value_or(0.2);
    if (start && stop && period.thresholds.stop > period.thresholds.start) {
      errors.add(r.mark(), p + ".stop_threshold",
                 "must not be above start_threshold (hysteresis needs stop <= start)");
    }
    period.thresholds.outbound_allowed = r.boolean("outbound", Need::optional).value_or(true);
    if (auto reserve = r.integer("reserve_agents", Need::optional, 0, 10000))
      period.reserve_agents = static_cast<int>(*reserve);
    period.boundary_start_probability =
        r.number("boundary_start_probability", Need::optional, 0, 1);
    periods.push_back(period);
  }
  return periods;
}

}  // namespace blendd::config
