#include "daemon/centre/target_explainer.hpp"

namespace blendd::daemon {

namespace {

std::int64_t to_ms(policy::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
policy::TimePoint at_ms(std::int64_t ms) {
  return policy::TimePoint(std::chrono::milliseconds(ms));
}

}  // namespace

TargetExplanation explain_target(const queue::TargetStore::TargetState& s, HeldHere held,
                                 const policy::CallingWindow& window,
                                 const policy::CallingZones& zones, int max_attempts,
                                 std::int64_t now_ms) {
  // Most final first: a DNC entry outranks whatever schedule the target still has.
  if (s.dnc_global) return {"dnc_global", "on the global do-not-call list", std::nullopt};
  if (s.dnc_campaign) return {"dnc_campaign", "on the campaign's do-not-call list", std::nullopt};
  if (!s.review_note.empty()) return {"in_review", s.review_note, std::nullopt};
  if (!s.never_reason.empty()) {
    const std::string& why = s.never_reason;
    if (why.find("attempt") != std::string::npos) return {"attempts_exhausted", why, std::nullopt};
    if (why.find("blocked") != std::string::npos) return {"blocked_prefix", why, std::nullopt};
    return {"never", why, std::nullopt};
  }
  if (held == HeldHere::dialling) return {"dialling_now", "on a call right now", std::nullopt};
  if (held == HeldHere::claimed)
    return {"claimed", "claimed: waiting in the dialler's buffer for a free line", std::nullopt};
  if (!s.due_ms) return {"claimed", "an attempt is open (claimed by a blendd)", std::nullopt};
  if (s.target && max_attempts > 0 && s.target->attempts >= max_attempts) {
    return {"attempts_exhausted",
            std::to_string(s.target->attempts) + " of " + std::to_string(max_attempts) +
                " attempts used",
            std::nullopt};
  }
  if (zones.empty()) {
    return {"unknown_zone", "the target's time zone is unknown: never dialled", std::nullopt};
  }
  const std::int64_t due = std::max(*s.due_ms, now_ms);
  const auto open = policy::next_in_window(window, zones, at_ms(due));
  if (!open) return {"never", "the campaign's calling window never opens", std::nullopt};
  if (*s.due_ms > now_ms && s.target && s.target->last_outcome == "abandoned") {
    return {"rule_72h", "abandoned on its last call: not again within 72 hours", to_ms(*open)};
  }
  if (to_ms(*open) > due) {
    const std::string where =
        zones.size() == 1 ? zones.front()->name() : "in every zone of its country";
    return {"outside_window", "outside its calling window (" + where + ")", to_ms(*open)};
  }
  if (*s.due_ms > now_ms) {
    const std::string last = s.target ? s.target->last_outcome : std::string();
    return {"retry_wait", last.empty() ? "scheduled" : "retry after '" + last + "'", *s.due_ms};
  }
  return {"due", "due now: dialled when the group's idle level opens the gate and an agent is free",
          std::nullopt};
}

}  // namespace blendd::daemon
