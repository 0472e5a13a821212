// The call centre on simulated time with fakes of SIP, the target lists and the desktops: every
// step of a call's life and what the centre does when a neighbour is late, fails or is gone.
#include "daemon/centre/call_centre.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "config/config_loader.hpp"
#include "tests/support/centre_fakes.hpp"
#include "tests/support/small_config.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

// Two agents of one group, one progressive campaign, dialling whenever someone is idle.
const std::string kCentre = test::kSipSection + R"(groups:
  - id: sales
    idle: { start_threshold: 0.0, stop_threshold: 0.0, reserve_agents: 0 }
    offer_timeout_s: 15
    inbound_numbers: ['8005550100']
    agents:
      - { id: a01, sip_uri: "sip:a01@127.0.0.1:5090" }
      - { id: a02, sip_uri: "sip:a02@127.0.0.1:5091" }
campaigns:
  - id: spring
    group: sales
    pacing: progressive
    product: fibre
    questionnaire: survey
    abandon_after_s: 2
)" + test::kSurveyCatalogue;

config::BlenddConfig centre_config() {
  auto loaded = config::load_config_text(kCentre, "blendd.yaml");
  if (auto* errors = std::get_if<std::vector<config::ConfigError>>(&loaded)) {
    for (const auto& e : *errors) ADD_FAILURE() << e.to_string();
    return {};
  }
  return std::get<config::BlenddConfig>(loaded);
}

sip::LegEvent leg(sip::CallId call, sip::Leg which, sip::LegEventKind kind, int status = 200,
                  std::string reason = {}) {
  return sip::leg_event(call, which, kind, status, std::move(reason));
}

// 2026-06-10 10:00 UTC, a Wednesday: inside the default calling window.
const policy::TimePoint kStart{std::chrono::seconds(1781085600)};

class CallCentreTest : public ::testing::Test {
 protected:
  CallCentreTest()
      : clock_(kStart),
        centre_(std::make_unique<daemon::CallCentre>(centre_config(), sip_, targets_, desks_,
                                                     clock_.clock(), 7)) {}

  daemon::CallCentre& centre() { return *centre_; }

  // a01 ready, one target claimed and confirmed: its INVITE is out. Returns the call.
  sip::CallId dial_one(const std::string& number = "+49301234567") {
    centre().agent_login("a01");
    centre().agent_ready("a01");
    EXPECT_FALSE(targets_.claims.empty()) << "an idle agent makes the core claim a target";
    if (targets_.claims.empty()) return 0;
    EXPECT_EQ(targets_.claims.front().campaign, "spring");
    targets_.answer_claim({number});
    clock_.advance(1s, centre());
    EXPECT_EQ(targets_.confirms.size(), 1u) << "the store's word is asked before the INVITE";
    EXPECT_TRUE(sip_.originated.empty());
    if (targets_.confirms.empty()) return 0;
    targets_.answer_confirm();
    EXPECT_EQ(sip_.originated.size(), 1u);
    return sip_.originated.empty() ? 0 : sip_.originated.back().call;
  }

  test::FakeCallControl sip_;
  test::FakeTargetLists targets_;
  test::FakeDesktops desks_;
  test::SimClock clock_;
  std::unique_ptr<daemon::CallCentre> centre_;
};

}  // namespace

