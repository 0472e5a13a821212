// Answering-machine detection in the call centre, on simulated time with fakes of SIP, the target
// lists and the desks: an AMD campaign's calls are dialled with the detector's parameters; the
// gateway's verdict becomes the campaign's action (an agent, a hang-up, the voicemail message, the
// abandon message for a doubt hung up on); the verdict and its time go into the attempt's record,
// the agent's result and the events.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>

#include "config/config_loader.hpp"
#include "daemon/centre/call_centre.hpp"
#include "tests/support/centre_fakes.hpp"
#include "tests/support/small_config.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

std::string centre_yaml(const std::string& amd) {
  return test::kSipSection + R"(media:
  mode: relay
  abandon_message: /srv/blendd/abandon.wav
groups:
  - id: sales
    idle: { start_threshold: 0.0, stop_threshold: 0.0, reserve_agents: 0 }
    agents:
      - { id: a01, sip_uri: "sip:a01@127.0.0.1:5090" }
campaigns:
  - id: spring
    group: sales
    pacing: progressive
    product: fibre
    questionnaire: survey
    amd: )" +
         amd + "\n" + test::kSurveyCatalogue;
}

config::BlenddConfig load(const std::string& yaml) {
  auto loaded = config::load_config_text(yaml, "blendd.yaml");
  if (auto* errors = std::get_if<std::vector<config::ConfigError>>(&loaded)) {
    for (const auto& e : *errors) ADD_FAILURE() << e.to_string();
    return {};
  }
  return std::get<config::BlenddConfig>(loaded);
}

const policy::TimePoint kStart{std::chrono::seconds(1781085600)};  // Wednesday 10:00 UTC

class CentreAmd : public ::testing::Test {
 protected:
  void start(const std::string& amd) {
    centre_ = std::make_unique<daemon::CallCentre>(load(centre_yaml(amd)), sip_, targets_, desks_,
                                                   clock_.clock(), 7);
    centre_->observe_events([this](daemon::CtiEvent e) { events_.push_back(std::move(e)); });
  }
  // Dialled and answered: the call waits for its verdict.
  sip::CallId answered() {
    centre_->agent_login("a01");
    centre_->agent_ready("a01");
    if (targets_.claims.empty()) return 0;
    targets_.answer_claim({"+49301234567"});
    clock_.advance(1s, *centre_);
    if (targets_.confirms.empty()) return 0;
    targets_.answer_confirm();
    if (sip_.originated.empty()) return 0;
    const sip::CallId call = sip_.originated.back().call;
    centre_->on_leg_event(
        sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::answered, 200));
    return call;
  }
  void verdict(sip::CallId call, const std::string& cause, int ms) {
    auto e = sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::amd_decided, 0, cause);
    e.amd_cause = cause;
    e.amd_ms = ms;
    clock_.advance(std::chrono::milliseconds(ms), *centre_);
    centre_->on_leg_event(e);
  }
  const daemon::CtiEvent* event(const std::string& type) const {
    for (const auto& e : events_) {
      if (e.type == type) return &e;
    }
    return nullptr;
  }

  test::FakeCallControl sip_;
  test::FakeTargetLists targets_;
  test::FakeDesktops desks_;
  test::SimClock clock_{kStart};
  std::unique_ptr<daemon::CallCentre> centre_;
  std::vector<daemon::CtiEvent> events_;
};

}  // namespace

TEST_F(CentreAmd, APersonGoesToTheAgentAndTheVerdictIsInTheResult) {
  start("{ enabled: true, greeting_ms: 2800 }");
  const sip::CallId call = answered();
  ASSERT_NE(call, 0u);
  ASSERT_TRUE(sip_.originated.back().amd.has_value()) << "dialled with the detector's parameters";
  EXPECT_EQ(sip_.originated.back().amd->greeting_ms, 2800);
  EXPECT_TRUE(sip_.connected.empty()) << "no agent before the verdict";
  verdict(call, "human/pause_after_greeting", 1180);
  ASSERT_EQ(sip_.connected.size(), 1u);
  EXPECT_EQ(sip_.connected[0].first, call);
  const daemon::CtiEvent* amd = event("call.amd");
  ASSERT_NE(amd, nullptr);
  const auto data = boost::json::parse(amd->data).as_object();
  EXPECT_EQ(data.at("verdict").as_string(), "human");
  EXPECT_EQ(data.at("cause").as_string(), "human/pause_after_greeting");
  EXPECT_EQ(data.at("decision_ms").as_string(), "1180");
  EXPECT_EQ(data.at("action").as_string(), "to_agent");
  centre_->on_leg_event(sip::leg_event(call, sip::Leg::agent, sip::LegEventKind::answered, 200));
  centre_->on_leg_event(
      sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::ended, 0, "customer"));
  desk::SubmitMessage m;
  m.call = std::to_string(call);
  m.disposition = "refused";
  m.answers = {{"interested", false}};
  ASSERT_TRUE(centre_->submit("a01", m).empty());
  ASSERT_EQ(targets_.results.size(), 1u);
  EXPECT_EQ(targets_.results[0].fields.at("amd"), "human/pause_after_greeting");
  EXPECT_EQ(targets_.results[0].fields.at("amd_ms"), "1180");
  EXPECT_EQ(centre_->totals().amd_human, 1);
}

