#pragma once
// A circuit breaker for the outbound trunk. A trunk that answers 5xx or nothing at all (a 503
// storm, an overloaded or dead SBC) must not be hammered: after `failures_to_open` trunk faults
// in a row no new call is placed for a back-off that doubles each time (up to `max_backoff`);
// when it ends, one probe call may go (half-open). An answer that shows the trunk working closes
// the breaker; a faulted probe opens it again for longer.
#include <cstdint>
#include <optional>

#include "policy/time.hpp"

namespace blendd::policy {

struct TrunkBreakerSettings {
  int failures_to_open = 5;
  Duration first_backoff = seconds(2);
  Duration max_backoff = seconds(60);
};

class TrunkBreaker {
 public:
  enum class State { closed, open, half_open };

  explicit TrunkBreaker(TrunkBreakerSettings settings = {}) : settings_(settings) {}
  void set_settings(TrunkBreakerSettings settings) { settings_ = settings; }

  State state(TimePoint now) const;
  // May a new call go now? In half-open only one (the probe) until its answer.
  bool may_dial(TimePoint now) const;
  void dialled(TimePoint now);
  // A dial that was ordered but never placed: a probe it was is no longer in flight.
  void withdrawn() { probe_in_flight_ = false; }
  // The trunk answered in a way that shows it works (ringing, answer, busy, no answer, ...).
  void succeeded();
  // A trunk fault: 5xx from the trunk, or no answer from it at all.
  void faulted(TimePoint now);
  // When an open breaker lets a probe through.
  std::optional<TimePoint> retry_at() const;

  std::uint64_t faults() const { return faults_; }
  std::uint64_t opens() const { return opens_; }

 private:
  void open(TimePoint now, Duration backoff);

  TrunkBreakerSettings settings_;
  bool open_ = false;
  bool probe_in_flight_ = false;
  int consecutive_ = 0;
  TimePoint until_{};
  Duration backoff_{};
  std::uint64_t faults_ = 0;
  std::uint64_t opens_ = 0;
};

const char* to_string(TrunkBreaker::State s);

}  // namespace blendd::policy
