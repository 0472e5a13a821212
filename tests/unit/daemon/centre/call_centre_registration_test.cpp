// Agents whose phones register, in the call centre on simulated time with fakes of SIP, the
// target lists and the desks: no Ready without a registered phone (the desk is told why), a call
// offered to the phone through the gateway's registered URI, an idle agent made not ready when
// the registration goes, a call in progress left alone and its agent not made ready after it.
#include <gtest/gtest.h>

#include <memory>

#include "config/config_loader.hpp"
#include "daemon/centre/call_centre.hpp"
#include "tests/support/centre_fakes.hpp"
#include "tests/support/small_config.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

const std::string kYaml = test::kSipSection + R"(groups:
  - id: sales
    idle: { start_threshold: 1.0, stop_threshold: 1.0, reserve_agents: 0 }
    inbound_numbers: ['8005550100']
    agents:
      - id: a01
        sip_uri: registered
        sip_auth: { username: desk1, ha1: 0123456789abcdef0123456789abcdef }
      - { id: a02, sip_uri: "sip:a02@127.0.0.1:5090" }
)" + test::kSurveyCatalogue;

const policy::TimePoint kStart{std::chrono::seconds(1781085600)};

sip::Registration registration(const std::string& agent, int bindings, const char* cause) {
  sip::Registration r;
  r.agent = agent;
  r.cause = cause;
  for (int i = 0; i < bindings; ++i) {
    sip::Binding b;
    b.contact = "sip:desk1@10.0.0." + std::to_string(i + 1);
    b.target = "sip:desk1@127.0.0.1:" + std::to_string(6000 + i);
    b.expires_at_ms = 1781085600'000 + 600'000;
    r.bindings.push_back(b);
  }
  return r;
}

class CentreRegistration : public ::testing::Test {
 protected:
  void SetUp() override {
    centre_ = test::centre_on_fakes(kYaml, sip_, targets_, desks_, clock_);
    if (!centre_) GTEST_SKIP();
  }
  std::string state_of(const std::string& agent) const {
    return test::agent_state(*centre_, agent);
  }
  void inbound(sip::CallId call) {
    auto arrived =
        sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::inbound_arrived, 180);
    arrived.from = "+4930999888";
    arrived.to = "8005550100";
    centre_->on_leg_event(arrived);
  }

  test::FakeCallControl sip_;
  test::FakeTargetLists targets_;
  test::FakeDesktops desks_;
  test::SimClock clock_{kStart};
  std::unique_ptr<daemon::CallCentre> centre_;
};

}  // namespace

TEST_F(CentreRegistration, NoReadyWithoutARegisteredPhoneAndCallsGoToItsRegisteredUri) {
  centre_->agent_login("a01");
  EXPECT_FALSE(centre_->agent_ready("a01").empty());
  EXPECT_EQ(state_of("a01"), "not_ready");
  const auto errors = desks_.of("a01", "error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("phone_not_registered"), std::string::npos) << errors[0];
  // The fixed phone of a02 needs no registration.
  centre_->agent_login("a02");
  EXPECT_TRUE(centre_->agent_ready("a02").empty());
  centre_->agent_not_ready("a02", "break");

  centre_->phone_registration(registration("a01", 2, "registered"));
  EXPECT_TRUE(centre_->registers_phone("a01"));
  EXPECT_EQ(centre_->phone_bindings("a01").size(), 2u);
  EXPECT_TRUE(centre_->agent_ready("a01").empty());
  EXPECT_EQ(state_of("a01"), "idle");
  inbound(31);
  ASSERT_EQ(sip_.connected.size(), 1u);
  EXPECT_EQ(sip_.connected[0].second, sip::registered_uri("a01"));
}

TEST_F(CentreRegistration, AnIdleAgentWhosePhoneExpiresIsMadeNotReady) {
  centre_->phone_registration(registration("a01", 1, "registered"));
  centre_->agent_login("a01");
  ASSERT_TRUE(centre_->agent_ready("a01").empty());
  centre_->phone_registration(registration("a01", 0, "expired"));
  EXPECT_EQ(state_of("a01"), "not_ready");
  EXPECT_TRUE(centre_->phone_bindings("a01").empty());
  inbound(32);
  EXPECT_TRUE(sip_.connected.empty()) << "no call offered to a phone that is gone";
}

TEST_F(CentreRegistration, ACallInProgressGoesOnAndItsAgentIsNotMadeReadyAfterIt) {
  centre_->phone_registration(registration("a01", 1, "registered"));
  centre_->agent_login("a01");
  ASSERT_TRUE(centre_->agent_ready("a01").empty());
  inbound(33);
  ASSERT_EQ(sip_.connected.size(), 1u);
  centre_->on_leg_event(sip::leg_event(33, sip::Leg::agent, sip::LegEventKind::answered));
  EXPECT_EQ(state_of("a01"), "on_inbound");
  centre_->phone_registration(registration("a01", 0, "expired"));
  EXPECT_EQ(state_of("a01"), "on_inbound") << "the call's dialog does not need the registration";
  EXPECT_TRUE(sip_.hung_up.empty());
  centre_->on_leg_event(
      sip::leg_event(33, sip::Leg::customer, sip::LegEventKind::ended, 0, "customer"));
  desk::SubmitMessage m;
  m.call = "33";
  m.disposition = "success";
  m.answers["interested"] = true;
  ASSERT_TRUE(centre_->submit("a01", m).empty());
  targets_.answer_result();
  EXPECT_EQ(state_of("a01"), "not_ready") << "its phone is gone: not idle after the result";
}

TEST_F(CentreRegistration, RegistrationsOfAgentsWithFixedPhonesAreIgnored) {
  centre_->phone_registration(registration("a02", 1, "registered"));
  EXPECT_FALSE(centre_->registers_phone("a02"));
  EXPECT_TRUE(centre_->phone_bindings("a02").empty());
}
