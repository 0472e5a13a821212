// The centre's CTI events on simulated time with fakes: an outbound call tells, in order, that
// the customer answered, was offered to the agent, connected, ended (by whom) and that its result
// was registered (with the answers as JSON); agent state changes and settings changes are events
// too. (Their numbering per call and their storage: tests/integration/event_outbox_test.cpp.)
#include <gtest/gtest.h>

#include <memory>

#include "daemon/centre/call_centre.hpp"
#include "tests/support/centre_fakes.hpp"
#include "tests/support/small_config.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

const std::string kYaml = test::kSipSection + R"(groups:
  - id: sales
    idle: { start_threshold: 0.0, stop_threshold: 0.0, reserve_agents: 0 }
    agents:
      - { id: a01, sip_uri: "sip:a01@127.0.0.1:5090" }
campaigns:
  - id: spring
    group: sales
    pacing: progressive
    questionnaire: survey
)" + test::kSurveyCatalogue;

}  // namespace

TEST(CentreEvents, AnOutboundCallTellsEachStepInOrder) {
  test::FakeCallControl sip;
  test::FakeTargetLists targets;
  test::FakeDesktops desks;
  test::SimClock clock{policy::TimePoint{std::chrono::seconds(1781085600)}};
  auto centre = test::centre_on_fakes(kYaml, sip, targets, desks, clock);
  ASSERT_NE(centre, nullptr);
  std::vector<daemon::CtiEvent> events;
  centre->observe_events([&](daemon::CtiEvent e) { events.push_back(std::move(e)); });
  centre->agent_login("a01");
  centre->agent_ready("a01");
  targets.answer_claim({"+49301234567"});
  clock.advance(1s, *centre);
  targets.answer_confirm();
  ASSERT_EQ(sip.originated.size(), 1u);
  const sip::CallId call = sip.originated[0].call;
  centre->on_leg_event(sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::answered));
  centre->on_leg_event(sip::leg_event(call, sip::Leg::agent, sip::LegEventKind::answered));
  centre->on_leg_event(
      sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::ended, 0, "customer"));
  desk::SubmitMessage m;
  m.call = std::to_string(call);
  m.disposition = "refused";
  m.answers["interested"] = false;
  ASSERT_TRUE(centre->submit("a01", m).empty());
  targets.answer_result();

  std::vector<std::string> of_call;
  for (const auto& e : events) {
    if (e.call == std::to_string(call)) of_call.push_back(e.type);
  }
  EXPECT_EQ(of_call, (std::vector<std::string>{"call.answered", "call.offered", "call.connected",
                                               "call.ended", "result.registered"}));
  auto find = [&](const std::string& type) {
    for (const auto& e : events) {
      if (e.type == type) return e;
    }
    return daemon::CtiEvent{};
  };
  const auto ended = find("call.ended");
  EXPECT_FALSE(ended.last) << "its result follows";
  EXPECT_TRUE(find("result.registered").last);
  EXPECT_NE(ended.data.find(R"("by":"customer")"), std::string::npos) << ended.data;
  EXPECT_NE(ended.data.find(R"("number":"+49301234567")"), std::string::npos) << ended.data;
  const auto result = find("result.registered");
  EXPECT_NE(result.data.find(R"("disposition":"refused")"), std::string::npos) << result.data;
  EXPECT_NE(result.data.find(R"("answers":{"interested":false})"), std::string::npos)
      << result.data;
  const auto state = find("agent.state");
  EXPECT_NE(state.data.find(R"("agent":"a01")"), std::string::npos) << state.data;
  EXPECT_GT(state.at_ms, 0);
  centre->set_override("sales", 0.5, 0.4, true, 60s, "sup", "lunch rush");
  EXPECT_NE(find("settings.changed").data.find("lunch rush"), std::string::npos);
}

// The attempt's outcome and the target's next attempt, once the store has them (not before, and
// not at all when the store refused the write).
TEST(CentreEvents, AFinishedAttemptTellsTheTargetsNextAttemptOnceStored) {
  test::FakeCallControl sip;
  test::FakeTargetLists targets;
  test::FakeDesktops desks;
  test::SimClock clock{policy::TimePoint{std::chrono::seconds(1781085600)}};
  auto centre = test::centre_on_fakes(kYaml, sip, targets, desks, clock);
  ASSERT_NE(centre, nullptr);
  std::vector<daemon::CtiEvent> events;
  centre->observe_events([&](daemon::CtiEvent e) { events.push_back(std::move(e)); });
  centre->agent_login("a01");
  centre->agent_ready("a01");
  targets.answer_claim({"+49301234567", "+49301234568"});
  clock.advance(1s, *centre);
  targets.answer_confirm();
  ASSERT_GE(sip.originated.size(), 1u);
  const sip::CallId call = sip.originated[0].call;
  auto busy = [](sip::CallId c) {
    auto e = sip::leg_event(c, sip::Leg::customer, sip::LegEventKind::failed, 486, "Busy Here");
    e.failure = sip::FailureClass::busy;
    return e;
  };
  centre->on_leg_event(busy(call));
  ASSERT_EQ(targets.finished.size(), 1u);
  auto planned = [&] {
    return std::count_if(events.begin(), events.end(),
                         [](const daemon::CtiEvent& e) { return e.type == "target.planned"; });
  };
  EXPECT_EQ(planned(), 0) << "not before the store has it";
  targets.finished[0].done({}, policy::OutcomePlan{1781089200000, "busy: retry in 1 h"});
  ASSERT_EQ(planned(), 1);
  const auto& e = events.back();
  EXPECT_EQ(e.call, "") << "the target's, not one of the call's numbered events";
  EXPECT_NE(e.data.find(R"("number":"+49301234567")"), std::string::npos) << e.data;
  EXPECT_NE(e.data.find(R"("outcome":"busy")"), std::string::npos) << e.data;
  EXPECT_NE(e.data.find(R"("next_due_ms":1781089200000)"), std::string::npos) << e.data;
  EXPECT_NE(e.data.find(R"("call":")" + std::to_string(call) + "\""), std::string::npos) << e.data;
  // A write the store did not take tells nothing.
  clock.advance(1s, *centre);
  targets.answer_confirm();
  ASSERT_EQ(sip.originated.size(), 2u);
  centre->on_leg_event(busy(sip.originated[1].call));
  ASSERT_EQ(targets.finished.size(), 2u);
  targets.finished[1].done(std::make_error_code(std::errc::timed_out), {});
  EXPECT_EQ(planned(), 1);
}
