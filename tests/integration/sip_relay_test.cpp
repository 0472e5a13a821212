// The gateway's relay mode against real sipp peers and a fake media relay: which offers and
// answers it asks the relay for and in what order (the call's tags, a re-INVITE from the agent's
// side), that only the rewrites reach the other leg, that the call is released when it ends, and
// what a failing or pending relay does to the agent leg.
#include <gtest/gtest.h>

#include <mutex>

#include "sip/sdp_relay.hpp"
#include "tests/support/sip_rig.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using sip::Leg;
using sip::LegEventKind;
using test::sipp_uas;

namespace {

// "Rewrites" an SDP by adding a line "a=x-relayed" (the sipp phones still see the customer's
// offer); records each exchange; can be told to fail, or to hold its answers.
class FakeRelay : public sip::SdpRelay {
 public:
  void exchange(sip::SdpExchange e, std::function<void(sip::SdpOutcome)> done) override {
    std::lock_guard<std::mutex> lock(mutex_);
    log_.push_back(std::string(e.step == sip::SdpExchange::Step::offer ? "offer " : "answer ") +
                   e.from_tag + ">" + e.to_tag + (e.record ? " record" : ""));
    call_ids_.push_back(e.call_id);
    sip::SdpOutcome out;
    if (fail_) {
      out.error = "rtpengine did not answer";
    } else {
      out.sdp = e.sdp + "a=x-relayed\r\n";
      if (e.record) out.recording = "/spool/" + e.call_id + ".pcap";
    }
    if (hold_) {
      held_.push_back([done, out] { done(out); });
      return;
    }
    done(out);
  }
  void release(const std::string& call_id, std::function<void()> done) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      released_.push_back(call_id);
    }
    if (done) done();
  }
  void play(const std::string& call_id, const std::string& tag, const std::string& file, int repeat,
            std::function<void(sip::PlayOutcome)> done) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      log_.push_back("play " + tag + " " + file + " x" + std::to_string(repeat));
      call_ids_.push_back(call_id);
    }
    sip::PlayOutcome out;
    out.duration_ms = 400;
    done(out);
  }
  void stop_play(const std::string&, const std::string& tag) override {
    std::lock_guard<std::mutex> lock(mutex_);
    log_.push_back("stop " + tag);
  }
  std::vector<std::string> log() {
    std::lock_guard<std::mutex> lock(mutex_);
    return log_;
  }
  std::vector<std::string> released() {
    std::lock_guard<std::mutex> lock(mutex_);
    return released_;
  }
  std::string first_call_id() {
    std::lock_guard<std::mutex> lock(mutex_);
    return call_ids_.empty() ? std::string() : call_ids_.front();
  }
  void fail(bool f) {
    std::lock_guard<std::mutex> lock(mutex_);
    fail_ = f;
  }
  void hold(bool h) {
    std::lock_guard<std::mutex> lock(mutex_);
    hold_ = h;
  }
  void let_go() {
    std::vector<std::function<void()>> held;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      held.swap(held_);
    }
    for (auto& f : held) f();
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> log_, call_ids_, released_;
  std::vector<std::function<void()>> held_;
  bool fail_ = false;
  bool hold_ = false;
};

template <class Pred>
bool eventually(Pred pred) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!pred() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  return pred();
}

}  // namespace

TEST(SipRelay, EveryOfferAndAnswerGoesThroughTheRelayAndTheCallIsReleased) {
  test::SipRig rig;
  auto relay = std::make_shared<FakeRelay>();
  auto& customer = rig.peer(sipp_uas("uas_customer_held.xml", 25400, 1), "customer.log");
  auto& agent = rig.peer(sipp_uas("uas_agent_hold.xml", 25401, 1), "agent.log");
  auto options = test::gateway_options(25402);
  options.relay = relay;
  ASSERT_TRUE(rig.start(options));
  ASSERT_TRUE(rig.bridge(30, "sip:+4930999@127.0.0.1:25400", "sip:a07@127.0.0.1:25401"));
  // The agent's hold re-INVITE reaches the customer rewritten, its answer comes back rewritten.
  auto relayed = rig.events.wait(30, Leg::agent, LegEventKind::reinvite_relayed);
  ASSERT_TRUE(relayed) << agent.log() << customer.log() << rig.events.dump();
  EXPECT_NE(relayed->sdp.find("a=x-relayed"), std::string::npos) << relayed->sdp;
  EXPECT_NE(relayed->sdp.find("a=recvonly"), std::string::npos) << relayed->sdp;
  EXPECT_EQ(relay->log(),
            (std::vector<std::string>{"offer customer>", "answer customer>agent",
                                      "offer agent>customer", "answer agent>customer"}));
  rig.gateway->hang_up(30);
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_TRUE(eventually([&] { return relay->released().size() == 1; }));
  EXPECT_EQ(relay->released(), std::vector<std::string>{relay->first_call_id()});
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();
}