TEST_F(CallCentreTest, AnOutboundCallFromClaimToStoredResult) {
  const sip::CallId call = dial_one();
  ASSERT_NE(call, 0u);
  EXPECT_NE(sip_.originated[0].uri.find("+49301234567"), std::string::npos);
  EXPECT_EQ(sip_.originated[0].from_uri, "sip:+4930555000@127.0.0.1");
  centre().on_leg_event(leg(call, sip::Leg::customer, sip::LegEventKind::answered));
  ASSERT_EQ(sip_.connected.size(), 1u);
  EXPECT_EQ(sip_.connected[0].second, "sip:a01@127.0.0.1:5090");
  ASSERT_EQ(desks_.of("a01", "call_offered").size(), 1u);
  EXPECT_NE(desks_.of("a01", "call_offered")[0].find("+49301234567"), std::string::npos);
  centre().on_leg_event(leg(call, sip::Leg::agent, sip::LegEventKind::answered));
  EXPECT_EQ(desks_.of("a01", "call_connected").size(), 1u);
  centre().on_leg_event(leg(call, sip::Leg::customer, sip::LegEventKind::ended, 0, "customer"));
  EXPECT_EQ(desks_.of("a01", "call_ended").size(), 1u);
  EXPECT_EQ(centre().totals().awaiting_result, 1);

  desk::SubmitMessage m;
  m.call = std::to_string(call);
  m.disposition = "success";
  m.answers["interested"] = true;
  EXPECT_TRUE(centre().submit("a01", m).empty());
  ASSERT_EQ(targets_.results.size(), 1u);
  EXPECT_TRUE(desks_.of("a01", "submitted").empty()) << "acknowledged only once stored";
  EXPECT_TRUE(targets_.finished.empty());
  targets_.answer_result();
  EXPECT_EQ(desks_.of("a01", "submitted").size(), 1u);
  ASSERT_EQ(targets_.finished.size(), 1u);
  EXPECT_EQ(targets_.finished[0].attempt.outcome, policy::DialOutcome::answered);
  EXPECT_TRUE(targets_.finished[0].attempt.completed);
  EXPECT_EQ(targets_.finished[0].attempt.outcome_label, "success");
  EXPECT_EQ(centre().totals().results_stored, 1);
  EXPECT_EQ(centre().totals().calls_active, 0);
}

TEST_F(CallCentreTest, AnAnsweredCustomerWithoutAnAgentIsAbandonedAfterTheCampaignsDelay) {
  const sip::CallId call = dial_one();
  ASSERT_NE(call, 0u);
  centre().agent_not_ready("a01", "break");  // the only agent leaves while the phone rings
  centre().on_leg_event(leg(call, sip::Leg::customer, sip::LegEventKind::answered));
  EXPECT_TRUE(sip_.connected.empty());
  clock_.advance(1900ms, centre());
  EXPECT_TRUE(sip_.hung_up.empty()) << "still within abandon_after_s";
  clock_.advance(200ms, centre());
  ASSERT_EQ(sip_.hung_up.size(), 1u);
  EXPECT_EQ(sip_.hung_up[0], call);
  ASSERT_EQ(targets_.finished.size(), 1u);
  EXPECT_EQ(targets_.finished[0].attempt.outcome, policy::DialOutcome::abandoned);
}

TEST_F(CallCentreTest, AnAgentPhoneThatNeverAnswersIsCancelledAndTheNextAgentOffered) {
  // An inbound caller (outbound customers are abandoned within 2 s, before any second offer).
  for (const char* agent : {"a01", "a02"}) centre().agent_login(agent);
  centre().agent_ready("a01");
  while (!targets_.claims.empty()) targets_.answer_claim({});  // nothing to dial today
  auto arrived = leg(900, sip::Leg::customer, sip::LegEventKind::inbound_arrived, 0);
  arrived.from = "+4930999888";
  arrived.to = "8005550100";
  centre().on_leg_event(arrived);
  ASSERT_EQ(sip_.connected.size(), 1u);
  EXPECT_EQ(sip_.connected[0].second, "sip:a01@127.0.0.1:5090");
  centre().agent_ready("a02");
  while (!targets_.claims.empty()) targets_.answer_claim({});
  clock_.advance(14s, centre());
  EXPECT_TRUE(sip_.cancelled.empty());
  clock_.advance(2s, centre());
  ASSERT_EQ(sip_.cancelled.size(), 1u) << "offer_timeout_s: 15";
  EXPECT_EQ(sip_.cancelled[0], 900u);
  EXPECT_EQ(desks_.of("a01", "call_withdrawn").size(), 1u);
  ASSERT_EQ(sip_.connected.size(), 2u);
  EXPECT_EQ(sip_.connected[1].first, 900u);
  EXPECT_EQ(sip_.connected[1].second, "sip:a02@127.0.0.1:5091");
}

