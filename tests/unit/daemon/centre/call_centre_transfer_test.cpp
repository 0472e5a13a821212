// Blind transfers in the call centre, on simulated time with fakes of SIP, the target lists and
// the desks: from the desk and from the phone (REFER: its NOTIFY verdict), to an idle agent (the
// attempt and its result go with the customer), a group's queue, a number (the campaign's rules
// and DNC lists as for a dial; the result stays with the transferring agent); refusals say why
// and leave the call as it was; a customer lost while handed on closes the attempt.
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
    offer_timeout_s: 15
    agents:
      - { id: a01, sip_uri: "sip:a01@127.0.0.1:5090" }
      - { id: a02, sip_uri: "sip:a02@127.0.0.1:5091" }
  - id: care
    agents:
      - { id: c01, sip_uri: "sip:c01@127.0.0.1:5092" }
campaigns:
  - id: spring
    group: sales
    pacing: progressive
    caller_id: "sip:+4930555123@127.0.0.1"
    default_country: "49"
    product: fibre
    questionnaire: survey
)" + test::kSurveyCatalogue;

const policy::TimePoint kStart{std::chrono::seconds(1781085600)};

sip::LegEvent leg(sip::CallId call, sip::Leg which, sip::LegEventKind kind) {
  return sip::leg_event(call, which, kind);
}

class CentreTransfer : public ::testing::Test {
 protected:
  void SetUp() override {
    centre_ = test::centre_on_fakes(kYaml, sip_, targets_, desks_, clock_);
    if (!centre_) GTEST_SKIP();
    centre_->agent_login("a01");
    centre_->agent_ready("a01");
    // a01 talks with +49301234567 (outbound, attempt-1).
    ASSERT_FALSE(targets_.claims.empty());
    targets_.answer_claim({"+49301234567"});
    clock_.advance(1s, *centre_);
    ASSERT_EQ(targets_.confirms.size(), 1u);
    targets_.answer_confirm();
    ASSERT_EQ(sip_.originated.size(), 1u);
    call_ = sip_.originated[0].call;
    centre_->on_leg_event(leg(call_, sip::Leg::customer, sip::LegEventKind::answered));
    centre_->on_leg_event(leg(call_, sip::Leg::agent, sip::LegEventKind::answered));
    ASSERT_EQ(state_of("a01"), "on_outbound");
  }
  std::string state_of(const std::string& agent) const {
    return test::agent_state(*centre_, agent);
  }
  void ready(const std::string& agent) {
    centre_->agent_login(agent);
    centre_->agent_ready(agent);
  }
  desk::TransferMessage to(const std::string& kind, const std::string& target) const {
    return {std::to_string(call_), kind, target};
  }
  // The reason of the agent's newest transfer_refused, or "".
  std::string refused(const std::string& agent = "a01") const {
    const auto all = desks_.of(agent, "transfer_refused");
    if (all.empty()) return "";
    const auto at = all.back().find(R"("reason":")");
    return all.back().substr(at + 10, all.back().find('"', at + 10) - at - 10);
  }
  desk::SubmitMessage result() const {
    desk::SubmitMessage m;
    m.call = std::to_string(call_);
    m.disposition = "success";
    m.answers["interested"] = true;
    return m;
  }

  test::FakeCallControl sip_;
  test::FakeTargetLists targets_;
  test::FakeDesktops desks_;
  test::SimClock clock_{kStart};
  std::unique_ptr<daemon::CallCentre> centre_;
  sip::CallId call_ = 0;
};

}  // namespace

TEST_F(CentreTransfer, ToAnIdleAgentTheCustomerAndTheResultGoWithThem) {
  ready("a02");
  clock_.advance(20s, *centre_);
  centre_->transfer("a01", to("agent", "a02"));
  EXPECT_EQ(refused(), "");
  ASSERT_EQ(sip_.cancelled.size(), 1u) << "a01's leg is let go";
  ASSERT_EQ(sip_.connected.size(), 2u);
  EXPECT_EQ(sip_.connected[1].second, "sip:a02@127.0.0.1:5091");
  EXPECT_EQ(desks_.of("a01", "transferring").size(), 1u);
  EXPECT_EQ(state_of("a01"), "wrap_up");
  EXPECT_EQ(centre_->totals().awaiting_result, 0) << "a01 owes no result: a02 will";
  const auto offered = desks_.of("a02", "call_offered");
  ASSERT_EQ(offered.size(), 1u);
  EXPECT_NE(offered[0].find(R"("transferred_from":"a01")"), std::string::npos) << offered[0];
  EXPECT_NE(offered[0].find("+49301234567"), std::string::npos);
  EXPECT_FALSE(centre_->submit("a01", result()).empty()) << "not a01's to register";

  centre_->on_leg_event(leg(call_, sip::Leg::agent, sip::LegEventKind::answered));
  EXPECT_EQ(state_of("a02"), "on_outbound");
  centre_->on_leg_event(leg(call_, sip::Leg::customer, sip::LegEventKind::ended));
  EXPECT_EQ(state_of("a02"), "wrap_up");
  EXPECT_TRUE(centre_->submit("a02", result()).empty());
  ASSERT_EQ(targets_.results.size(), 1u);
  EXPECT_EQ(targets_.results[0].fields.at("agent"), "a02");
  EXPECT_EQ(targets_.results[0].fields.at("transferred_from"), "a01");
  targets_.answer_result();
  ASSERT_EQ(targets_.finished.size(), 1u) << "one attempt, finished once";
  EXPECT_EQ(targets_.finished[0].attempt.agent, "a02");
  EXPECT_EQ(targets_.finished[0].attempt.claimed.attempt_id, "attempt-1");
}

