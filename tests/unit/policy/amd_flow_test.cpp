// BlendCore with answering-machine detection on a campaign, on simulated time: an answered call
// waits for its verdict (no agent, no abandon clock, not yet a live call); a person goes to an
// agent with the abandon clock starting at the verdict; a machine hung up on is outcome `machine`
// and counts its false-positive share as an estimated abandon in both windows; an unsure call
// hung up on is an abandon; no verdict in time goes to an agent.
#include <gtest/gtest.h>

#include "tests/unit/policy/core_driver.hpp"

using namespace blendd::policy;
using blendd::test::at;
using blendd::test::only;

namespace {

struct Core : blendd::test::CoreDriver {
  using CoreDriver::CoreDriver;
  // One target claimed with agent a0 idle: the call dialled and answered at t.
  CallId answered(double t) {
    ready("a0", t - 2);
    auto dials = only<Originate>(send(TargetsClaimed{"spring", {{"t1", "+4930100"}}}, t - 1));
    EXPECT_EQ(dials.size(), 1u);
    const CallId id = dials.empty() ? 0 : dials[0].call;
    last = send(OutboundAnswered{id}, t);
    return id;
  }
  const CampaignFigures& figures() const { return core.campaign_figures(0); }
  std::vector<Action> last;
};

CoreSettings amd_centre(double false_positive_rate = 0.05) {
  CoreSettings s = blendd::test::one_group_centre(1);
  s.campaigns[0].amd = true;
  s.campaigns[0].amd_false_positive_rate = false_positive_rate;
  s.campaigns[0].target_buffer = 1;
  return s;
}

}  // namespace

TEST(AmdFlow, AnAnsweredCallWaitsForItsVerdictThenAPersonGoesToTheAgent) {
  Core c(amd_centre());
  const CallId id = c.answered(10);
  EXPECT_TRUE(only<ConnectToAgent>(c.last).empty()) << "not before the verdict";
  EXPECT_EQ(c.figures().answers, 0u) << "not yet a live call";
  // Long past abandon_after (2 s): the analysis is not an abandon.
  EXPECT_TRUE(only<AbandonCall>(c.send(Tick{}, 13)).empty());
  auto put = c.send(AmdDecided{id, AmdVerdict::human, true}, 13.5);
  auto offered = only<ConnectToAgent>(put);
  ASSERT_EQ(offered.size(), 1u);
  EXPECT_EQ(offered[0].agent, "a0");
  EXPECT_EQ(c.figures().answers, 1u);
  EXPECT_EQ(c.core.abandons_estimated_24h(0, at(14)), 0.0);
}

TEST(AmdFlow, TheAbandonClockStartsAtTheVerdict) {
  CoreSettings s = amd_centre();
  Core c(s);
  const CallId id = c.answered(10);
  c.send(AgentNotReady{"a0", "break"}, 11);  // nobody to take it when the verdict comes
  c.send(AmdDecided{id, AmdVerdict::human, true}, 13);
  EXPECT_TRUE(only<AbandonCall>(c.send(Tick{}, 14.5)).empty()) << "1.5 s after the verdict";
  auto late = c.send(Tick{}, 15.1);
  ASSERT_EQ(only<AbandonCall>(late).size(), 1u) << "2 s after the verdict";
  EXPECT_EQ(c.figures().abandons, 1u);
}

TEST(AmdFlow, AMachineHungUpOnIsItsOutcomeAndItsEstimateCounts) {
  Core c(amd_centre(0.05));
  const CallId id = c.answered(10);
  auto hung = c.send(AmdDecided{id, AmdVerdict::machine, false}, 13);
  auto outcomes = only<RecordOutcome>(hung);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].outcome, DialOutcome::machine);
  EXPECT_TRUE(only<ConnectToAgent>(hung).empty());
  EXPECT_EQ(c.figures().machines, 1u);
  EXPECT_EQ(c.figures().answers, 0u);
  EXPECT_EQ(c.figures().abandons, 0u) << "the measured count stays measured";
  EXPECT_DOUBLE_EQ(c.core.abandons_estimated_24h(0, at(14)), 0.05);
  EXPECT_DOUBLE_EQ(c.core.abandons_estimated_30d(0, at(14)), 0.05);
  EXPECT_DOUBLE_EQ(c.core.abandon_rate_24h(0, at(14)), 1.0) << "0.05 of 0.05 live calls";
}

