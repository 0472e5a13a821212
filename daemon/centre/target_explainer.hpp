#pragma once
// "Why is this number not dialled?": the one place that turns what the store holds of a target,
// what this blendd holds of it (claimed, on a call) and the campaign's rules into a reason a
// supervisor can act on. Pure: time, zone and rules are passed in.
#include <cstdint>
#include <optional>
#include <string>

#include "policy/target_eligibility.hpp"
#include "queue/target_store.hpp"

namespace blendd::daemon {

enum class HeldHere { no, claimed, dialling };  // this blendd's own buffers and calls

struct TargetExplanation {
  std::string reason;  // due, dialling_now, claimed, dnc_global, dnc_campaign, in_review,
                       // attempts_exhausted, blocked_prefix, never, outside_window,
                       // rule_72h, retry_wait, unknown_zone
  std::string detail;  // the words behind it
  std::optional<std::int64_t> until_ms;  // when it may be dialled again, when known
};

TargetExplanation explain_target(const queue::TargetStore::TargetState& state, HeldHere held,
                                 const policy::CallingWindow& window,
                                 const policy::CallingZones& zones, int max_attempts,
                                 std::int64_t now_ms);

}  // namespace blendd::daemon
