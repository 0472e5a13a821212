// BlendCore driven event by event: inbound priority, gate, agent choice, abandon path, reports.
#include <gtest/gtest.h>

#include <map>

#include "policy/blend_core.hpp"
#include "tests/unit/policy/one_group_centre.hpp"

using namespace blendd::policy;
using blendd::test::at;
using blendd::test::only;

namespace {

CoreSettings settings(int agents, int reserve, PacingMode pacing = PacingMode::progressive) {
  CoreSettings s;
  GroupSettings g;
  g.id = "sales";
  g.thresholds = {0.0, 0.0, true};
  g.reserve_agents = reserve;
  g.smoothing = Duration::zero();
  g.min_dwell = Duration::zero();
  g.wrap_up_limit = seconds(30);
  s.groups.push_back(g);
  for (int i = 0; i < agents; ++i) s.agents.push_back({"a" + std::to_string(i), "sales"});
  CampaignSettings c;
  c.id = "spring";
  c.group = "sales";
  c.pacing = pacing;
  s.campaigns.push_back(c);
  s.seed = 42;
  return s;
}

struct Harness {
  explicit Harness(CoreSettings s) : core(std::move(s)) {}
  std::vector<Action> send(const Event& e, double t) {
    auto actions = core.handle(e, at(t));
    for (const auto& a : actions) {
      if (auto* claim = std::get_if<ClaimTargets>(&a)) claims.push_back(*claim);
    }
    all.insert(all.end(), actions.begin(), actions.end());
    return actions;
  }
  void login_all(int n, double t) {
    for (int i = 0; i < n; ++i) {
      send(AgentLoggedIn{"a" + std::to_string(i)}, t);
      send(AgentReady{"a" + std::to_string(i)}, t);
    }
  }
  void give_targets(int n, double t) {
    TargetsClaimed tc{"spring", {}};
    for (int i = 0; i < n; ++i)
      tc.targets.push_back({std::to_string(i), "+4930" + std::to_string(i)});
    send(tc, t);
  }
  BlendCore core;
  std::vector<ClaimTargets> claims;
  std::vector<Action> all;
};

}  // namespace

TEST(BlendCore, ProgressiveDialsOnePerIdleAgentAboveTheReserve) {
  Harness h(settings(5, 2));
  h.login_all(5, 0);
  ASSERT_FALSE(h.claims.empty());  // asks the store for targets first
  auto actions =
      h.send(TargetsClaimed{"spring", {{"t1", "+1"}, {"t2", "+2"}, {"t3", "+3"}, {"t4", "+4"}}}, 1);
  EXPECT_EQ(only<Originate>(actions).size(), 3u);  // 5 idle - 2 kept for inbound
}

TEST(BlendCore, InboundTakesTheNextFreeAgentAndStopsDialling) {
  Harness h(settings(2, 0));
  h.login_all(2, 0);
  h.give_targets(10, 0);
  auto dials = only<Originate>(h.all);
  ASSERT_EQ(dials.size(), 2u);
  // Both customers answer and take both agents.
  std::map<CallId, std::string> agent_of;
  for (const auto& d : dials) {
    auto c = only<ConnectToAgent>(h.send(OutboundAnswered{d.call}, 1));
    ASSERT_EQ(c.size(), 1u);
    agent_of[d.call] = c[0].agent;
    h.send(AgentLegAnswered{d.call}, 1);
  }
  // Inbound arrives while everyone is busy: it waits, and nothing is dialled.
  auto a = h.send(InboundArrived{1, "sales"}, 2);
  EXPECT_TRUE(only<Originate>(a).empty());
  EXPECT_EQ(h.core.group_view(0, at(2)).inbound_waiting, 1);
  EXPECT_FALSE(h.core.group_view(0, at(2)).dialling);
  // An agent frees up: the inbound caller gets them, and still nothing is dialled.
  h.send(CallEnded{dials[0].call}, 3);
  a = h.send(AgentReady{agent_of[dials[0].call]}, 4);
  auto connects = only<ConnectToAgent>(a);
  ASSERT_EQ(connects.size(), 1u);
  EXPECT_EQ(connects[0].call, 1u);
  EXPECT_EQ(connects[0].direction, Direction::inbound);
  EXPECT_EQ(connects[0].agent, agent_of[dials[0].call]);
  EXPECT_TRUE(only<Originate>(a).empty());
  EXPECT_EQ(h.core.group_view(0, at(4)).inbound_waiting, 0);
}

TEST(BlendCore, AnsweredCustomerWithoutAgentIsAbandonedAfterTwoSeconds) {
  Harness h(settings(1, 0));
  h.login_all(1, 0);
  h.give_targets(5, 0);
  auto dials = only<Originate>(h.all);
  ASSERT_EQ(dials.size(), 1u);
  h.send(AgentNotReady{"a0", "break"}, 0.5);  // the agent leaves before the answer
  auto a = h.send(OutboundAnswered{dials[0].call}, 1);
  EXPECT_TRUE(only<ConnectToAgent>(a).empty());
  ASSERT_TRUE(h.core.next_deadline().has_value());
  EXPECT_EQ(*h.core.next_deadline(), at(3));
  EXPECT_TRUE(only<AbandonCall>(h.send(Tick{}, 2.9)).empty());
  a = h.send(Tick{}, 3);
  ASSERT_EQ(only<AbandonCall>(a).size(), 1u);
  auto outcomes = only<RecordOutcome>(a);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].outcome, DialOutcome::abandoned);
  EXPECT_EQ(h.core.campaign_figures(0).abandons, 1u);
}

