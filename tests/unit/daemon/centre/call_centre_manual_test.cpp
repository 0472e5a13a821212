// The desk's manual dial in the call centre, on simulated time with fakes of SIP, the target
// lists and the desks: every refusal reaches the desk with its reason (a number that is none, a
// premium-rate number, another group's campaign, a busy agent, the store's DNC, the calling
// window at the INVITE), and a number that passes is claimed, confirmed, dialled with the
// campaign's caller ID, and connected to the agent who dialled it.
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
    idle: { start_threshold: 1.0, stop_threshold: 1.0, reserve_agents: 0 }
    agents:
      - { id: a01, sip_uri: "sip:a01@127.0.0.1:5090" }
      - { id: a02, sip_uri: "sip:a02@127.0.0.1:5090" }
  - id: care
    agents:
      - { id: c01, sip_uri: "sip:c01@127.0.0.1:5090" }
campaigns:
  - id: spring
    group: sales
    caller_id: "sip:+4930555123@127.0.0.1"
    default_country: "49"
    product: fibre
    questionnaire: survey
  - id: winback
    group: care
)" + test::kSurveyCatalogue;

const policy::TimePoint kStart{std::chrono::seconds(1781085600)};

class CentreManualDial : public ::testing::Test {
 protected:
  void SetUp() override {
    centre_ = test::centre_on_fakes(kYaml, sip_, targets_, desks_, clock_);
    if (!centre_) GTEST_SKIP();
    centre_->agent_login("a01");
    centre_->agent_not_ready("a01", "callbacks");
  }
  // The reason of the desk's newest dial_refused, or "".
  std::string refused() const {
    const auto all = desks_.of("a01", "dial_refused");
    if (all.empty()) return "";
    const auto& last = all.back();
    const auto at = last.find(R"("reason":")");
    return last.substr(at + 10, last.find('"', at + 10) - at - 10);
  }
  std::string state_of(const std::string& agent) const {
    return test::agent_state(*centre_, agent);
  }

  test::FakeCallControl sip_;
  test::FakeTargetLists targets_;
  test::FakeDesktops desks_;
  test::SimClock clock_{kStart};
  std::unique_ptr<daemon::CallCentre> centre_;
};

}  // namespace

TEST_F(CentreManualDial, ANationalNumberIsClaimedConfirmedDialledAndConnectedToItsAgent) {
  EXPECT_EQ(centre_->manual_dial("a01", {"030 1234567", ""}), "");
  ASSERT_EQ(targets_.manual_claims.size(), 1u);
  EXPECT_EQ(targets_.manual_claims[0].campaign, "spring");
  EXPECT_EQ(targets_.manual_claims[0].number, "+49301234567");
  EXPECT_EQ(targets_.manual_claims[0].zone, "Europe/Berlin");
  EXPECT_EQ(targets_.manual_claims[0].agent, "a01");
  targets_.answer_manual();
  EXPECT_EQ(state_of("a01"), "reserved");
  ASSERT_EQ(targets_.confirms.size(), 1u) << "the store's last word before the INVITE";
  EXPECT_TRUE(targets_.confirms[0].claimed.manual);
  EXPECT_TRUE(sip_.originated.empty());
  targets_.answer_confirm();
  ASSERT_EQ(sip_.originated.size(), 1u);
  const auto& invite = sip_.originated[0];
  EXPECT_EQ(invite.uri, "sip:+49301234567@127.0.0.1:5080");
  EXPECT_EQ(invite.from_uri, "sip:+4930555123@127.0.0.1") << "the campaign's caller ID";
  const auto dialling = desks_.of("a01", "dialling");
  ASSERT_EQ(dialling.size(), 1u);
  EXPECT_NE(dialling[0].find("+49301234567"), std::string::npos) << dialling[0];
  // a02 is idle, but the customer is a01's.
  centre_->agent_login("a02");
  centre_->agent_ready("a02");
  centre_->on_leg_event(
      sip::leg_event(invite.call, sip::Leg::customer, sip::LegEventKind::answered));
  ASSERT_EQ(sip_.connected.size(), 1u);
  EXPECT_EQ(sip_.connected[0].second, "sip:a01@127.0.0.1:5090");
  EXPECT_EQ(desks_.of("a01", "call_offered").size(), 1u);
}