TEST_F(CentreAmd, AMachineIsHungUpOnAndItsAttemptCarriesTheVerdict) {
  start("{ enabled: true, on_machine: hang_up }");
  const sip::CallId call = answered();
  ASSERT_NE(call, 0u);
  verdict(call, "machine/long_greeting", 3420);
  EXPECT_EQ(sip_.hung_up, std::vector<sip::CallId>{call});
  EXPECT_TRUE(sip_.connected.empty()) << "no agent is offered a machine";
  ASSERT_EQ(targets_.finished.size(), 1u);
  const auto& a = targets_.finished[0].attempt;
  EXPECT_EQ(a.outcome, policy::DialOutcome::machine);
  EXPECT_EQ(a.amd, "machine/long_greeting");
  EXPECT_EQ(a.amd_ms, 3420);
  ASSERT_EQ(targets_.results.size(), 1u) << "the results export shows it";
  EXPECT_EQ(targets_.results[0].fields.at("disposition"), "machine");
  EXPECT_EQ(targets_.results[0].fields.at("amd"), "machine/long_greeting");
  EXPECT_EQ(targets_.results[0].fields.at("agent"), "");
  EXPECT_EQ(centre_->core().campaign_figures(0).machines, 1u);
  EXPECT_EQ(centre_->totals().calls_active, 0) << "the centre is done with it";
  centre_->on_leg_event(
      sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::ended, 0, "blendd"));
  EXPECT_EQ(targets_.finished.size(), 1u) << "recorded once";
}

TEST_F(CentreAmd, AMachineGetsTheVoicemailAndTheOutcomeWaitsForItsEnd) {
  start("{ enabled: true, on_machine: voicemail_drop, voicemail_message: /srv/vm.wav }");
  const sip::CallId call = answered();
  ASSERT_NE(call, 0u);
  verdict(call, "machine/max_words", 2100);
  ASSERT_EQ(sip_.voicemails.size(), 1u);
  EXPECT_EQ(sip_.voicemails[0], (std::pair<sip::CallId, std::string>{call, "/srv/vm.wav"}));
  EXPECT_TRUE(sip_.hung_up.empty()) << "the gateway hangs up after the message";
  EXPECT_TRUE(targets_.finished.empty()) << "not yet: left or not is still open";
  centre_->on_leg_event(
      sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::voicemail_left));
  ASSERT_EQ(targets_.finished.size(), 1u);
  EXPECT_EQ(targets_.finished[0].attempt.outcome, policy::DialOutcome::voicemail_left);
  EXPECT_EQ(targets_.finished[0].attempt.amd, "machine/max_words");
  ASSERT_EQ(targets_.results.size(), 1u);
  EXPECT_EQ(targets_.results[0].fields.at("disposition"), "voicemail_left");
  centre_->on_leg_event(
      sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::ended, 0, "voicemail left"));
  EXPECT_EQ(targets_.finished.size(), 1u);
  EXPECT_EQ(centre_->totals().calls_active, 0);
  EXPECT_EQ(centre_->totals().voicemails_left, 1);
  EXPECT_EQ(centre_->core().campaign_figures(0).voicemails_left, 1u);
}

TEST_F(CentreAmd, AMachineThatHangsUpBeforeTheMessageIsOutcomeMachine) {
  start("{ enabled: true, on_machine: voicemail_drop, voicemail_message: /srv/vm.wav }");
  const sip::CallId call = answered();
  ASSERT_NE(call, 0u);
  verdict(call, "machine/long_greeting", 3000);
  centre_->on_leg_event(
      sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::ended, 0, "customer"));
  ASSERT_EQ(targets_.finished.size(), 1u);
  EXPECT_EQ(targets_.finished[0].attempt.outcome, policy::DialOutcome::machine);
}

TEST_F(CentreAmd, ADoubtHungUpOnHearsTheAbandonMessageAndIsAnAbandon) {
  start("{ enabled: true, on_unsure: hang_up }");
  const sip::CallId call = answered();
  ASSERT_NE(call, 0u);
  verdict(call, "unsure/initial_silence", 4000);
  ASSERT_EQ(sip_.announced.size(), 1u);
  EXPECT_EQ(sip_.announced[0].second, "/srv/blendd/abandon.wav");
  ASSERT_EQ(targets_.finished.size(), 1u);
  EXPECT_EQ(targets_.finished[0].attempt.outcome, policy::DialOutcome::abandoned);
  EXPECT_EQ(centre_->core().campaign_figures(0).abandons, 1u);
}

TEST_F(CentreAmd, APreviewOrManualCallIsNotAnalysed) {
  start("{ enabled: true }");
  centre_->agent_login("a01");
  EXPECT_EQ(centre_->manual_dial("a01", {"+49301234567", ""}), "");
  ASSERT_EQ(targets_.manual_claims.size(), 1u);
  targets_.answer_manual();
  targets_.answer_confirm();
  ASSERT_EQ(sip_.originated.size(), 1u);
  EXPECT_FALSE(sip_.originated[0].amd.has_value()) << "the agent is on the line already";
}

TEST_F(CentreAmd, AVerdictAfterTheCoreGaveUpWaitingChangesNothing) {
  start("{ enabled: true, on_machine: hang_up }");
  const sip::CallId call = answered();
  ASSERT_NE(call, 0u);
  clock_.advance(9s, *centre_);  // amd_timeout (8 s): to an agent
  ASSERT_EQ(sip_.connected.size(), 1u);
  verdict(call, "machine/long_greeting", 9100);
  EXPECT_TRUE(sip_.hung_up.empty()) << "the agent's call is not hung up";
  EXPECT_TRUE(targets_.finished.empty());
}