TEST_F(CallCentreTest, ALogoutWhileThePhoneRingsCancelsThatLeg) {
  const sip::CallId call = dial_one();
  ASSERT_NE(call, 0u);
  centre().on_leg_event(leg(call, sip::Leg::customer, sip::LegEventKind::answered));
  ASSERT_EQ(sip_.connected.size(), 1u);
  centre().agent_logout("a01");
  ASSERT_EQ(sip_.cancelled.size(), 1u);
  EXPECT_EQ(sip_.cancelled[0], call);
}

TEST_F(CallCentreTest, AFailedClaimIsCountedAndNothingIsDialled) {
  centre().agent_login("a01");
  centre().agent_ready("a01");
  ASSERT_EQ(targets_.claims.size(), 1u);
  targets_.fail_claim();
  EXPECT_EQ(centre().totals().store_errors, 1);
  EXPECT_TRUE(targets_.confirms.empty());
  EXPECT_TRUE(sip_.originated.empty());
  clock_.advance(10s, centre());
  EXPECT_FALSE(targets_.claims.empty()) << "claimed again later";
}

TEST_F(CallCentreTest, AConfirmationRefusedByTheStoreIsNotDialled) {
  centre().agent_login("a01");
  centre().agent_ready("a01");
  targets_.answer_claim({"+49301234567"});
  clock_.advance(1s, centre());
  ASSERT_EQ(targets_.confirms.size(), 1u);
  targets_.answer_confirm("dnc_global");
  EXPECT_TRUE(sip_.originated.empty());
  EXPECT_EQ(centre().totals().withdrawn_at_invite, 1);
}

TEST_F(CallCentreTest, AResultTheStoreCannotTakeIsKeptAndStoredWhenItAnswers) {
  const sip::CallId call = dial_one();
  centre().on_leg_event(leg(call, sip::Leg::customer, sip::LegEventKind::answered));
  centre().on_leg_event(leg(call, sip::Leg::agent, sip::LegEventKind::answered));
  centre().on_leg_event(leg(call, sip::Leg::customer, sip::LegEventKind::ended, 0, "customer"));
  desk::SubmitMessage m;
  m.call = std::to_string(call);
  m.disposition = "refused";
  m.answers["interested"] = false;
  ASSERT_TRUE(centre().submit("a01", m).empty());
  targets_.answer_result(std::make_error_code(std::errc::timed_out));
  EXPECT_EQ(desks_.of("a01", "error").size(), 1u) << "told it is not stored yet";
  EXPECT_TRUE(desks_.of("a01", "submitted").empty());
  EXPECT_TRUE(targets_.finished.empty());
  centre().store_available(false);
  centre().store_available(true);
  ASSERT_EQ(targets_.results.size(), 1u) << "retried when the store answers again";
  targets_.answer_result();
  EXPECT_EQ(desks_.of("a01", "submitted").size(), 1u);
  ASSERT_EQ(targets_.finished.size(), 1u);
  EXPECT_EQ(targets_.finished[0].attempt.outcome_label, "refused");
}

TEST_F(CallCentreTest, StoppingHangsUpClosesAttemptsAndReleasesClaimedTargets) {
  const sip::CallId call = dial_one();
  centre().on_leg_event(leg(call, sip::Leg::customer, sip::LegEventKind::answered));
  centre().on_leg_event(leg(call, sip::Leg::agent, sip::LegEventKind::answered));
  centre().agent_login("a02");
  centre().agent_ready("a02");
  ASSERT_FALSE(targets_.claims.empty());
  targets_.answer_claim({"+49301234568"});  // claimed, being confirmed
  centre().shutdown();
  EXPECT_NE(std::find(sip_.hung_up.begin(), sip_.hung_up.end(), call), sip_.hung_up.end());
  ASSERT_EQ(targets_.finished.size(), 1u);
  EXPECT_EQ(targets_.finished[0].attempt.outcome_label, "interrupted");
  EXPECT_EQ(targets_.released, std::vector<std::string>{"+49301234568"});
}