TEST_F(CentreTransfer, RefusalsSayWhyAndTheCallStaysWithTheAgent) {
  centre_->transfer("a01", to("agent", "a02"));
  EXPECT_EQ(refused(), "agent_busy") << "a02 is logged out";
  centre_->transfer("a01", to("agent", "zz"));
  EXPECT_EQ(refused(), "unknown_target");
  centre_->transfer("a01", to("agent", "a01"));
  EXPECT_EQ(refused(), "unknown_target");
  centre_->transfer("a01", to("group", "nobody"));
  EXPECT_EQ(refused(), "unknown_target");
  centre_->transfer("a01", to("number", "not a number"));
  EXPECT_EQ(refused(), "bad_number");
  centre_->transfer("a01", to("number", "+49 900 1234567"));
  EXPECT_EQ(refused(), "blocked") << "premium rate, as for a dial";
  targets_.listed_dnc.insert({"", "+49309999999"});
  centre_->transfer("a01", to("number", "030 9999999"));
  EXPECT_EQ(refused(), "dnc_global");
  targets_.listed_dnc.insert({"spring", "+49308888888"});
  centre_->transfer("a01", to("number", "030 8888888"));
  EXPECT_EQ(refused(), "dnc_campaign");
  ready("a02");
  centre_->transfer("a02", to("agent", "a01"));
  EXPECT_EQ(refused("a02"), "not_on_call");
  EXPECT_TRUE(sip_.cancelled.empty());
  EXPECT_TRUE(sip_.numbers.empty());
  EXPECT_EQ(state_of("a01"), "on_outbound");
}

TEST_F(CentreTransfer, ToAGroupTheCustomerWaitsForItsNextFreeAgent) {
  centre_->agent_login("c01");
  centre_->agent_not_ready("c01", "break");
  centre_->transfer("a01", to("group", "care"));
  EXPECT_EQ(refused(), "");
  EXPECT_EQ(sip_.cancelled.size(), 1u);
  EXPECT_EQ(sip_.connected.size(), 1u) << "nobody in care is free yet";
  clock_.advance(10s, *centre_);
  EXPECT_TRUE(sip_.hung_up.empty()) << "waiting, not abandoned";
  centre_->agent_ready("c01");
  ASSERT_EQ(sip_.connected.size(), 2u);
  EXPECT_EQ(sip_.connected[1].second, "sip:c01@127.0.0.1:5092");
}

TEST_F(CentreTransfer, ToANumberRingsItAsTheCampaignAndTheResultStaysWithTheAgent) {
  centre_->transfer("a01", to("number", "030 7777777"));
  EXPECT_EQ(refused(), "");
  ASSERT_EQ(sip_.numbers.size(), 1u);
  EXPECT_EQ(sip_.numbers[0].uri, "sip:+49307777777@127.0.0.1:5080");
  EXPECT_EQ(sip_.numbers[0].from_uri, "sip:+4930555123@127.0.0.1");
  EXPECT_EQ(desks_.of("a01", "call_ended").size(), 1u);
  EXPECT_EQ(centre_->totals().awaiting_result, 1) << "a01 registers the result";
  centre_->on_leg_event(leg(call_, sip::Leg::agent, sip::LegEventKind::answered));
  EXPECT_TRUE(centre_->submit("a01", result()).empty());
  targets_.answer_result();
  ASSERT_EQ(targets_.finished.size(), 1u);
  EXPECT_EQ(targets_.finished[0].attempt.agent, "a01");
  centre_->on_leg_event(leg(call_, sip::Leg::agent, sip::LegEventKind::ended));
  EXPECT_EQ(targets_.finished.size(), 1u) << "the number's hang-up finishes nothing again";
}

TEST_F(CentreTransfer, APhonesReferHearsTheVerdictInItsNotify) {
  auto refer = [&](const std::string& target) {
    sip::LegEvent e = leg(call_, sip::Leg::agent, sip::LegEventKind::transfer_requested);
    e.to = target;
    centre_->on_leg_event(e);
  };
  refer("c01");  // an agent, logged out
  ASSERT_EQ(sip_.transfer_answers.size(), 1u);
  EXPECT_EQ(sip_.transfer_answers[0].status, 486);
  targets_.listed_dnc.insert({"", "+49309999999"});
  refer("0309999999");  // a number on the DNC list
  ASSERT_EQ(sip_.transfer_answers.size(), 2u);
  EXPECT_EQ(sip_.transfer_answers[1].status, 403);
  EXPECT_TRUE(sip_.cancelled.empty());
  refer("care");  // a group
  ASSERT_EQ(sip_.transfer_answers.size(), 3u);
  EXPECT_EQ(sip_.transfer_answers[2].status, 200);
  EXPECT_EQ(sip_.cancelled.size(), 1u) << "the phone's leg goes once it heard 200";
  EXPECT_EQ(state_of("a01"), "wrap_up");
}

TEST_F(CentreTransfer, ACustomerLostWhileHandedOnClosesTheAttempt) {
  centre_->transfer("a01", to("group", "care"));
  centre_->on_leg_event(leg(call_, sip::Leg::customer, sip::LegEventKind::ended));
  ASSERT_EQ(targets_.finished.size(), 1u);
  EXPECT_EQ(targets_.finished[0].attempt.outcome_label, "no_disposition");
  EXPECT_EQ(centre_->core().group_figures(*centre_->core().group_index("care")).transfers_lost, 1u);
}
