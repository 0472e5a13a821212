// Recordings and announcements in the call centre, on simulated time with fakes of SIP, the
// target lists and the desks: which calls are recorded (a campaign's `recording`, an inbound
// group's share, the disk), what the recorder hears of each, the abandon message and the queue
// message rtpengine plays.
#include <gtest/gtest.h>

#include <memory>

#include "config/config_loader.hpp"
#include "daemon/centre/call_centre.hpp"
#include "tests/support/centre_fakes.hpp"
#include "tests/support/small_config.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using daemon::RecordingNote;

namespace {

std::string centre_yaml(const std::string& campaign_recording, const std::string& group_recording,
                        const std::string& mode = "relay") {
  return test::kSipSection + "media:\n  mode: " + mode + R"(
  abandon_message: /srv/blendd/abandon.wav
  queue_message: /srv/blendd/queue.wav
groups:
  - id: sales
    idle: { start_threshold: 0.0, stop_threshold: 0.0, reserve_agents: 0 }
    inbound_numbers: ['8005550100']
    recording: )" +
         group_recording + R"(
    agents:
      - { id: a01, sip_uri: "sip:a01@127.0.0.1:5090" }
campaigns:
  - id: spring
    group: sales
    pacing: progressive
    product: fibre
    questionnaire: survey
    recording: )" +
         campaign_recording + "\n" + test::kSurveyCatalogue;
}

config::BlenddConfig load(const std::string& yaml) {
  auto loaded = config::load_config_text(yaml, "blendd.yaml");
  if (auto* errors = std::get_if<std::vector<config::ConfigError>>(&loaded)) {
    for (const auto& e : *errors) ADD_FAILURE() << e.to_string();
    return {};
  }
  return std::get<config::BlenddConfig>(loaded);
}

sip::LegEvent leg(sip::CallId call, sip::Leg which, sip::LegEventKind kind) {
  return sip::leg_event(call, which, kind, 200);
}

const policy::TimePoint kStart{std::chrono::seconds(1781085600)};  // Wednesday 10:00 UTC

class CentreRecording : public ::testing::Test {
 protected:
  void start(const std::string& yaml, bool disk_ok = true) {
    centre_ =
        std::make_unique<daemon::CallCentre>(load(yaml), sip_, targets_, desks_, clock_.clock(), 7);
    centre_->observe_recordings([this](const RecordingNote& n) { notes_.push_back(n); },
                                [disk_ok] { return disk_ok; });
  }
  sip::CallId dial_one() {
    centre_->agent_login("a01");
    centre_->agent_ready("a01");
    if (targets_.claims.empty()) return 0;
    targets_.answer_claim({"+49301234567"});
    clock_.advance(1s, *centre_);
    if (targets_.confirms.empty()) return 0;
    targets_.answer_confirm();
    return sip_.originated.empty() ? 0 : sip_.originated.back().call;
  }
  sip::LegEvent inbound(sip::CallId call) {
    auto e = leg(call, sip::Leg::customer, sip::LegEventKind::inbound_arrived);
    e.from = "+4930999888";
    e.to = "8005550100";
    return e;
  }

  test::FakeCallControl sip_;
  test::FakeTargetLists targets_;
  test::FakeDesktops desks_;
  test::SimClock clock_{kStart};
  std::unique_ptr<daemon::CallCentre> centre_;
  std::vector<RecordingNote> notes_;
};

}  // namespace

