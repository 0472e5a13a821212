// BlendCore at the edges: dials the store refuses at the INVITE, targets withdrawn from or aged
// out of the buffer, agent phones that ring without answering, agents leaving while it rings.
#include <gtest/gtest.h>

#include <algorithm>

#include "policy/blend_core.hpp"
#include "tests/unit/policy/one_group_centre.hpp"

using namespace blendd::policy;
using blendd::test::at;
using blendd::test::only;

namespace {

struct Core {
  explicit Core(CoreSettings s) : core(std::move(s)) {}
  std::vector<Action> send(const Event& e, double t) { return core.handle(e, at(t)); }
  void ready(int n, double t) {
    for (int i = 0; i < n; ++i) {
      send(AgentLoggedIn{"a" + std::to_string(i)}, t);
      send(AgentReady{"a" + std::to_string(i)}, t);
    }
  }
  std::vector<Action> targets(std::vector<std::string> numbers, double t) {
    TargetsClaimed tc{"spring", {}};
    for (auto& n : numbers) tc.targets.push_back({n, n});
    return send(tc, t);
  }
  AgentState state(const std::string& agent) const {
    return core.roster().agent(*core.roster().find(agent)).state;
  }
  BlendCore core;
};

}  // namespace

TEST(BlendCoreEdges, AWithdrawnDialIsNoDialAndTheNextTargetGoesOut) {
  Core c(blendd::test::one_group_centre(1));
  c.ready(1, 0);
  auto first = only<Originate>(c.targets({"+1", "+2"}, 1));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].target.id, "+1");
  // The store says +1 went on a DNC list since the claim: the line is free again at once.
  auto next = only<Originate>(c.send(DialWithdrawn{first[0].call}, 1.01));
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].target.id, "+2");
  const CampaignFigures& f = c.core.campaign_figures(0);
  EXPECT_EQ(f.dials, 1u);  // +2 only
  EXPECT_EQ(f.withdrawn, 1u);
  EXPECT_EQ(c.core.group_view(0, at(1.01)).outbound_in_flight, 1);
  // A withdrawn dial records no outcome: the store settled it.
  EXPECT_TRUE(only<RecordOutcome>(c.send(DialWithdrawn{first[0].call}, 1.02)).empty());
}

TEST(BlendCoreEdges, WithdrawnTargetsLeaveTheBufferAndAreNeverOriginated) {
  Core c(blendd::test::one_group_centre(1));
  c.ready(1, 0);
  auto first = only<Originate>(c.targets({"+1", "+2", "+3"}, 1));
  ASSERT_EQ(first.size(), 1u);
  c.send(WithdrawTargets{"spring", {"+2"}}, 2);
  auto after = only<Originate>(c.send(OutboundFailed{first[0].call, DialOutcome::busy}, 3));
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].target.id, "+3");
}

TEST(BlendCoreEdges, ClaimedTargetsUnusedPastTheirAgeAreHandedBack) {
  auto s = blendd::test::one_group_centre(1);
  s.campaigns[0].buffer_max_age = seconds(60);
  Core c(s);
  c.ready(1, 0);
  auto first = only<Originate>(c.targets({"+1", "+2", "+3"}, 1));
  ASSERT_EQ(first.size(), 1u);
  c.send(OutboundAnswered{first[0].call}, 5);
  c.send(AgentLegAnswered{first[0].call}, 5.5);  // a long talk: the buffer waits
  // The core asks to be woken when the oldest claimed target ages out.
  ASSERT_TRUE(c.core.next_deadline().has_value());
  EXPECT_LE(*c.core.next_deadline(), at(61));
  EXPECT_TRUE(only<ReleaseTargets>(c.send(Tick{}, 60.9)).empty());
  auto released = only<ReleaseTargets>(c.send(Tick{}, 61));
  ASSERT_EQ(released.size(), 1u);
  ASSERT_EQ(released[0].targets.size(), 2u);
  EXPECT_EQ(released[0].targets[0].id, "+2");
  EXPECT_EQ(released[0].targets[1].id, "+3");
}

TEST(BlendCoreEdges, AnAgentPhoneRingingPastTheOfferTimeoutIsCancelledAndTheNextAgentOffered) {
  auto s = blendd::test::one_group_centre(2);
  s.groups[0].offer_timeout = seconds(10);
  s.campaigns[0].abandon_after = seconds(30);  // the customer may wait longer than one offer
  s.campaigns[0].target_buffer = 1;
  Core c(s);
  c.ready(2, 0);
  auto dials = only<Originate>(c.targets({"+1"}, 1));
  ASSERT_EQ(dials.size(), 1u);
  const CallId call = dials[0].call;
  auto offered = only<ConnectToAgent>(c.send(OutboundAnswered{call}, 2));
  ASSERT_EQ(offered.size(), 1u);
  const std::string first = offered[0].agent;
  const std::string second = first == "a0" ? "a1" : "a0";
  ASSERT_LE(c.core.next_deadline().value_or(at(100)), at(12));
  EXPECT_TRUE(only<WithdrawOffer>(c.send(Tick{}, 11.9)).empty());
  auto timed_out = c.send(Tick{}, 12);
  auto withdrawn = only<WithdrawOffer>(timed_out);
  ASSERT_EQ(withdrawn.size(), 1u);
  EXPECT_EQ(withdrawn[0].call, call);
  EXPECT_EQ(withdrawn[0].agent, first);
  auto again = only<ConnectToAgent>(timed_out);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].agent, second);
  EXPECT_EQ(c.state(first), AgentState::not_ready);  // a missed call, as with a rejection
  EXPECT_EQ(c.core.group_figures(0).offers_timed_out, 1u);
  c.send(AgentLegAnswered{call}, 13);
  EXPECT_EQ(c.state(second), AgentState::on_outbound);
}

