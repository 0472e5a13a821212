#pragma once
// Turns a dial outcome into the store's next step for the target: when it is due again (retry
// delay by outcome, attempt limit, calling window in the target's own zone, the 72-hour rule) or
// why it never will be. The decision itself is next_eligible; this only adapts the stored
// record to it.
#include <cstdint>
#include <optional>
#include <string>

#include "policy/target_eligibility.hpp"

namespace blendd::policy {

struct OutcomePlan {
  std::optional<std::int64_t> next_ms;  // empty = never again
  std::string reason;                   // why never, or what set the time
};

// `attempts_before` counts the target's attempts before this one. `completed` when the call reached
// the customer and was dispositioned; `callback_ms` when the customer asked to be called back.
OutcomePlan plan_after_outcome(int attempts_before, DialOutcome outcome, bool completed,
                               std::optional<std::int64_t> callback_ms, const RetryRules& rules,
                               const CallingWindow& window, const CallingZones& zones,
                               std::int64_t now_ms, bool agent_reserved_first);

}  // namespace blendd::policy