TEST(BlendCore, IllegalTransitionsAreReportedNotApplied) {
  Harness h(settings(1, 0));
  auto a = h.send(AgentReady{"a0"}, 0);  // logged out -> ready straight away is allowed
  EXPECT_TRUE(only<Rejected>(a).empty());
  a = h.send(AgentReady{"a0"}, 1);  // idle -> idle is not
  auto rejected = only<Rejected>(a);
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].why, "illegal transition idle -> idle");
  a = h.send(AgentReady{"ghost"}, 1);
  ASSERT_EQ(only<Rejected>(a).size(), 1u);
  EXPECT_EQ(only<Rejected>(a)[0].why, "unknown agent 'ghost'");
}

TEST(BlendCore, RandomChoiceIsUniformAcrossIdleAgents) {
  CoreSettings s = settings(5, 0);
  s.campaigns.clear();
  Harness h(s);
  h.login_all(5, 0);
  std::map<std::string, int> hits;
  double t = 1;
  const int kCalls = 5000;
  for (int i = 0; i < kCalls; ++i, t += 1) {
    auto a = h.send(InboundArrived{static_cast<CallId>(i + 1), "sales"}, t);
    auto c = only<ConnectToAgent>(a);
    ASSERT_EQ(c.size(), 1u);
    ++hits[c[0].agent];
    h.send(AgentLegAnswered{c[0].call}, t);
    h.send(CallEnded{c[0].call}, t + 0.1);
    h.send(AgentReady{c[0].agent}, t + 0.2);
  }
  ASSERT_EQ(hits.size(), 5u);
  double chi2 = 0;
  const double expected = kCalls / 5.0;
  for (auto& [agent, n] : hits) chi2 += (n - expected) * (n - expected) / expected;
  EXPECT_LT(chi2, 18.47);  // chi-square, 4 degrees of freedom, p = 0.001
}

TEST(BlendCore, LongestIdleChoicePicksTheAgentIdleLongest) {
  CoreSettings s = settings(3, 0);
  s.campaigns.clear();
  s.groups[0].choice = AgentChoice::longest_idle;
  Harness h(s);
  h.send(AgentReady{"a2"}, 0);
  h.send(AgentReady{"a0"}, 1);
  h.send(AgentReady{"a1"}, 2);
  auto c = only<ConnectToAgent>(h.send(InboundArrived{1, "sales"}, 3));
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].agent, "a2");
}

TEST(BlendCore, AgentWhoMissesACallIsMadeNotReadyAndTheCallerRequeued) {
  CoreSettings s = settings(2, 0);
  s.campaigns.clear();
  s.groups[0].choice = AgentChoice::longest_idle;
  Harness h(s);
  h.send(AgentReady{"a0"}, 0);
  h.send(AgentReady{"a1"}, 1);
  auto c = only<ConnectToAgent>(h.send(InboundArrived{7, "sales"}, 2));
  ASSERT_EQ(c[0].agent, "a0");
  auto a = h.send(AgentLegFailed{7}, 3);
  auto next = only<ConnectToAgent>(a);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].agent, "a1");
  EXPECT_EQ(h.core.roster().agent(0).state, AgentState::not_ready);
  EXPECT_EQ(h.core.roster().agent(0).reason, "missed call");
}

// A WebRTC phone answered at 14 s of a 15 s offer: its audio gets the media timeout from the
// answer, not the second left of the ring; audio that never comes is a missed call.
TEST(BlendCore, APhoneWhoseAudioNeverConnectsIsAMissedCallAfterTheMediaTimeout) {
  CoreSettings s = settings(2, 0);
  s.campaigns.clear();
  s.groups[0].choice = AgentChoice::longest_idle;
  s.groups[0].offer_timeout = std::chrono::seconds(15);
  Harness h(s);
  h.send(AgentReady{"a0"}, 0);
  h.send(AgentReady{"a1"}, 1);
  ASSERT_EQ(only<ConnectToAgent>(h.send(InboundArrived{7, "sales"}, 2)).at(0).agent, "a0");
  h.send(AgentLegConnecting{7, std::chrono::seconds(5)}, 16);
  EXPECT_EQ(*h.core.next_deadline(), at(21)) << "five seconds from the answer";
  EXPECT_TRUE(only<WithdrawOffer>(h.send(Tick{}, 17)).empty()) << "the ring's end no longer counts";
  auto a = h.send(Tick{}, 21);
  ASSERT_EQ(only<WithdrawOffer>(a).size(), 1u);
  EXPECT_EQ(only<ConnectToAgent>(a).at(0).agent, "a1");
  EXPECT_EQ(h.core.roster().agent(0).reason, "missed call");
  // The next phone's audio connects in time: the call is talked.
  h.send(AgentLegConnecting{7, std::chrono::seconds(5)}, 22);
  h.send(AgentLegAnswered{7}, 23);
  EXPECT_EQ(h.core.roster().agent(1).state, AgentState::on_inbound);
  EXPECT_TRUE(only<WithdrawOffer>(h.send(Tick{}, 40)).empty());
}

