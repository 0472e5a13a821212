// BlendCore's blind transfers: to an idle agent, to a group's queue (waiting like an inbound
// caller, never abandoned), to a number away; refusals; a transfer nobody answers goes to the
// queue of the group it was meant for; a customer lost while being handed on is not an abandon.
#include <gtest/gtest.h>

#include "tests/unit/policy/core_driver.hpp"

using namespace blendd::policy;
using blendd::test::at;
using blendd::test::only;

namespace {

struct Core : blendd::test::CoreDriver {
  using CoreDriver::CoreDriver;
  // Inbound call `id` answered by `agent` (the only idle one) at t.
  void talking(CallId id, const std::string& agent, double t) {
    auto offered = only<ConnectToAgent>(send(InboundArrived{id, "sales"}, t));
    ASSERT_EQ(offered.size(), 1u);
    ASSERT_EQ(offered[0].agent, agent);
    send(AgentLegAnswered{id}, t + 1);
    ASSERT_EQ(state(agent), AgentState::on_inbound);
  }
  const GroupFigures& figures(int g = 0) const { return core.group_figures(g); }
};

CoreSettings with_care(int sales_agents) {
  CoreSettings s = blendd::test::one_group_centre(sales_agents);
  s.campaigns.clear();  // inbound only: nothing dials beside the calls under test
  GroupSettings care = s.groups[0];
  care.id = "care";
  care.inbound_queue_timeout = seconds(120);
  s.groups.push_back(care);
  s.agents.push_back({"c0", "care"});
  return s;
}

}  // namespace

TEST(Transfer, ToAnIdleAgentOffersTheCallToThemAndCountsItOnce) {
  Core c(with_care(2));
  c.ready("a0", 0);
  c.not_ready("a1", 0);
  c.talking(1, "a0", 1);
  c.send(AgentReady{"a1"}, 5);
  auto moved = c.send(TransferCall{1, "a0", TransferKind::agent, "a1"}, 30);
  auto offered = only<ConnectToAgent>(moved);
  ASSERT_EQ(offered.size(), 1u);
  EXPECT_EQ(offered[0].agent, "a1");
  EXPECT_EQ(offered[0].direction, Direction::inbound);
  EXPECT_EQ(c.state("a0"), AgentState::wrap_up);
  EXPECT_EQ(c.state("a1"), AgentState::reserved);
  EXPECT_EQ(c.figures().talks, 1u) << "a0's part of the call is a talk";
  c.send(AgentLegAnswered{1}, 33);
  EXPECT_EQ(c.state("a1"), AgentState::on_inbound);
  EXPECT_EQ(c.figures().inbound_answered, 1u) << "the caller was answered once";
  EXPECT_EQ(c.figures().transfers_out, 1u);
  EXPECT_EQ(c.figures().transfers_connected, 1u);
  c.send(CallEnded{1}, 90);
  EXPECT_EQ(c.state("a1"), AgentState::wrap_up);
  EXPECT_EQ(c.figures().talks, 2u);
}

TEST(Transfer, IsRefusedUnlessTheTargetIsIdleAndTheTransferorTalksOnTheCall) {
  Core c(with_care(3));
  c.ready("a0", 0);
  c.not_ready("a1", 0);
  c.not_ready("a2", 0);
  c.talking(1, "a0", 1);
  auto expect_refused = [&](const TransferCall& t, const std::string& why) {
    auto out = c.send(t, 10);
    EXPECT_TRUE(only<ConnectToAgent>(out).empty());
    ASSERT_EQ(only<Rejected>(out).size(), 1u) << why;
    EXPECT_NE(only<Rejected>(out)[0].why.find(why), std::string::npos)
        << only<Rejected>(out)[0].why;
    EXPECT_EQ(c.state("a0"), AgentState::on_inbound) << "the conversation goes on";
  };
  expect_refused({1, "a0", TransferKind::agent, "a1"}, "a1 is not_ready");
  expect_refused({1, "a0", TransferKind::agent, "zz"}, "unknown agent 'zz'");
  expect_refused({1, "a0", TransferKind::agent, "a0"}, "to themselves");
  expect_refused({1, "a0", TransferKind::group, "nobody"}, "unknown group 'nobody'");
  expect_refused({1, "a2", TransferKind::group, "care"}, "a2 is not talking on that call");
  expect_refused({7, "a0", TransferKind::group, "care"}, "a0 is not talking on that call");
  EXPECT_EQ(c.figures().transfers_out, 0u);
}