TEST_F(CentreRecording, ARecordedCallTellsTheRecorderEachStepAndItsResult) {
  start(centre_yaml("all", "none"));
  const sip::CallId call = dial_one();
  ASSERT_NE(call, 0u);
  ASSERT_EQ(sip_.recorded, std::vector<sip::CallId>{call})
      << "asked after the INVITE, before any offer";
  ASSERT_EQ(notes_.size(), 1u);
  EXPECT_EQ(notes_[0].kind, RecordingNote::Kind::started);
  EXPECT_EQ(notes_[0].direction, "outbound");
  EXPECT_EQ(notes_[0].campaign, "spring");
  EXPECT_EQ(notes_[0].group, "sales");
  EXPECT_EQ(notes_[0].number, "+49301234567");
  centre_->on_leg_event(leg(call, sip::Leg::customer, sip::LegEventKind::answered));
  ASSERT_EQ(notes_.size(), 2u);
  EXPECT_EQ(notes_[1].kind, RecordingNote::Kind::agent);
  EXPECT_EQ(notes_[1].agent, "a01");
  centre_->on_leg_event(leg(call, sip::Leg::agent, sip::LegEventKind::answered));
  centre_->on_leg_event(leg(call, sip::Leg::customer, sip::LegEventKind::ended));
  // The relay's capture is complete after the call is gone from the centre.
  auto recorded = leg(call, sip::Leg::customer, sip::LegEventKind::recorded);
  recorded.recording = "/spool/pcaps/x.pcap";
  recorded.customer_media_port = 62000;
  recorded.agent_media_port = 62010;
  centre_->on_leg_event(recorded);
  ASSERT_EQ(notes_.size(), 3u);
  EXPECT_EQ(notes_[2].kind, RecordingNote::Kind::captured);
  EXPECT_EQ(notes_[2].capture, "/spool/pcaps/x.pcap");
  EXPECT_EQ(notes_[2].customer_port, 62000);
  EXPECT_EQ(notes_[2].agent_port, 62010);
  desk::SubmitMessage m;
  m.call = std::to_string(call);
  m.disposition = "success";
  m.answers["interested"] = true;
  EXPECT_TRUE(centre_->submit("a01", m).empty());
  targets_.answer_result();
  ASSERT_EQ(notes_.size(), 4u);
  EXPECT_EQ(notes_[3].kind, RecordingNote::Kind::result);
  EXPECT_EQ(notes_[3].call, std::to_string(call));
  EXPECT_EQ(notes_[3].disposition, "success");
  EXPECT_EQ(notes_[3].product, "fibre");
  EXPECT_NE(notes_[3].answers.find("interested"), std::string::npos) << notes_[3].answers;
}

TEST_F(CentreRecording, AFullDiskRecordsNothingButTheCallIsPlaced) {
  start(centre_yaml("all", "all"), /*disk_ok=*/false);
  const sip::CallId call = dial_one();
  ASSERT_NE(call, 0u);
  EXPECT_TRUE(sip_.recorded.empty());
  EXPECT_TRUE(notes_.empty());
  EXPECT_EQ(centre_->totals().recordings_skipped, 1);
}

TEST_F(CentreRecording, AnInboundGroupsShareRecordsAboutThatShareOfItsCalls) {
  start(centre_yaml("none", "0.25"));
  for (sip::CallId call = 1; call <= 400; ++call) {
    centre_->on_leg_event(inbound(call));
    centre_->on_leg_event(leg(call, sip::Leg::customer, sip::LegEventKind::cancelled));
  }
  // Binomial(400, 0.25): 100 ± 8.7; outside 70..130 is a 3.5-sigma event for a fair draw.
  EXPECT_GT(sip_.recorded.size(), 70u);
  EXPECT_LT(sip_.recorded.size(), 130u);
  for (const auto& n : notes_) EXPECT_EQ(n.direction, "inbound");
}

TEST_F(CentreRecording, NoRecordingMeansNoneAsked) {
  start(centre_yaml("none", "none"));
  ASSERT_NE(dial_one(), 0u);
  centre_->on_leg_event(inbound(5));
  EXPECT_TRUE(sip_.recorded.empty());
  EXPECT_TRUE(notes_.empty());
}