TEST(BlendCore, WrapUpEndsByItselfAfterTheLimit) {
  CoreSettings s = settings(1, 0);
  s.campaigns.clear();
  Harness h(s);
  h.send(AgentReady{"a0"}, 0);
  h.send(InboundArrived{1, "sales"}, 1);
  h.send(AgentLegAnswered{1}, 1);
  h.send(CallEnded{1}, 10);
  EXPECT_EQ(h.core.roster().agent(0).state, AgentState::wrap_up);
  EXPECT_EQ(*h.core.next_deadline(), at(40));
  h.send(Tick{}, 40);
  EXPECT_EQ(h.core.roster().agent(0).state, AgentState::idle);
}

TEST(BlendCore, DisablingACampaignReleasesItsClaimedTargets) {
  Harness h(settings(1, 1));  // reserve 1 of 1: nothing dials
  h.login_all(1, 0);
  h.give_targets(4, 0);
  auto a = h.send(SetCampaignEnabled{"spring", false}, 1);
  auto released = only<ReleaseTargets>(a);
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].targets.size(), 4u);
}

TEST(BlendCore, CampaignAddedWhileRunningDialsAndCannotChangeGroup) {
  CoreSettings s = settings(2, 0);
  s.campaigns.clear();
  Harness h(s);
  h.login_all(2, 0);
  EXPECT_TRUE(h.claims.empty());  // no campaign yet
  CampaignSettings c;
  c.id = "spring";
  c.group = "sales";
  h.send(SetCampaignSettings{c}, 1);
  EXPECT_EQ(h.core.campaign_count(), 1);
  ASSERT_FALSE(h.claims.empty());
  h.give_targets(2, 1);
  EXPECT_EQ(only<Originate>(h.all).size(), 2u);
  c.group = "elsewhere";
  auto a = h.send(SetCampaignSettings{c}, 2);
  ASSERT_EQ(only<Rejected>(a).size(), 1u);
  EXPECT_EQ(h.core.campaign_count(), 1);
}

TEST(BlendCore, CampaignUpdateKeepsTheGovernorsWeightAndReleasesTargetsWhenDisabled) {
  Harness h(settings(1, 1));  // reserve 1 of 1: nothing dials
  h.login_all(1, 0);
  h.give_targets(3, 0);
  h.send(SetCampaignWeight{"spring", 2.0}, 1);
  CampaignSettings c;
  c.id = "spring";
  c.group = "sales";
  c.abandon_cap = 0.01;
  c.enabled = false;
  auto released = only<ReleaseTargets>(h.send(SetCampaignSettings{c}, 2));
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].targets.size(), 3u);
}

TEST(BlendCore, GroupSettingsChangeTheReserveAndTheRunningWrapUps) {
  CoreSettings s = settings(3, 3);  // all three kept for inbound: nothing dials
  Harness h(s);
  h.login_all(3, 0);
  h.give_targets(5, 0);
  EXPECT_TRUE(only<Originate>(h.all).empty());
  GroupSettings g = s.groups[0];
  g.reserve_agents = 1;
  auto a = h.send(SetGroupSettings{g}, 1);
  EXPECT_EQ(only<Originate>(a).size(), 2u);
  // An agent in wrap-up under the old 30 s limit gets the new 5 s one from its wrap-up start.
  h.send(InboundArrived{1, "sales"}, 2);
  auto offered = only<ConnectToAgent>(h.all);
  ASSERT_FALSE(offered.empty());
  h.send(AgentLegAnswered{1}, 2);
  h.send(CallEnded{1}, 12);
  g.wrap_up_limit = seconds(5);
  h.send(SetGroupSettings{g}, 13);
  EXPECT_EQ(*h.core.next_deadline(), at(17));
  GroupSettings unknown = g;
  unknown.id = "nosuch";
  EXPECT_EQ(only<Rejected>(h.send(SetGroupSettings{unknown}, 14)).size(), 1u);
}

TEST(BlendCore, TalkTimeIsCountedPerAgentGroupAndCampaign) {
  Harness h(settings(1, 0));
  h.login_all(1, 0);
  h.give_targets(1, 0);
  auto dials = only<Originate>(h.all);
  ASSERT_EQ(dials.size(), 1u);
  h.send(OutboundAnswered{dials[0].call}, 5);
  h.send(AgentLegAnswered{dials[0].call}, 6);
  h.send(CallEnded{dials[0].call}, 66);
  EXPECT_EQ(h.core.roster().agent(0).calls, 1u);
  EXPECT_DOUBLE_EQ(h.core.roster().agent(0).talk_seconds, 60);
  EXPECT_DOUBLE_EQ(h.core.campaign_figures(0).talk_seconds, 60);
  EXPECT_EQ(h.core.group_figures(0).talks, 1u);
}
