#pragma once
// What a webhook does with an event after an attempt: deliver the next, try this one again later
// (back-off with jitter), or give it to the dead letters. Pure: the time and the jitter's random
// draw come in. Unit-tested in tests/unit/daemon/integrations/delivery_policy_test.cpp.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace blendd::daemon {

// An HTTP status as an attempt's outcome: 2xx delivered; 408, 425, 429, 3xx (a redirect is
// never followed), 5xx and no answer at all (0) are worth another try; any other 4xx is the
// receiver refusing this event, which another try would not change.
enum class AttemptOutcome { delivered, failed, refused };
AttemptOutcome classify_status(int status);

struct NextStep {
  enum class Kind { next, retry, dead_letter } kind = Kind::next;
  std::int64_t retry_at_ms = 0;  // Kind::retry
  std::string cause;             // Kind::dead_letter: "max_age", "refused"
};

class DeliveryPolicy {
 public:
  // retry_s: the waits after the 1st, 2nd… failed attempt (the last repeats); each is drawn
  // from ±20 % around it with `uniform01` (so many receivers' retries do not arrive together).
  DeliveryPolicy(std::vector<int> retry_s, std::int64_t max_age_ms,
                 std::function<double()> uniform01);
  // After attempt number `attempt` (1-based) of an event whose age counts from `since_ms` (when
  // it happened, or when it was replayed).
  NextStep after_attempt(AttemptOutcome outcome, int attempt, std::int64_t since_ms,
                         std::int64_t now_ms) const;
  // An event that reached the front already past its age while the receiver is failing goes to
  // the dead letters untried: after an outage longer than max_age the backlog is not tried one
  // slow timeout at a time.
  bool expired(std::int64_t since_ms, std::int64_t now_ms) const;
  std::int64_t backoff_ms(int attempt) const;

 private:
  std::vector<int> retry_s_;
  std::int64_t max_age_ms_;
  std::function<double()> uniform01_;
};

}  // namespace blendd::daemon