TEST_F(CentreRecording, AnAbandonedCustomerHearsTheAbandonMessage) {
  start(centre_yaml("none", "none"));
  const sip::CallId call = dial_one();
  ASSERT_NE(call, 0u);
  centre_->agent_not_ready("a01", "break");
  centre_->on_leg_event(leg(call, sip::Leg::customer, sip::LegEventKind::answered));
  clock_.advance(2100ms, *centre_);
  ASSERT_EQ(sip_.announced.size(), 1u);
  EXPECT_EQ(sip_.announced[0].first, call);
  EXPECT_EQ(sip_.announced[0].second, "/srv/blendd/abandon.wav");
  EXPECT_TRUE(sip_.hung_up.empty()) << "the gateway ends the call after the message";
  ASSERT_EQ(targets_.finished.size(), 1u);
  EXPECT_EQ(targets_.finished[0].attempt.outcome, policy::DialOutcome::abandoned);
  centre_->on_leg_event(leg(call, sip::Leg::customer, sip::LegEventKind::ended));
  EXPECT_EQ(centre_->totals().calls_active, 0);
}

TEST_F(CentreRecording, AQueuedCallerHearsTheQueueMessage) {
  start(centre_yaml("none", "none"));
  centre_->agent_login("a01");
  centre_->on_leg_event(inbound(11));  // a01 is not ready: the caller waits
  ASSERT_EQ(sip_.queue_messages.size(), 1u);
  EXPECT_EQ(sip_.queue_messages[0].first, 11u);
  EXPECT_EQ(sip_.queue_messages[0].second, "/srv/blendd/queue.wav");
  centre_->agent_ready("a01");
  ASSERT_EQ(sip_.connected.size(), 1u) << "then the agent, as always";
}

TEST_F(CentreRecording, ACallerServedAtOnceHearsNoQueueMessage) {
  start(centre_yaml("none", "none"));
  centre_->agent_login("a01");
  centre_->agent_ready("a01");
  while (!targets_.claims.empty()) targets_.answer_claim({});  // nothing to dial
  centre_->on_leg_event(inbound(12));
  ASSERT_EQ(sip_.connected.size(), 1u);
  EXPECT_TRUE(sip_.queue_messages.empty());
}

TEST(RecordingConfig, RecordingsAndAnnouncementsNeedRelayModeAndSaySo) {
  auto loaded = config::load_config_text(centre_yaml("0.5", "all", "direct"), "blendd.yaml");
  auto* errors = std::get_if<std::vector<config::ConfigError>>(&loaded);
  ASSERT_NE(errors, nullptr);
  std::string all;
  for (const auto& e : *errors) all += e.to_string() + "\n";
  for (const char* field : {"media.abandon_message", "media.queue_message", "groups[0].recording",
                            "campaigns[0].recording"}) {
    EXPECT_NE(all.find(field), std::string::npos) << field << " in:\n" << all;
  }
  EXPECT_NE(all.find("needs media.mode: relay"), std::string::npos) << all;
  auto bad = config::load_config_text(centre_yaml("sometimes", "1.5"), "blendd.yaml");
  errors = std::get_if<std::vector<config::ConfigError>>(&bad);
  ASSERT_NE(errors, nullptr);
  all.clear();
  for (const auto& e : *errors) all += e.to_string() + "\n";
  EXPECT_NE(all.find("campaigns[0].recording"), std::string::npos) << all;
  EXPECT_NE(all.find("'sometimes'"), std::string::npos) << all;
  EXPECT_NE(all.find("groups[0].recording"), std::string::npos) << all;
}

TEST_F(CentreRecording, TheCustomersHistoryFollowsTheOfferToTheDesk) {
  start(centre_yaml("none", "none"));
  const sip::CallId call = dial_one();
  ASSERT_NE(call, 0u);
  centre_->on_leg_event(leg(call, sip::Leg::customer, sip::LegEventKind::answered));
  ASSERT_EQ(targets_.histories.size(), 1u) << "asked when the call is offered";
  EXPECT_EQ(targets_.histories[0].first, "+49301234567");
  targets_.answer_history(
      {R"({"list":"spring","disposition":"callback","agent":"a02"})", "not json"});
  const auto sent = desks_.of("a01", "customer_history");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].find("\"disposition\":\"callback\""), std::string::npos) << sent[0];
  EXPECT_NE(sent[0].find(std::to_string(call)), std::string::npos) << sent[0];
  EXPECT_EQ(sent[0].find("not json"), std::string::npos) << "what does not parse is left out";
}
