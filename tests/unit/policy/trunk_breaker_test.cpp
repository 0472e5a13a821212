// The trunk's circuit breaker alone and inside the core: opens after consecutive trunk faults,
// backs off exponentially, lets one probe through, closes when the trunk answers again.
#include <gtest/gtest.h>

#include "policy/blend_core.hpp"
#include "policy/trunk_breaker.hpp"
#include "tests/unit/policy/one_group_centre.hpp"

using namespace blendd::policy;
using blendd::test::at;

namespace {}  // namespace

TEST(TrunkBreaker, OpensBacksOffProbesAndCloses) {
  TrunkBreaker b({3, seconds(2), seconds(5)});
  b.faulted(at(0));
  b.faulted(at(0));
  EXPECT_TRUE(b.may_dial(at(0)));
  b.faulted(at(0));
  EXPECT_EQ(b.state(at(0)), TrunkBreaker::State::open);
  EXPECT_FALSE(b.may_dial(at(1.9)));
  EXPECT_EQ(*b.retry_at(), at(2));
  // Half-open: exactly one probe.
  EXPECT_TRUE(b.may_dial(at(2)));
  b.dialled(at(2));
  EXPECT_FALSE(b.may_dial(at(2.1)));
  b.faulted(at(2.5));  // the probe failed: 4 s this time
  EXPECT_EQ(*b.retry_at(), at(6.5));
  b.dialled(at(6.5));
  b.faulted(at(7));  // capped at 5 s
  EXPECT_EQ(*b.retry_at(), at(12));
  EXPECT_EQ(b.opens(), 3u);
  b.dialled(at(12));
  b.succeeded();
  EXPECT_EQ(b.state(at(12)), TrunkBreaker::State::closed);
  EXPECT_TRUE(b.may_dial(at(12)));
  // A success in between resets the count of faults in a row.
  b.faulted(at(13));
  b.faulted(at(13));
  b.succeeded();
  b.faulted(at(13));
  EXPECT_EQ(b.state(at(13)), TrunkBreaker::State::closed);
}

TEST(TrunkBreaker, TheCoreStopsDiallingWhileItIsOpenAndProbesAfterTheBackoff) {
  CoreSettings s = blendd::test::one_group_centre(4);
  s.trunk_breaker = {2, seconds(3), seconds(60)};
  BlendCore core(s);
  for (int i = 0; i < 4; ++i) {
    core.handle(AgentLoggedIn{"a" + std::to_string(i)}, at(0));
    core.handle(AgentReady{"a" + std::to_string(i)}, at(0));
  }
  TargetsClaimed tc{"spring", {}};
  for (int i = 0; i < 10; ++i)
    tc.targets.push_back({std::to_string(i), "+4930" + std::to_string(i)});
  std::vector<CallId> dialled;
  auto collect = [&](const std::vector<Action>& actions) {
    for (const auto& a : actions)
      if (auto* o = std::get_if<Originate>(&a)) dialled.push_back(o->call);
  };
  collect(core.handle(tc, at(0)));
  ASSERT_EQ(dialled.size(), 4u);
  collect(core.handle(OutboundFailed{dialled[0], DialOutcome::failed, true}, at(1)));
  ASSERT_EQ(dialled.size(), 5u) << "one fault: the freed line dials again";
  collect(core.handle(OutboundFailed{dialled[1], DialOutcome::failed, true}, at(1)));
  EXPECT_EQ(dialled.size(), 5u) << "two faults in a row: open, nothing new";
  collect(core.handle(OutboundFailed{dialled[2], DialOutcome::failed, true}, at(1.5)));
  EXPECT_EQ(dialled.size(), 5u);
  EXPECT_EQ(*core.next_deadline(), at(4));
  collect(core.handle(Tick{}, at(4)));
  ASSERT_EQ(dialled.size(), 6u) << "one probe after the back-off";
  collect(core.handle(OutboundAnswered{dialled[5]}, at(5)));
  EXPECT_EQ(core.trunk().state(at(5)), TrunkBreaker::State::closed);
  collect(core.handle(OutboundFailed{dialled[3], DialOutcome::busy, false}, at(5)));
  EXPECT_EQ(dialled.size(), 7u) << "closed: a freed line dials again";
}
