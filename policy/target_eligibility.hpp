#pragma once
// When a target may be dialled next — or never, and why. The store schedules targets by the
// answer; this file is the only place that decides it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "policy/events.hpp"
#include "policy/time.hpp"
#include "policy/time_zone.hpp"

namespace blendd::policy {

// Local hours in the target's own time zone on the allowed weekdays.
struct CallingWindow {
  std::uint8_t weekdays = 0x3f;  // bit 0 = Monday ... bit 6 = Sunday; default Monday-Saturday
  int start_minute = 9 * 60;     // inclusive
  int end_minute = 20 * 60;      // exclusive
};

struct RetryRules {
  Duration after_busy = std::chrono::minutes(10);
  Duration after_no_answer = std::chrono::hours(2);
  Duration after_rejected = std::chrono::hours(24);
  Duration after_failed = std::chrono::minutes(30);
  Duration after_abandoned = std::chrono::hours(72);       // Ofcom: not again within 72 h ...
  Duration after_machine = std::chrono::hours(4);          // another time of day
  Duration after_voicemail_left = std::chrono::hours(48);  // time to call back first
  int max_attempts = 4;
};

struct TargetRecord {
  int attempts = 0;
  std::optional<TimePoint> last_attempt;
  DialOutcome last_outcome = DialOutcome::unknown;
  bool on_dnc = false;
  bool completed = false;                // reached and dispositioned: nothing more to do
  std::optional<TimePoint> callback_at;  // the customer asked to be called at this time
};

struct Eligibility {
  bool never = false;
  TimePoint at{};      // earliest dial time when !never
  std::string reason;  // why never, or what delayed it
};

// The zones whose local hours bound a target's calling window: its own zone, or — for a target
// in a country of several clocks that names none — every one of them, so that the window holds
// in all (the most restrictive window across the country). Empty: the zone is unknown.
using CallingZones = std::vector<const TimeZone*>;

// Empty `zones`: the target's time zone is unknown and it is never dialled.
// `agent_reserved_first` (preview) lifts the 72-hour rule after an abandoned call (... unless an
// agent is guaranteed).
Eligibility next_eligible(const TargetRecord& target, const RetryRules& rules,
                          const CallingWindow& window, const CallingZones& zones, TimePoint now,
                          bool agent_reserved_first);

// The first instant at or after t inside the window, in the zone's local time.
std::optional<TimePoint> next_in_window(const CallingWindow& window, const TimeZone& zone,
                                        TimePoint t);
// The first instant at or after t inside the window in every zone at once; none when the
// zones' windows share no instant (within a fortnight of t) or `zones` is empty.
std::optional<TimePoint> next_in_window(const CallingWindow& window, const CallingZones& zones,
                                        TimePoint t);

}  // namespace blendd::policy
