#include "policy/target_eligibility.hpp"

#include <algorithm>

namespace blendd::policy {

std::optional<TimePoint> next_in_window(const CallingWindow& w, const TimeZone& zone, TimePoint t) {
  if (w.weekdays == 0 || w.start_minute >= w.end_minute) return std::nullopt;
  for (int step = 0; step < 16; ++step) {
    const LocalTime lt = zone.to_local(t);
    const bool day_ok = (w.weekdays >> lt.weekday) & 1;
    if (day_ok && lt.minute_of_day >= w.start_minute && lt.minute_of_day < w.end_minute) return t;
    // Jump to the window's start today (if still ahead) or on the next day.
    std::int64_t day = lt.day;
    if (!day_ok || lt.minute_of_day >= w.start_minute) ++day;
    const TimePoint next = zone.from_local(day * 86400 + w.start_minute * 60);
    t = next > t ? next : t + std::chrono::hours(1);
  }
  return std::nullopt;
}

std::optional<TimePoint> next_in_window(const CallingWindow& w, const CallingZones& zones,
                                        TimePoint t) {
  if (zones.empty()) return std::nullopt;
  // Each zone pushes t to its own next opening; where they all agree, t is open in every one.
  // Every push moves t forward, so two weeks bound the search (a week holds every weekday).
  const TimePoint limit = t + std::chrono::hours(24 * 14);
  while (t <= limit) {
    TimePoint latest = t;
    for (const TimeZone* zone : zones) {
      const auto open = next_in_window(w, *zone, t);
      if (!open) return std::nullopt;
      latest = std::max(latest, *open);
    }
    if (latest == t) return t;
    t = latest;
  }
  return std::nullopt;
}

namespace {
Duration retry_delay(const RetryRules& r, DialOutcome o, bool agent_reserved_first) {
  switch (o) {
    case DialOutcome::busy:
      return r.after_busy;
    case DialOutcome::no_answer:
      return r.after_no_answer;
    case DialOutcome::rejected:
      return r.after_rejected;
    case DialOutcome::abandoned:
      return agent_reserved_first ? r.after_no_answer : r.after_abandoned;
    case DialOutcome::machine:
      return r.after_machine;
    case DialOutcome::voicemail_left:
      return r.after_voicemail_left;
    case DialOutcome::failed:
    case DialOutcome::unknown:
      return r.after_failed;
    case DialOutcome::answered:
      return r.after_no_answer;
  }
  return r.after_failed;
}
}  // namespace

Eligibility next_eligible(const TargetRecord& target, const RetryRules& rules,
                          const CallingWindow& window, const CallingZones& zones, TimePoint now,
                          bool agent_reserved_first) {
  Eligibility e;
  auto never = [&e](std::string why) {
    e.never = true;
    e.reason = std::move(why);
    return e;
  };
  if (target.on_dnc) return never("on a do-not-call list");
  if (zones.empty()) return never("time zone unknown: calling hours cannot be checked");
  if (target.completed && !target.callback_at) return never("completed");
  if (!target.callback_at && target.attempts >= rules.max_attempts) {
    return never("attempt limit of " + std::to_string(rules.max_attempts) + " reached");
  }
  TimePoint earliest = now;
  if (target.callback_at) {
    earliest = std::max(now, *target.callback_at);
    e.reason = "callback requested";
  } else if (target.last_attempt) {
    earliest = std::max(
        now, *target.last_attempt + retry_delay(rules, target.last_outcome, agent_reserved_first));
    e.reason = std::string("retry after ") + to_string(target.last_outcome);
  }
  auto in_window = next_in_window(window, zones, earliest);
  if (!in_window) {
    return never(zones.size() == 1 ? "calling window never opens"
                                   : "calling window never opens in all of its country's zones");
  }
  if (*in_window > earliest) e.reason += e.reason.empty() ? "calling window" : ", calling window";
  e.at = *in_window;
  return e;
}

}  // namespace blendd::policy