TEST_F(CentreManualDial, RefusalsSayWhy) {
  centre_->manual_dial("a01", {"not a number", ""});
  EXPECT_EQ(refused(), "bad_number");
  centre_->manual_dial("a01", {"+49 900 1234567", ""});
  EXPECT_EQ(refused(), "blocked") << "premium rate is blocked unless the campaign allows it";
  centre_->manual_dial("a01", {"+49301234567", "winback"});
  EXPECT_EQ(refused(), "not_your_campaign");
  centre_->manual_dial("a01", {"+49301234567", "autumn"});
  EXPECT_EQ(refused(), "unknown_campaign");
  EXPECT_TRUE(targets_.manual_claims.empty()) << "none of these reached the store";
  // The store's DNC list.
  centre_->manual_dial("a01", {"+49301234567", ""});
  targets_.answer_manual("dnc_global");
  EXPECT_EQ(refused(), "dnc_global");
  EXPECT_EQ(state_of("a01"), "not_ready");
  // The calling window, at the INVITE's confirm.
  centre_->manual_dial("a01", {"+49301234567", ""});
  targets_.answer_manual();
  targets_.answer_confirm("outside_window");
  EXPECT_EQ(refused(), "outside_window");
  EXPECT_TRUE(sip_.originated.empty());
  EXPECT_EQ(state_of("a01"), "not_ready");
  const auto all = desks_.of("a01", "dial_refused");
  EXPECT_EQ(all.size(), 6u);
  EXPECT_EQ(centre_->manual_dial("c01", {"+49301234567", ""}), "not_logged_in");
}

TEST_F(CentreManualDial, OneCallAtATimeAndAFailedDialIsReported) {
  centre_->manual_dial("a01", {"+49301234567", ""});
  targets_.answer_manual();
  targets_.answer_confirm();
  ASSERT_EQ(sip_.originated.size(), 1u);
  centre_->manual_dial("a01", {"+49307654321", ""});
  EXPECT_EQ(refused(), "busy");
  auto busy = sip::leg_event(sip_.originated[0].call, sip::Leg::customer, sip::LegEventKind::failed,
                             486, "Busy Here");
  busy.failure = sip::FailureClass::busy;
  centre_->on_leg_event(busy);
  const auto failed = desks_.of("a01", "dial_failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_NE(failed[0].find(R"("outcome":"busy")"), std::string::npos) << failed[0];
  EXPECT_EQ(state_of("a01"), "not_ready") << "back where the agent dialled from";
  ASSERT_EQ(targets_.finished.size(), 1u) << "the attempt is recorded like any other";
  EXPECT_EQ(targets_.finished[0].attempt.outcome, policy::DialOutcome::busy);
}

// A registered phone's call through blendd is a manual dial by its agent: refused with a SIP
// status the phone shows (and the reason in its Warning), or placed with the phone's leg as the
// agent's.
TEST_F(CentreManualDial, APhonesCallIsAManualDialAndItsRefusalGoesBackToThePhone) {
  auto dialled = sip::leg_event(901, sip::Leg::agent, sip::LegEventKind::phone_dialled);
  dialled.from = "a01";
  dialled.to = "0900 1234567";
  centre_->on_leg_event(dialled);
  ASSERT_EQ(sip_.phone_refusals.size(), 1u);
  EXPECT_EQ(sip_.phone_refusals[0].call, 901u);
  EXPECT_EQ(sip_.phone_refusals[0].status, 403);
  EXPECT_NE(sip_.phone_refusals[0].why.find("premium"), std::string::npos)
      << sip_.phone_refusals[0].why;
  dialled.call = 902;
  dialled.to = "030 1234567";
  centre_->on_leg_event(dialled);
  targets_.answer_manual("dnc_campaign");
  ASSERT_EQ(sip_.phone_refusals.size(), 2u);
  EXPECT_EQ(sip_.phone_refusals[1].call, 902u);
  EXPECT_EQ(sip_.phone_refusals[1].why, "the number is on this campaign's do-not-call list");
  dialled.call = 903;
  centre_->on_leg_event(dialled);
  targets_.answer_manual();
  targets_.answer_confirm();
  ASSERT_EQ(sip_.originated.size(), 1u);
  ASSERT_TRUE(sip_.originated[0].agent_call.has_value()) << "the phone's leg is the agent's";
  EXPECT_EQ(*sip_.originated[0].agent_call, 903u);
  EXPECT_EQ(sip_.originated[0].from_uri, "sip:+4930555123@127.0.0.1");
  // Answered: the agent leg is the phone's own (connect_agent reports it at once).
  const auto call = sip_.originated[0].call;
  centre_->on_leg_event(sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::answered));
  ASSERT_EQ(sip_.connected.size(), 1u);
  centre_->on_leg_event(sip::leg_event(call, sip::Leg::agent, sip::LegEventKind::answered));
  EXPECT_EQ(state_of("a01"), "on_outbound");
}
