#include "policy/leadership.hpp"

namespace blendd::policy {

const char* to_string(NodeRole role) {
  switch (role) {
    case NodeRole::standby:
      return "standby";
    case NodeRole::active:
      return "active";
  }
  return "standby";
}

bool Leadership::request_sent(TimePoint sent_at) {
  if (pending_sent_) return false;
  pending_sent_ = sent_at;
  last_sent_ = sent_at;
  return true;
}

void Leadership::answered(const LeaseAnswer& answer, TimePoint now) {
  if (!pending_sent_) return;  // an answer to nothing we asked
  const TimePoint sent = *pending_sent_;
  pending_sent_.reset();
  if (!answer.granted) {
    held_until_.reset();  // someone else holds it: stop at once
    holder_ = answer.holder;
    holder_url_ = answer.holder_url;
    return;
  }
  const bool was_active = role(now) == NodeRole::active;
  const TimePoint until = sent + settings_.lease - settings_.margin;
  if (until <= now) {  // granted, but the answer took so long that the grant is spent
    held_until_.reset();
    return;
  }
  if (!was_active || answer.epoch != epoch_) ++takeovers_;
  epoch_ = answer.epoch;
  holder_.clear();
  holder_url_.clear();
  held_until_ = until;
}

void Leadership::unanswered(TimePoint /*now*/) {
  pending_sent_.reset();  // held_until_ stands: the fence ends it if no renewal comes in time
}

NodeRole Leadership::role(TimePoint now) const {
  return held_until_ && now < *held_until_ ? NodeRole::active : NodeRole::standby;
}

TimePoint Leadership::next_request(TimePoint now) const {
  if (!last_sent_) return now;
  const Duration every =
      role(now) == NodeRole::active ? settings_.renew_every : settings_.retry_every;
  return *last_sent_ + every;
}

}  // namespace blendd::policy
