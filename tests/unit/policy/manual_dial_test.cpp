// BlendCore's manual dial: the agent who dialled is reserved for the call and gets the customer
// (nobody else), from not ready or idle; a busy agent or another group's campaign is refused;
// a manual call that ends without a conversation leaves the agent not ready.
#include <gtest/gtest.h>

#include "tests/unit/policy/core_driver.hpp"

using namespace blendd::policy;
using blendd::test::at;
using blendd::test::only;

namespace {

using Core = blendd::test::CoreDriver;

CoreSettings two_groups() {
  CoreSettings s = blendd::test::one_group_centre(2);
  GroupSettings other = s.groups[0];
  other.id = "care";
  s.groups.push_back(other);
  s.agents.push_back({"c0", "care"});
  CampaignSettings winback = s.campaigns[0];
  winback.id = "winback";
  winback.group = "care";
  s.campaigns.push_back(winback);
  return s;
}

}  // namespace

TEST(ManualDial, TheDiallingAgentIsReservedAndGetsTheCustomer) {
  Core c(blendd::test::one_group_centre(2));
  c.send(AgentLoggedIn{"a0"}, 0);
  c.send(AgentNotReady{"a0", "callbacks"}, 0);
  c.send(AgentLoggedIn{"a1"}, 0);
  c.send(AgentReady{"a1"}, 0);
  auto dialled = only<Originate>(c.send(ManualDial{"a0", "spring", {"+4930111", "+4930111"}}, 1));
  ASSERT_EQ(dialled.size(), 1u);
  EXPECT_EQ(dialled[0].target.number, "+4930111");
  EXPECT_EQ(dialled[0].preview_agent, "a0");
  EXPECT_EQ(c.state("a0"), AgentState::reserved);
  // Answered: a0 gets it although a1 is idle.
  auto connect = only<ConnectToAgent>(c.send(OutboundAnswered{dialled[0].call}, 5));
  ASSERT_EQ(connect.size(), 1u);
  EXPECT_EQ(connect[0].agent, "a0");
  c.send(AgentLegAnswered{dialled[0].call}, 6);
  EXPECT_EQ(c.state("a0"), AgentState::on_outbound);
  EXPECT_EQ(c.state("a1"), AgentState::idle);
}

TEST(ManualDial, AManualCallNobodyAnsweredLeavesTheAgentNotReady) {
  Core c(blendd::test::one_group_centre(1));
  c.send(AgentLoggedIn{"a0"}, 0);
  c.send(AgentReady{"a0"}, 0);
  auto dialled = only<Originate>(c.send(ManualDial{"a0", "spring", {"+4930111", "+4930111"}}, 1));
  ASSERT_EQ(dialled.size(), 1u);
  auto after = c.send(OutboundFailed{dialled[0].call, DialOutcome::busy}, 4);
  EXPECT_EQ(c.state("a0"), AgentState::not_ready);
  ASSERT_EQ(only<RecordOutcome>(after).size(), 1u);
  EXPECT_EQ(only<RecordOutcome>(after)[0].outcome, DialOutcome::busy);
  // One the store refused at the INVITE (DNC since, window closed): not ready as well.
  dialled = only<Originate>(c.send(ManualDial{"a0", "spring", {"+4930222", "+4930222"}}, 5));
  ASSERT_EQ(dialled.size(), 1u);
  c.send(DialWithdrawn{dialled[0].call}, 5.1);
  EXPECT_EQ(c.state("a0"), AgentState::not_ready);
}

TEST(ManualDial, ABusyAgentOrAnotherGroupsCampaignIsRefused) {
  Core c(two_groups());
  c.send(AgentLoggedIn{"a0"}, 0);
  c.send(AgentNotReady{"a0", ""}, 0);
  auto other = c.send(ManualDial{"a0", "winback", {"+4930111", "+4930111"}}, 1);
  EXPECT_TRUE(only<Originate>(other).empty());
  ASSERT_EQ(only<Rejected>(other).size(), 1u);
  EXPECT_NE(only<Rejected>(other)[0].why.find("not a0's group's"), std::string::npos);
  auto first = only<Originate>(c.send(ManualDial{"a0", "spring", {"+4930111", "+4930111"}}, 2));
  ASSERT_EQ(first.size(), 1u);
  auto second = c.send(ManualDial{"a0", "spring", {"+4930222", "+4930222"}}, 3);
  EXPECT_TRUE(only<Originate>(second).empty()) << "one call at a time";
  ASSERT_EQ(only<Rejected>(second).size(), 1u);
  EXPECT_NE(only<Rejected>(second)[0].why.find("reserved"), std::string::npos);
  auto logged_out = c.send(ManualDial{"c0", "winback", {"+4930333", "+4930333"}}, 4);
  EXPECT_TRUE(only<Originate>(logged_out).empty());
}