TEST(SipRelay, AFailedRewriteIsAFailedAgentLegAndTheNextAgentGetsTheCall) {
  test::SipRig rig;
  auto relay = std::make_shared<FakeRelay>();
  auto& customer = rig.peer(sipp_uas("uas_customer.xml", 25405, 1), "customer.log");
  auto& agent = rig.peer(sipp_uas("uas_agent.xml", 25406, 1), "agent.log");
  auto options = test::gateway_options(25407);
  options.relay = relay;
  ASSERT_TRUE(rig.start(options));
  rig.gateway->originate(test::dial(31, "sip:+4930111@127.0.0.1:25405"));
  ASSERT_TRUE(rig.events.wait(31, Leg::customer, LegEventKind::answered)) << customer.log();
  relay->fail(true);
  rig.gateway->connect_agent(31, "sip:a01@127.0.0.1:25406");
  auto failed = rig.events.wait(31, Leg::agent, LegEventKind::failed);
  ASSERT_TRUE(failed) << rig.events.dump();
  EXPECT_EQ(failed->status, 503);
  EXPECT_EQ(failed->reason, "media relay: rtpengine did not answer");
  relay->fail(false);
  rig.gateway->connect_agent(31, "sip:a01@127.0.0.1:25406");  // the relay is back
  ASSERT_TRUE(rig.events.wait(31, Leg::agent, LegEventKind::answered)) << agent.log();
  rig.gateway->hang_up(31);
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();
}

TEST(SipRelay, AnAgentLegCancelledWhileTheRelayRewritesIsNeverInvited) {
  test::SipRig rig;
  auto relay = std::make_shared<FakeRelay>();
  auto& customer = rig.peer(sipp_uas("uas_customer.xml", 25410, 1), "customer.log");
  auto& agent = rig.peer(sipp_uas("uas_agent.xml", 25411, 1), "agent.log");
  auto options = test::gateway_options(25412);
  options.relay = relay;
  ASSERT_TRUE(rig.start(options));
  rig.gateway->originate(test::dial(32, "sip:+4930112@127.0.0.1:25410"));
  ASSERT_TRUE(rig.events.wait(32, Leg::customer, LegEventKind::answered)) << customer.log();
  relay->hold(true);
  rig.gateway->connect_agent(32, "sip:a01@127.0.0.1:25411");
  ASSERT_TRUE(eventually([&] { return relay->log().size() == 1; }));
  rig.gateway->cancel_agent(32);  // e.g. the agent logged out meanwhile
  relay->hold(false);
  relay->let_go();
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(rig.gateway->live_handles(), 1) << "only the customer's leg";
  // The next agent gets it at once, as after any cancelled leg.
  rig.gateway->connect_agent(32, "sip:a02@127.0.0.1:25411");
  ASSERT_TRUE(rig.events.wait(32, Leg::agent, LegEventKind::answered)) << agent.log();
  rig.gateway->hang_up(32);
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();  // one INVITE only: sipp's -m 1
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
}

