// "Why not dialled": each reason a supervisor can read, in the order that decides it.
#include <gtest/gtest.h>

#include "daemon/centre/target_explainer.hpp"

using namespace blendd;
using daemon::explain_target;
using daemon::HeldHere;

namespace {

// 2026-06-10 (a Wednesday) at hh:mm UTC, in ms.
std::int64_t at(int hh, int mm = 0) {
  return (1781049600LL + hh * 3600LL + mm * 60LL) * 1000;
}

queue::TargetStore::TargetState scheduled(std::int64_t due_ms, const std::string& last = "") {
  queue::TargetStore::TargetState s;
  s.target = queue::StoredTarget{};
  s.target->number = "+493012345";
  s.target->attempts = last.empty() ? 0 : 1;
  s.target->last_outcome = last;
  s.due_ms = due_ms;
  return s;
}

const policy::TimeZone kUtc;
const policy::CallingWindow kNineToEight{};  // Monday-Saturday 09:00-20:00

std::string reason(const queue::TargetStore::TargetState& s, std::int64_t now,
                   HeldHere held = HeldHere::no) {
  return explain_target(s, held, kNineToEight, {&kUtc}, 4, now).reason;
}

}  // namespace

TEST(TargetExplainer, ADueTargetInsideItsWindowIsDialableNow) {
  EXPECT_EQ(reason(scheduled(at(10)), at(11)), "due");
}

TEST(TargetExplainer, DncOutranksEveryScheduleAndTheGlobalListComesFirst) {
  auto s = scheduled(at(10));
  s.dnc_campaign = true;
  EXPECT_EQ(reason(s, at(11)), "dnc_campaign");
  s.dnc_global = true;
  EXPECT_EQ(reason(s, at(11)), "dnc_global");
}

TEST(TargetExplainer, OutsideTheWindowSaysWhenItOpens) {
  auto why = explain_target(scheduled(at(6)), HeldHere::no, kNineToEight, {&kUtc}, 4, at(7));
  EXPECT_EQ(why.reason, "outside_window");
  ASSERT_TRUE(why.until_ms);
  EXPECT_EQ(*why.until_ms, at(9));
}

TEST(TargetExplainer, ACountryOfSeveralClocksWaitsForItsLastOneToOpen) {
  const auto three_behind = policy::TimeZone::fixed("behind", -3 * 3600);
  auto why = explain_target(scheduled(at(10)), HeldHere::no, kNineToEight, {&kUtc, &three_behind},
                            4, at(10));
  EXPECT_EQ(why.reason, "outside_window");
  EXPECT_EQ(why.detail, "outside its calling window (in every zone of its country)");
  EXPECT_EQ(why.until_ms.value_or(0), at(12));  // 09:00 three hours behind UTC
}

TEST(TargetExplainer, RetriesWaitAndAbandonedCallsWaitUnderThe72HourRule) {
  auto retry =
      explain_target(scheduled(at(12), "busy"), HeldHere::no, kNineToEight, {&kUtc}, 4, at(11));
  EXPECT_EQ(retry.reason, "retry_wait");
  EXPECT_EQ(retry.until_ms.value_or(0), at(12));
  EXPECT_EQ(reason(scheduled(at(12), "abandoned"), at(11)), "rule_72h");
}

TEST(TargetExplainer, HeldClaimedReviewedExhaustedAndBlockedTargetsSaySo) {
  EXPECT_EQ(reason(scheduled(at(10)), at(11), HeldHere::claimed), "claimed");
  EXPECT_EQ(reason(scheduled(at(10)), at(11), HeldHere::dialling), "dialling_now");
  auto open = scheduled(at(10));
  open.due_ms.reset();  // an attempt is open somewhere
  EXPECT_EQ(reason(open, at(11)), "claimed");
  auto review = scheduled(at(10));
  review.review_note = "attempt 7 by host:1 has no recorded outcome";
  EXPECT_EQ(reason(review, at(11)), "in_review");
  auto used = scheduled(at(10), "no_answer");
  used.target->attempts = 4;
  EXPECT_EQ(reason(used, at(11)), "attempts_exhausted");
  auto blocked = scheduled(at(10));
  blocked.never_reason = "blocked: premium-rate range +49900";
  EXPECT_EQ(reason(blocked, at(11)), "blocked_prefix");
  EXPECT_EQ(explain_target(scheduled(at(10)), HeldHere::no, kNineToEight, {}, 4, at(11)).reason,
            "unknown_zone");
}