TEST(AmdFlow, AnUnsureCallHungUpOnIsAnAbandonAndAMachinePutThroughIsNoLiveCall) {
  Core c(amd_centre());
  const CallId unsure = c.answered(10);
  auto hung = c.send(AmdDecided{unsure, AmdVerdict::unsure, false}, 14);
  ASSERT_EQ(only<RecordOutcome>(hung).size(), 1u);
  EXPECT_EQ(only<RecordOutcome>(hung)[0].outcome, DialOutcome::abandoned);
  EXPECT_EQ(c.figures().abandons, 1u);
  EXPECT_EQ(c.figures().answers, 1u);

  Core m(amd_centre());
  const CallId machine = m.answered(10);
  auto through = m.send(AmdDecided{machine, AmdVerdict::machine, true}, 13);
  EXPECT_EQ(only<ConnectToAgent>(through).size(), 1u) << "on_machine: to_agent";
  EXPECT_EQ(m.figures().answers, 0u);
}

TEST(AmdFlow, NoVerdictInTimeGoesToAnAgent) {
  Core c(amd_centre());
  const CallId id = c.answered(10);
  EXPECT_TRUE(only<ConnectToAgent>(c.send(Tick{}, 17.9)).empty());
  auto timed_out = c.send(Tick{}, 18.1);  // amd_timeout: 8 s
  auto offered = only<ConnectToAgent>(timed_out);
  ASSERT_EQ(offered.size(), 1u);
  EXPECT_EQ(offered[0].call, id);
  EXPECT_TRUE(only<ConnectToAgent>(c.send(AmdDecided{id, AmdVerdict::machine, false}, 19)).empty())
      << "a verdict after that is too late to matter";
  EXPECT_EQ(c.core.next_deadline().has_value(), true);
}

TEST(AmdFlow, ACustomerWhoHangsUpDuringTheAnalysisIsAnAbandonedLiveCall) {
  Core c(amd_centre());
  const CallId id = c.answered(10);
  auto ended = c.send(CallEnded{id}, 11);
  ASSERT_EQ(only<RecordOutcome>(ended).size(), 1u);
  EXPECT_EQ(only<RecordOutcome>(ended)[0].outcome, DialOutcome::abandoned);
  EXPECT_EQ(c.figures().abandons, 1u);
  EXPECT_EQ(c.figures().answers, 1u);
}

TEST(AmdFlow, AMachineGetsItsVoicemailFirstAndTheOutcomeComesWithItsEnd) {
  Core c(amd_centre(0.05));
  const CallId id = c.answered(10);
  EXPECT_EQ(c.core.group_view(0, at(10)).outbound_in_flight, 1);
  auto decided = c.send(AmdDecided{id, AmdVerdict::machine, false, true}, 13);
  EXPECT_TRUE(only<RecordOutcome>(decided).empty()) << "not before the message is over";
  EXPECT_TRUE(only<ConnectToAgent>(decided).empty());
  EXPECT_EQ(c.figures().machines, 1u);
  EXPECT_DOUBLE_EQ(c.core.abandons_estimated_24h(0, at(14)), 0.05) << "counted at the verdict";
  EXPECT_EQ(c.core.group_view(0, at(13)).outbound_in_flight, 0)
      << "no agent will be wanted: the pacer may dial for the idle agent again";
  EXPECT_TRUE(only<AbandonCall>(c.send(Tick{}, 40)).empty()) << "a long greeting is no abandon";
  auto left = c.send(VoicemailDone{id, true}, 41);
  auto outcomes = only<RecordOutcome>(left);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].outcome, DialOutcome::voicemail_left);
  EXPECT_EQ(c.figures().voicemails_left, 1u);
  EXPECT_TRUE(only<RecordOutcome>(c.send(CallEnded{id}, 41.5)).empty()) << "recorded once";
}

TEST(AmdFlow, AMachineThatHangsUpBeforeItsMessageIsOutcomeMachine) {
  Core c(amd_centre());
  const CallId id = c.answered(10);
  c.send(AmdDecided{id, AmdVerdict::machine, false, true}, 13);
  auto ended = c.send(CallEnded{id}, 20);
  auto outcomes = only<RecordOutcome>(ended);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].outcome, DialOutcome::machine);
  EXPECT_EQ(c.figures().voicemails_left, 0u);
  EXPECT_EQ(c.figures().abandons, 0u) << "a machine, not an abandoned person";
}