TEST(Transfer, ToAGroupWaitsInItsQueueLikeAnInboundCallerAndIsNeverAbandoned) {
  CoreSettings s = blendd::test::one_group_centre(1);
  GroupSettings care = s.groups[0];
  care.id = "care";
  s.groups.push_back(care);
  s.agents.push_back({"c0", "care"});
  s.campaigns[0].abandon_after = seconds(2);
  Core c(std::move(s));
  c.ready("a0", 0);
  c.not_ready("c0", 0);
  auto dialled = only<Originate>(c.send(TargetsClaimed{"spring", {{"t1", "+4930111"}}}, 1));
  ASSERT_EQ(dialled.size(), 1u);
  const CallId id = dialled[0].call;
  ASSERT_EQ(only<ConnectToAgent>(c.send(OutboundAnswered{id}, 5)).size(), 1u);
  c.send(AgentLegAnswered{id}, 6);
  ASSERT_EQ(c.state("a0"), AgentState::on_outbound);
  auto moved = c.send(TransferCall{id, "a0", TransferKind::group, "care"}, 40);
  EXPECT_TRUE(only<ConnectToAgent>(moved).empty()) << "nobody in care is idle";
  EXPECT_EQ(c.core.group_view(1, at(40)).inbound_waiting, 1);
  // Far past abandon_after: a transferred customer is not an abandoned one.
  auto later = c.send(Tick{}, 60);
  EXPECT_TRUE(only<AbandonCall>(later).empty());
  EXPECT_EQ(c.core.campaign_figures(0).abandons, 0u);
  auto offered = only<ConnectToAgent>(c.send(AgentReady{"c0"}, 61));
  ASSERT_EQ(offered.size(), 1u);
  EXPECT_EQ(offered[0].agent, "c0");
  EXPECT_EQ(offered[0].direction, Direction::outbound);
  c.send(AgentLegAnswered{id}, 62);
  EXPECT_EQ(c.state("c0"), AgentState::on_outbound);
  EXPECT_EQ(c.core.campaign_figures(0).connected, 1u) << "connected once, at a0";
  EXPECT_EQ(c.figures(0).transfers_out, 1u);
  EXPECT_EQ(c.figures(1).transfers_connected, 1u);
}

TEST(Transfer, AnAgentWhoDoesNotAnswerPassesTheCallToTheQueueOfTheirGroup) {
  Core c(with_care(3));
  c.ready("a0", 0);
  c.not_ready("a1", 0);
  c.not_ready("a2", 0);
  c.talking(1, "a0", 1);
  c.send(AgentReady{"a1"}, 5);
  ASSERT_EQ(
      only<ConnectToAgent>(c.send(TransferCall{1, "a0", TransferKind::agent, "a1"}, 30)).size(),
      1u);
  c.send(AgentReady{"a2"}, 31);
  auto failed = c.send(AgentLegFailed{1}, 34);
  EXPECT_EQ(c.state("a1"), AgentState::not_ready);
  auto offered = only<ConnectToAgent>(failed);
  ASSERT_EQ(offered.size(), 1u) << "a2 is idle in a1's group";
  EXPECT_EQ(offered[0].agent, "a2");
  // And past the offer timeout, the same: the caller waits in the queue, not at a0's phone.
  auto timed_out = c.send(Tick{}, 34 + 16);
  ASSERT_EQ(only<WithdrawOffer>(timed_out).size(), 1u);
  EXPECT_EQ(only<WithdrawOffer>(timed_out)[0].agent, "a2");
  EXPECT_TRUE(only<ConnectToAgent>(timed_out).empty());
  EXPECT_EQ(c.state("a0"), AgentState::wrap_up);
  EXPECT_EQ(c.core.group_view(0, at(50)).inbound_waiting, 1);
}

TEST(Transfer, AwayLeavesTheAgentsOnceAnsweredAndComesBackToTheQueueIfNot) {
  Core c(with_care(2));
  c.ready("a0", 0);
  c.not_ready("a1", 0);
  c.talking(1, "a0", 1);
  auto away = c.send(TransferCall{1, "a0", TransferKind::away, "", seconds(20)}, 10);
  EXPECT_TRUE(only<ConnectToAgent>(away).empty());
  EXPECT_EQ(c.state("a0"), AgentState::wrap_up);
  c.send(AgentLegAnswered{1}, 15);
  EXPECT_EQ(c.figures().transfers_connected, 1u);
  EXPECT_TRUE(c.send(CallEnded{1}, 20).empty()) << "the core is done with it";

  c.send(AgentReady{"a0"}, 101);
  c.talking(2, "a0", 102);
  c.send(TransferCall{2, "a0", TransferKind::away, "", seconds(20)}, 110);
  c.send(AgentReady{"a1"}, 111);
  auto unanswered = c.send(Tick{}, 130);
  ASSERT_EQ(only<WithdrawOffer>(unanswered).size(), 1u);
  EXPECT_EQ(only<WithdrawOffer>(unanswered)[0].call, 2u);
  auto offered = only<ConnectToAgent>(unanswered);
  ASSERT_EQ(offered.size(), 1u) << "back to a0's group's queue, where a1 is idle";
  EXPECT_EQ(offered[0].agent, "a1");
}

TEST(Transfer, ACustomerLostWhileHandedOnIsCountedApartFromAbandons) {
  Core c(with_care(2));
  c.ready("a0", 0);
  c.not_ready("a1", 0);
  c.not_ready("c0", 0);
  c.talking(1, "a0", 1);
  c.send(AgentReady{"a1"}, 2);
  c.send(TransferCall{1, "a0", TransferKind::agent, "a1"}, 10);
  c.send(CallEnded{1}, 12);  // hung up while a1's phone rang
  EXPECT_EQ(c.state("a1"), AgentState::idle);
  EXPECT_EQ(c.figures().transfers_lost, 1u);
  EXPECT_EQ(c.figures().inbound_abandoned, 0u);
  // One left in care's queue past its timeout: lost too, not an overflow.
  c.send(AgentReady{"a0"}, 20);
  c.send(AgentNotReady{"a1", "break"}, 20);
  c.talking(2, "a0", 21);
  c.send(TransferCall{2, "a0", TransferKind::group, "care"}, 30);
  auto timed_out = c.send(Tick{}, 30 + 121);
  ASSERT_EQ(only<OverflowInbound>(timed_out).size(), 1u);
  EXPECT_EQ(c.figures(1).transfers_lost, 1u);
  EXPECT_EQ(c.figures(1).inbound_overflowed, 0u);
}
