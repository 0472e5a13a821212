#include "policy/outcome_planner.hpp"

namespace blendd::policy {

namespace {
TimePoint at_ms(std::int64_t ms) {
  return TimePoint(std::chrono::milliseconds(ms));
}
std::int64_t to_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
}  // namespace

OutcomePlan plan_after_outcome(int attempts_before, DialOutcome outcome, bool completed,
                               std::optional<std::int64_t> callback_ms, const RetryRules& rules,
                               const CallingWindow& window, const CallingZones& zones,
                               std::int64_t now_ms, bool agent_reserved_first) {
  TargetRecord record;
  record.attempts = attempts_before + 1;
  record.last_attempt = at_ms(now_ms);
  record.last_outcome = outcome;
  record.completed = completed;
  if (callback_ms) record.callback_at = at_ms(*callback_ms);
  const auto e = next_eligible(record, rules, window, zones, at_ms(now_ms), agent_reserved_first);
  if (e.never) return {std::nullopt, e.reason};
  return {to_ms(e.at), e.reason};
}

}  // namespace blendd::policy