TEST(SipRelay, WhenTheRelayGoesAwayRelayedCallsEndAndInboundIsRefused) {
  test::SipRig rig;
  auto relay = std::make_shared<FakeRelay>();
  auto& customer = rig.peer(sipp_uas("uas_customer.xml", 25415, 1), "customer.log");
  auto& agent = rig.peer(sipp_uas("uas_agent.xml", 25416, 1), "agent.log");
  auto options = test::gateway_options(25417);
  options.relay = relay;
  ASSERT_TRUE(rig.start(options));
  ASSERT_TRUE(rig.bridge(33, "sip:+4930113@127.0.0.1:25415", "sip:a01@127.0.0.1:25416"));
  rig.gateway->set_media_up(false);
  auto ended = rig.events.wait(33, Leg::customer, LegEventKind::ended);
  ASSERT_TRUE(ended) << rig.events.dump();
  EXPECT_EQ(ended->reason, "media relay lost");
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  auto& caller = rig.peer(
      test::sipp_uac("uac_inbound_refused.xml", 25418, 25417, "8005550100", 1, "127.0.0.1", 0),
      "caller.log");
  EXPECT_TRUE(eventually([&] { return rig.gateway->counters().media_refused == 1; }));
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();
  (void)caller;
}

TEST(SipRelay, AnAbandonedCustomerHearsTheMessageThenTheCallEndsAndItsRecordingIsReported) {
  test::SipRig rig;
  auto relay = std::make_shared<FakeRelay>();
  auto& customer = rig.peer(sipp_uas("uas_customer.xml", 25420, 1), "customer.log");
  auto options = test::gateway_options(25421);
  options.relay = relay;
  ASSERT_TRUE(rig.start(options));
  rig.gateway->originate(test::dial(34, "sip:+4930114@127.0.0.1:25420"));
  rig.gateway->record(34);
  ASSERT_TRUE(rig.events.wait(34, Leg::customer, LegEventKind::answered)) << customer.log();
  const auto asked = std::chrono::steady_clock::now();
  rig.gateway->announce_and_hang_up(34, "/srv/abandon.wav");
  // The relay got the customer's offer (recorded), a stand-in's answer, and the playback; the
  // call ends once the 400 ms message is over.
  auto ended = rig.events.wait(34, Leg::customer, LegEventKind::ended);
  ASSERT_TRUE(ended) << rig.events.dump() << customer.log();
  EXPECT_GE(std::chrono::steady_clock::now() - asked, 400ms);
  EXPECT_EQ(relay->log(),
            (std::vector<std::string>{"offer customer> record", "answer customer>agent",
                                      "play customer /srv/abandon.wav x1"}));
  auto recorded = rig.events.wait(34, Leg::customer, LegEventKind::recorded);
  ASSERT_TRUE(recorded) << rig.events.dump();
  EXPECT_EQ(recorded->recording, "/spool/" + relay->first_call_id() + ".pcap");
  EXPECT_EQ(recorded->customer_media_port, 9) << "the stand-in's answer went to the customer";
  EXPECT_GT(recorded->agent_media_port, 0);
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
}

TEST(SipRelay, AQueuedCallerHearsTheQueueMessageUntilTheAgentIsConnected) {
  test::SipRig rig;
  auto relay = std::make_shared<FakeRelay>();
  auto& agent = rig.peer(sipp_uas("uas_agent.xml", 25423, 1), "agent.log");
  auto options = test::gateway_options(25424);
  options.relay = relay;
  ASSERT_TRUE(rig.start(options));
  auto& caller = rig.peer(
      test::sipp_uac("uac_inbound_queue_message.xml", 25425, 25424, "8005550100", 1), "caller.log");
  auto arrived = rig.events.wait_first(LegEventKind::inbound_arrived);
  ASSERT_TRUE(arrived) << caller.log();
  rig.gateway->play_while_queued(arrived->call, "/srv/queue.wav");
  ASSERT_TRUE(eventually([&] { return relay->log().size() == 3; })) << caller.log();
  rig.gateway->connect_agent(arrived->call, "sip:a01@127.0.0.1:25423");
  ASSERT_TRUE(rig.events.wait(arrived->call, Leg::agent, LegEventKind::answered)) << agent.log();
  // The message stopped, and the caller's offer went to the agent as a re-offer in the same call.
  EXPECT_EQ(relay->log(),
            (std::vector<std::string>{"offer customer>", "answer customer>agent",
                                      "play customer /srv/queue.wav x1000", "stop customer",
                                      "offer customer>agent", "answer customer>agent"}));
  EXPECT_EQ(caller.wait(10s), 0) << caller.log();
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
}
