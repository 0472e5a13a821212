#include "policy/trunk_breaker.hpp"

#include <algorithm>

namespace blendd::policy {

TrunkBreaker::State TrunkBreaker::state(TimePoint now) const {
  if (!open_) return State::closed;
  return now < until_ ? State::open : State::half_open;
}

bool TrunkBreaker::may_dial(TimePoint now) const {
  switch (state(now)) {
    case State::closed:
      return true;
    case State::open:
      return false;
    case State::half_open:
      return !probe_in_flight_;
  }
  return true;
}

void TrunkBreaker::dialled(TimePoint now) {
  if (state(now) == State::half_open) probe_in_flight_ = true;
}

void TrunkBreaker::succeeded() {
  consecutive_ = 0;
  open_ = false;
  probe_in_flight_ = false;
  backoff_ = Duration::zero();
}

void TrunkBreaker::faulted(TimePoint now) {
  ++faults_;
  if (open_) {
    // The probe failed: open again, for twice as long. Faults of calls placed before the
    // breaker opened change nothing.
    if (probe_in_flight_ && now >= until_) {
      open(now, std::min(settings_.max_backoff, backoff_ * 2));
    }
    return;
  }
  if (++consecutive_ >= settings_.failures_to_open) open(now, settings_.first_backoff);
}

void TrunkBreaker::open(TimePoint now, Duration backoff) {
  open_ = true;
  probe_in_flight_ = false;
  backoff_ = backoff;
  until_ = now + backoff;
  ++opens_;
}

std::optional<TimePoint> TrunkBreaker::retry_at() const {
  if (!open_) return std::nullopt;
  return until_;
}

const char* to_string(TrunkBreaker::State s) {
  switch (s) {
    case TrunkBreaker::State::closed:
      return "closed";
    case TrunkBreaker::State::open:
      return "open";
    case TrunkBreaker::State::half_open:
      return "half_open";
  }
  return "closed";
}

}  // namespace blendd::policy