TEST(BlendCoreEdges, TheOfferTimeCountsTowardTheAbandonLimit) {
  auto s = blendd::test::one_group_centre(2);
  s.groups[0].offer_timeout = seconds(5);
  s.campaigns[0].abandon_after = seconds(2);
  s.campaigns[0].target_buffer = 1;
  Core c(s);
  c.ready(2, 0);
  auto dials = only<Originate>(c.targets({"+1"}, 1));
  ASSERT_EQ(dials.size(), 1u);
  c.send(OutboundAnswered{dials[0].call}, 2);
  auto timed_out = c.send(Tick{}, 7);
  EXPECT_EQ(only<WithdrawOffer>(timed_out).size(), 1u);
  EXPECT_EQ(only<AbandonCall>(timed_out).size(), 1u);  // 5 s after the answer: past 2 s
  EXPECT_TRUE(only<ConnectToAgent>(timed_out).empty());
  EXPECT_EQ(c.core.campaign_figures(0).abandons, 1u);
}

TEST(BlendCoreEdges, ALogoutWhileThePhoneRingsCancelsThatInvite) {
  auto s = blendd::test::one_group_centre(1);
  Core c(s);
  c.ready(1, 0);
  c.send(InboundArrived{7, "sales"}, 1);
  auto out = c.send(AgentLoggedOut{"a0"}, 2);
  auto withdrawn = only<WithdrawOffer>(out);
  ASSERT_EQ(withdrawn.size(), 1u);
  EXPECT_EQ(withdrawn[0].call, 7u);
  EXPECT_EQ(c.core.group_view(0, at(2)).inbound_waiting, 1);  // back at the head of the queue
}

TEST(BlendCoreEdges, InboundCallersWhoseAgentNeverAnswersOverflowAtTheQueueTimeoutAndCount) {
  auto s = blendd::test::one_group_centre(1);
  s.groups[0].offer_timeout = seconds(10);
  s.groups[0].inbound_queue_timeout = seconds(25);
  Core c(s);
  c.ready(1, 0);
  auto offered = only<ConnectToAgent>(c.send(InboundArrived{7, "sales"}, 0));
  ASSERT_EQ(offered.size(), 1u);
  EXPECT_EQ(only<WithdrawOffer>(c.send(Tick{}, 10)).size(), 1u);
  c.send(AgentReady{"a0"}, 11);  // the agent is back: offered again
  EXPECT_EQ(only<WithdrawOffer>(c.send(Tick{}, 21)).size(), 1u);
  auto overflow = only<OverflowInbound>(c.send(Tick{}, 25));
  ASSERT_EQ(overflow.size(), 1u);
  const GroupFigures& f = c.core.group_figures(0);
  EXPECT_EQ(f.inbound_overflowed, 1u);
  EXPECT_EQ(f.offers_timed_out, 2u);
  EXPECT_EQ(f.inbound_answered, 0u);
}

// Relay mode: without the media relay a call would have no audio, so none is placed; the
// targets wait in the buffer and go out once it answers again.
TEST(BlendCoreEdges, NoCallIsPlacedWhileTheMediaRelayIsAway) {
  Core c(blendd::test::one_group_centre(2));
  c.send(MediaAvailability{false}, 0);
  c.ready(2, 0);
  EXPECT_TRUE(only<Originate>(c.targets({"+1", "+2"}, 1)).empty());
  EXPECT_FALSE(c.core.group_view(0, at(1)).dialling);
  auto resumed = only<Originate>(c.send(MediaAvailability{true}, 2));
  const auto more = only<Originate>(c.send(Tick{}, 2.5));
  EXPECT_EQ(resumed.size() + more.size(), 2u);
  EXPECT_TRUE(c.core.group_view(0, at(2.5)).dialling);
}

// A caller who arrives while the media relay is away waits in the queue rather than being
// offered to an agent (whose call would be silent); once it is back the caller is connected.
TEST(BlendCoreEdges, AQueuedCallerWaitsForTheMediaRelayBeforeAnAgentIsOffered) {
  Core c(blendd::test::one_group_centre(1));
  c.ready(1, 0);
  c.send(MediaAvailability{false}, 1);
  EXPECT_TRUE(only<ConnectToAgent>(c.send(InboundArrived{7, "sales"}, 2)).empty());
  EXPECT_EQ(c.core.group_view(0, at(2)).inbound_waiting, 1);
  auto connect = only<ConnectToAgent>(c.send(MediaAvailability{true}, 3));
  ASSERT_EQ(connect.size(), 1u);
  EXPECT_EQ(connect[0].call, 7u);
  EXPECT_EQ(connect[0].agent, "a0");
}
