// Which node may act, on simulated time: grants, renewals, refusals, slow answers and the fence
// that stops a node whose lease may have run out, whatever the store says later.
#include "policy/leadership.hpp"

#include <gtest/gtest.h>

#include "tests/unit/policy/one_group_centre.hpp"

using namespace blendd::policy;
using blendd::test::at;

namespace {
LeaseAnswer granted(std::uint64_t epoch) {
  return {true, epoch, ""};
}
LeaseAnswer refused(std::uint64_t epoch, std::string holder) {
  return {false, epoch, std::move(holder)};
}
}  // namespace

TEST(Leadership, AGrantMakesTheNodeActiveUntilItsLeaseMinusTheMarginFromTheRequest) {
  Leadership l({});
  EXPECT_EQ(l.role(at(0)), NodeRole::standby);
  EXPECT_EQ(l.next_request(at(0)), at(0));
  ASSERT_TRUE(l.request_sent(at(0)));
  EXPECT_FALSE(l.request_sent(at(0.1))) << "one request at a time";
  l.answered(granted(7), at(0.2));
  EXPECT_TRUE(l.may_act(at(0.2)));
  EXPECT_EQ(l.epoch(), 7u);
  EXPECT_EQ(l.takeovers(), 1u);
  // 3 s lease, 0.5 s margin, counted from when the request was sent (0), not answered (0.2).
  EXPECT_EQ(l.fenced_at(), at(2.5));
  EXPECT_TRUE(l.may_act(at(2.49)));
  EXPECT_FALSE(l.may_act(at(2.5))) << "no renewal: the node fences itself";
}

TEST(Leadership, RenewalsKeepItActiveAndAreAskedForEverySecond) {
  Leadership l({});
  l.request_sent(at(0));
  l.answered(granted(3), at(0.01));
  EXPECT_EQ(l.next_request(at(0.5)), at(1));
  l.request_sent(at(1));
  l.answered(granted(3), at(1.01));
  EXPECT_EQ(l.fenced_at(), at(3.5));
  EXPECT_EQ(l.takeovers(), 1u) << "a renewal is no takeover";
}

TEST(Leadership, ARefusalStopsTheNodeAtOnceAndNamesTheHolder) {
  Leadership l({});
  l.request_sent(at(0));
  l.answered(granted(3), at(0.01));
  l.request_sent(at(1));
  l.answered(refused(4, "node-b"), at(1.01));
  EXPECT_FALSE(l.may_act(at(1.01)));
  EXPECT_EQ(l.holder(), "node-b");
  EXPECT_EQ(l.next_request(at(1.01)), at(1.5)) << "a standby asks again every 0.5 s";
}

TEST(Leadership, AnUnansweredRenewalLeavesTheFenceInPlace) {
  Leadership l({});
  l.request_sent(at(0));
  l.answered(granted(3), at(0.01));
  l.request_sent(at(1));
  l.unanswered(at(1.5));  // Redis did not answer in time
  EXPECT_TRUE(l.may_act(at(2.4)));
  EXPECT_FALSE(l.may_act(at(2.5)));
  // The next renewal may still come back in time.
  l.request_sent(at(2));
  l.answered(granted(3), at(2.1));
  EXPECT_TRUE(l.may_act(at(3)));
}

TEST(Leadership, AGrantThatArrivesAfterItsLeaseIsSpentIsNotUsed) {
  // A paused process wakes up and reads an old answer: acting on it could overlap the next
  // holder, so the grant counts from when it was asked for.
  Leadership l({});
  l.request_sent(at(0));
  l.answered(granted(3), at(2.6));
  EXPECT_FALSE(l.may_act(at(2.6)));
  EXPECT_EQ(l.takeovers(), 0u);
}

TEST(Leadership, ANewEpochAfterAFenceIsATakeover) {
  Leadership l({});
  l.request_sent(at(0));
  l.answered(granted(3), at(0.01));
  l.request_sent(at(5));  // the node was paused: fenced since 2.5
  l.answered(granted(5), at(5.01));
  EXPECT_TRUE(l.may_act(at(5.01)));
  EXPECT_EQ(l.epoch(), 5u);
  EXPECT_EQ(l.takeovers(), 2u);
}

TEST(Leadership, AnAnswerToNothingAskedIsIgnored) {
  Leadership l({});
  l.answered(granted(9), at(0));
  EXPECT_FALSE(l.may_act(at(0)));
}
