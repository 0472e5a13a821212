// The desk page as the agent's phone, in the call centre on simulated time with fakes of SIP,
// the target lists and the desks: the relay's offer reaches the page, the page's answer ends the
// ring but the call is the agent's only once its audio flows; audio that never comes (or fails)
// is a missed call and the customer goes to the next agent; a reloaded desk gets the call back
// and is asked for its media; another agent's page cannot act on the call.
#include <gtest/gtest.h>

#include <memory>

#include "config/config_loader.hpp"
#include "daemon/centre/call_centre.hpp"
#include "tests/support/centre_fakes.hpp"
#include "tests/support/small_config.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

const std::string kYaml = test::kSipSection + R"(media:
  mode: relay
  webrtc_connect_timeout_ms: 3000
  hold_message: /srv/blendd/hold.wav
groups:
  - id: sales
    idle: { start_threshold: 0.0, stop_threshold: 0.0, reserve_agents: 0 }
    offer_timeout_s: 15
    inbound_numbers: ['8005550100']
    agents:
      - { id: a01, phone: webrtc }
      - { id: a02, sip_uri: "sip:a02@127.0.0.1:5090" }
campaigns:
  - id: spring
    group: sales
    pacing: progressive
    product: fibre
    questionnaire: survey
)" + test::kSurveyCatalogue;

const std::string kOffer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 x\r\n";
const policy::TimePoint kStart{std::chrono::seconds(1781085600)};

class CentrePhone : public ::testing::Test {
 protected:
  void SetUp() override {
    centre_ = test::centre_on_fakes(kYaml, sip_, targets_, desks_, clock_);
    if (!centre_) GTEST_SKIP();
  }
  // a01 alone is ready: the customer's answered call is offered to its page.
  sip::CallId answered_call() {
    centre_->agent_login("a01");
    centre_->agent_ready("a01");
    if (targets_.claims.empty()) return 0;
    targets_.answer_claim({"+49301234567"});
    clock_.advance(1s, *centre_);
    if (targets_.confirms.empty()) return 0;
    targets_.answer_confirm();
    if (sip_.originated.empty()) return 0;
    const sip::CallId call = sip_.originated.back().call;
    centre_->on_leg_event(sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::answered));
    return call;
  }
  void offer_to_page(sip::CallId call) {
    centre_->on_leg_event(
        sip::leg_event(call, sip::Leg::agent, sip::LegEventKind::browser_offer, 0, "", kOffer));
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

TEST_F(CentrePhone, ThePageAnswersAndTheCallIsTheAgentsOnceItsAudioFlows) {
  const sip::CallId call = answered_call();
  ASSERT_NE(call, 0u);
  ASSERT_EQ(sip_.browsers, std::vector<sip::CallId>{call}) << "no SIP INVITE for a page";
  EXPECT_TRUE(sip_.connected.empty());
  offer_to_page(call);
  // The callback picker's clocks: a German number's, from its country.
  const auto card = desks_.of("a01", "call_offered");
  ASSERT_EQ(card.size(), 1u);
  EXPECT_NE(card[0].find(R"("time_zones":["Europe/Berlin"])"), std::string::npos) << card[0];
  const auto offers = desks_.of("a01", "phone_offer");
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_NE(offers[0].find("m=audio 9"), std::string::npos) << offers[0];
  const std::string key = std::to_string(call);
  centre_->phone_answer("a01", {key, "v=0\r\nm=audio 5 x\r\n"});
  ASSERT_EQ(sip_.browser_answers.size(), 1u);
  EXPECT_EQ(sip_.browser_answers[0].second, "v=0\r\nm=audio 5 x\r\n");
  // The customer has the answer, but no audio yet: not bridged.
  centre_->on_leg_event(sip::leg_event(call, sip::Leg::agent, sip::LegEventKind::answered));
  EXPECT_TRUE(desks_.of("a01", "call_connected").empty());
  EXPECT_EQ(state_of("a01"), "reserved");
  centre_->phone_media("a01", {key, true, ""});
  EXPECT_EQ(desks_.of("a01", "call_connected").size(), 1u);
  EXPECT_EQ(state_of("a01"), "on_outbound");
  // Hold plays the hold message to the customer; the page's hang-up ends the call.
  centre_->phone_hold("a01", {key, true});
  ASSERT_EQ(sip_.holds.size(), 1u);
  EXPECT_TRUE(sip_.holds[0].on);
  EXPECT_EQ(sip_.holds[0].file, "/srv/blendd/hold.wav");
  centre_->phone_hang_up("a01", {key});
  EXPECT_EQ(sip_.browser_hang_ups, std::vector<sip::CallId>{call});
}

// An inbound caller queues: the next agent takes them. (An outbound customer waits at most
// abandon_after_s for an agent, far less than a ring and a media timeout.)
TEST_F(CentrePhone, AudioThatNeverConnectsIsAMissedCallAndTheCallerGoesToTheNextAgent) {
  centre_->agent_login("a02");
  centre_->agent_login("a01");
  centre_->agent_ready("a01");
  const sip::CallId call = 77;
  auto arrived = sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::inbound_arrived, 180);
  arrived.from = "+4930999888";
  arrived.to = "8005550100";
  centre_->on_leg_event(arrived);
  ASSERT_EQ(sip_.browsers, std::vector<sip::CallId>{call});
  offer_to_page(call);
  const std::string key = std::to_string(call);
  clock_.advance(12s, *centre_);  // it rang 12 of 15 s
  centre_->phone_answer("a01", {key, "v=0\r\nm=audio 5 x\r\n"});
  centre_->on_leg_event(sip::leg_event(call, sip::Leg::agent, sip::LegEventKind::answered));
  centre_->agent_ready("a02");
  EXPECT_TRUE(sip_.connected.empty()) << "a02 waits: the call is a01's until its audio fails";
  clock_.advance(2900ms, *centre_);
  EXPECT_TRUE(sip_.cancelled.empty()) << "the audio has 3 s from the answer, not the ring's 3 s";
  clock_.advance(200ms, *centre_);
  ASSERT_EQ(sip_.cancelled, std::vector<sip::CallId>{call});
  EXPECT_EQ(desks_.of("a01", "call_withdrawn").size(), 1u);
  EXPECT_EQ(state_of("a01"), "not_ready");
  ASSERT_EQ(sip_.connected.size(), 1u) << "offered to a02's SIP phone";
  EXPECT_EQ(sip_.connected[0].second, "sip:a02@127.0.0.1:5090");
  // The page's late word changes nothing.
  centre_->phone_media("a01", {key, true, ""});
  EXPECT_TRUE(desks_.of("a01", "call_connected").empty());
}