TEST_F(CallCentreTest, RepliesThatComeAfterTheCentreIsGoneDoNothing) {
  centre().agent_login("a01");
  centre().agent_ready("a01");
  ASSERT_EQ(targets_.claims.size(), 1u);
  centre_->shutdown();
  centre_.reset();
  // The store answers late: without the centre's lifetime guard this runs on freed memory (the
  // sanitizer build reports it).
  targets_.answer_claim({"+49301234567"});
  EXPECT_TRUE(targets_.confirms.empty());
  EXPECT_TRUE(sip_.originated.empty());
}

// After a failover the agent's desk sends the result of a call this node never had: taken for
// the attempt the store holds in review (once), refused for one it does not, checked like any.
TEST_F(CallCentreTest, AResultForAnAttemptOfAFailedNodeIsStoredForItsReviewEntry) {
  centre().agent_login("a01");
  desk::SubmitMessage m;
  m.call = "17";  // the failed node's call id: unknown here
  m.attempt = "42";
  m.campaign = "spring";
  m.number = "+49301234567";
  m.disposition = "do_not_call";
  m.answers["interested"] = false;
  targets_.in_review.insert("+49301234567");
  EXPECT_TRUE(centre().submit("a01", m).empty());
  ASSERT_EQ(targets_.late_results.size(), 1u);
  EXPECT_EQ(targets_.late_results[0].attempt, "42");
  EXPECT_EQ(targets_.late_results[0].fields.at("disposition"), "do_not_call");
  EXPECT_EQ(targets_.late_results[0].fields.at("agent"), "a01");
  EXPECT_EQ(desks_.of("a01", "submitted").size(), 1u);
  ASSERT_EQ(targets_.dnc.size(), 1u) << "a do-not-call registered late still lists the number";
  EXPECT_EQ(targets_.dnc[0].second, "+49301234567");

  // No such attempt in review: nothing acknowledged, the reason named.
  m.number = "+49309999999";
  EXPECT_TRUE(centre().submit("a01", m).empty());
  EXPECT_EQ(desks_.of("a01", "submitted").size(), 1u);
  ASSERT_FALSE(desks_.of("a01", "error").empty());
  EXPECT_NE(desks_.of("a01", "error").back().find("awaits a result"), std::string::npos);

  // Checked like any result: a bad disposition or a missing number is refused at once.
  m.disposition = "maybe";
  EXPECT_EQ(centre().submit("a01", m).at(0).field, "disposition");
  m.disposition = "refused";
  m.number.clear();
  EXPECT_EQ(centre().submit("a01", m).at(0).field, "number");
  m.attempt.clear();
  EXPECT_EQ(centre().submit("a01", m).at(0).field, "call") << "without an attempt: unknown call";
}

// The last fence before every INVITE: a node whose lease may have run out (by its own clock)
// places no call even when the store's confirm said yes (it came before the pause).
TEST_F(CallCentreTest, NoInviteLeavesANodeWhoseLeaseMayHaveRunOut) {
  bool may_act = true;
  centre().fence_with([&] { return may_act; });
  centre().agent_login("a01");
  centre().agent_ready("a01");
  ASSERT_FALSE(targets_.claims.empty());
  targets_.answer_claim({"+49301234567"});
  clock_.advance(1s, centre());
  ASSERT_EQ(targets_.confirms.size(), 1u);
  may_act = false;  // the pause: the lease ran out meanwhile
  targets_.answer_confirm();
  EXPECT_TRUE(sip_.originated.empty()) << "an INVITE after the lease ran out";
  EXPECT_EQ(centre().totals().fenced_invites, 1);
  EXPECT_EQ(targets_.released.size(), 1u) << "handed back (the store refuses it if fenced)";
}