TEST_F(CentrePhone, APageWhoseAudioFailsIsAMissedCallAtOnce) {
  const sip::CallId call = answered_call();
  ASSERT_NE(call, 0u);
  offer_to_page(call);
  const std::string key = std::to_string(call);
  centre_->phone_answer("a01", {key, "v=0\r\nm=audio 5 x\r\n"});
  centre_->phone_media("a01", {key, false, "ICE failed"});
  EXPECT_EQ(sip_.cancelled, std::vector<sip::CallId>{call});
  const auto withdrawn = desks_.of("a01", "call_withdrawn");
  ASSERT_EQ(withdrawn.size(), 1u);
  EXPECT_NE(withdrawn[0].find("no audio"), std::string::npos) << withdrawn[0];
  EXPECT_EQ(state_of("a01"), "not_ready");
}

TEST_F(CentrePhone, AReloadedDeskGetsItsCallBackAndIsAskedForItsMedia) {
  const sip::CallId call = answered_call();
  ASSERT_NE(call, 0u);
  offer_to_page(call);
  const std::string key = std::to_string(call);
  centre_->phone_answer("a01", {key, "v=0\r\nm=audio 5 x\r\n"});
  centre_->on_leg_event(sip::leg_event(call, sip::Leg::agent, sip::LegEventKind::answered));
  centre_->phone_media("a01", {key, true, ""});
  desks_.sent.clear();
  centre_->desk_opened("a01");
  ASSERT_EQ(desks_.of("a01", "call_offered").size(), 1u);
  ASSERT_EQ(desks_.of("a01", "phone_resume").size(), 1u);
  centre_->phone_offer("a01", {key, "v=0\r\nm=audio 7 x\r\n"});
  ASSERT_EQ(sip_.browser_reoffers.size(), 1u);
  centre_->on_leg_event(sip::leg_event(call, sip::Leg::agent, sip::LegEventKind::browser_answer,
                                       200, "", "v=0\r\nm=audio 8 x\r\n"));
  ASSERT_EQ(desks_.of("a01", "phone_answer").size(), 1u);
  EXPECT_EQ(state_of("a01"), "on_outbound") << "the call went on throughout";
}

TEST_F(CentrePhone, AnotherAgentsPageCannotActOnTheCall) {
  centre_->agent_login("a02");
  const sip::CallId call = answered_call();
  ASSERT_NE(call, 0u);
  offer_to_page(call);
  const std::string key = std::to_string(call);
  centre_->phone_answer("a02", {key, "v=0\r\nm=audio 5 x\r\n"});
  centre_->phone_hang_up("a02", {key});
  EXPECT_TRUE(sip_.browser_answers.empty());
  EXPECT_TRUE(sip_.browser_hang_ups.empty());
  const auto errors = desks_.of("a02", "error");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].find("not_your_call"), std::string::npos) << errors[0];
}
