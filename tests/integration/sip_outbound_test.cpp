// Outbound calls through the gateway against real sipp peers on loopback: customer-first 3PCC
// (RFC 3725 flow I), every customer outcome, the agent leg's outcomes, re-INVITE relay, digest
// authentication, caller ID and the outbound proxy. Each test checks what blendd reported and
// that every sipp peer ran its scenario to the end (exit code 0), and that no handle is left.
#include <gtest/gtest.h>

#include "tests/support/sip_rig.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using sip::Leg;
using sip::LegEventKind;
using test::sipp_uas;

TEST(SipOutbound, BridgesAnsweredCustomersToAgentsCustomerFirst) {
  test::SipRig rig;
  auto& customers = rig.peer(sipp_uas("uas_customer.xml", 25080, 3), "customers.log");
  auto& agents = rig.peer(sipp_uas("uas_agent.xml", 25090, 3), "agents.log");
  ASSERT_TRUE(rig.start(test::gateway_options(25070)));
  for (sip::CallId call = 1; call <= 3; ++call) {
    rig.gateway->originate(
        test::dial(call, "sip:+4930111" + std::to_string(call) + "@127.0.0.1:25080"));
    auto answered = rig.events.wait(call, Leg::customer, LegEventKind::answered);
    ASSERT_TRUE(answered) << customers.log() << rig.events.dump();
    EXPECT_NE(answered->sdp.find("m=audio"), std::string::npos) << "the customer's offer";
    rig.gateway->connect_agent(call, "sip:a01@127.0.0.1:25090");
    auto agent = rig.events.wait(call, Leg::agent, LegEventKind::answered);
    ASSERT_TRUE(agent) << agents.log() << rig.events.dump();
    EXPECT_NE(agent->sdp.find("o=agent"), std::string::npos) << "the agent's answer";
    std::this_thread::sleep_for(50ms);
    rig.gateway->hang_up(call);
  }
  EXPECT_TRUE(test::no_handles_left(*rig.gateway)) << rig.gateway->live_handles();
  EXPECT_EQ(customers.wait(15s), 0) << customers.log();
  EXPECT_EQ(agents.wait(15s), 0) << agents.log();  // it saw the customer's offer every time
}

// Each refusal a trunk gives, with the class the dialler books it under.
struct Refusal {
  int code;
  const char* phrase;
  sip::FailureClass expected;
  int port;  // the customer's; the gateway binds port + 1000
};

class SipRefusal : public ::testing::TestWithParam<Refusal> {};

TEST_P(SipRefusal, IsReportedWithItsStatusAndClass) {
  const Refusal r = GetParam();
  const int port = r.port;
  test::SipRig rig;
  auto& customer = rig.peer(
      sipp_uas(test::reject_scenario(rig.dir.path(), r.code, r.phrase), port, 1), "customer.log");
  ASSERT_TRUE(rig.start(test::gateway_options(port + 1000)));
  rig.gateway->originate(test::dial(7, "sip:+4930222@127.0.0.1:" + std::to_string(port)));
  auto failed = rig.events.wait(7, Leg::customer, LegEventKind::failed);
  ASSERT_TRUE(failed) << customer.log();
  EXPECT_EQ(failed->status, r.code);
  EXPECT_EQ(failed->failure, r.expected) << sip::to_string(failed->failure);
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
}

INSTANTIATE_TEST_SUITE_P(
    Statuses, SipRefusal,
    ::testing::Values(Refusal{486, "Busy", sip::FailureClass::busy, 25111},
                      Refusal{603, "Decline", sip::FailureClass::rejected, 25112},
                      Refusal{503, "Service Unavailable", sip::FailureClass::failed, 25113},
                      Refusal{404, "Not Found", sip::FailureClass::unavailable, 25114}),
    [](const ::testing::TestParamInfo<Refusal>& info) {
      return "status" + std::to_string(info.param.code);
    });

TEST(SipOutbound, RingTimeoutCancelsAndReportsNoAnswer) {
  test::SipRig rig;
  auto& customer = rig.peer(sipp_uas("uas_ring_forever.xml", 25082, 1), "ring.log");
  ASSERT_TRUE(rig.start(test::gateway_options(25072)));
  auto request = test::dial(8, "sip:+4930333@127.0.0.1:25082");
  request.ring_timeout = 1s;
  const auto sent = std::chrono::steady_clock::now();
  rig.gateway->originate(request);
  ASSERT_TRUE(rig.events.wait(8, Leg::customer, LegEventKind::ringing)) << customer.log();
  auto failed = rig.events.wait(8, Leg::customer, LegEventKind::failed);
  ASSERT_TRUE(failed) << customer.log() << rig.events.dump();
  EXPECT_GE(std::chrono::steady_clock::now() - sent, 1s) << "not before the ring timeout";
  EXPECT_EQ(failed->status, 487);
  EXPECT_EQ(failed->failure, sip::FailureClass::no_answer);
  EXPECT_EQ(failed->reason, "ring timeout");
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();  // it got the CANCEL
}

TEST(SipOutbound, EarlyMediaIsReportedBeforeTheFinalStatus) {
  test::SipRig rig;
  auto& customer = rig.peer(sipp_uas("uas_early_media_then_busy.xml", 25085, 1), "em.log");
  ASSERT_TRUE(rig.start(test::gateway_options(25075)));
  rig.gateway->originate(test::dial(11, "sip:+4930666@127.0.0.1:25085"));
  auto early = rig.events.wait(11, Leg::customer, LegEventKind::early_media);
  ASSERT_TRUE(early) << customer.log() << rig.events.dump();
  EXPECT_NE(early->sdp.find("o=trunk"), std::string::npos);
  auto failed = rig.events.wait(11, Leg::customer, LegEventKind::failed);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->failure, sip::FailureClass::busy);
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
}

TEST(SipOutbound, CustomerHangingUpEndsTheAgentLeg) {
  test::SipRig rig;
  auto& customer = rig.peer(sipp_uas("uas_answer_then_bye.xml", 25083, 1), "bye.log");
  auto& agent = rig.peer(sipp_uas("uas_agent.xml", 25093, 1), "agent.log");
  ASSERT_TRUE(rig.start(test::gateway_options(25073)));
  ASSERT_TRUE(rig.bridge(9, "sip:+4930444@127.0.0.1:25083", "sip:a02@127.0.0.1:25093"));
  auto ended = rig.events.wait(9, Leg::customer, LegEventKind::ended);
  ASSERT_TRUE(ended) << customer.log();
  EXPECT_EQ(ended->reason, "customer");
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();  // the agent got our BYE
}

TEST(SipOutbound, AgentHangingUpEndsTheCustomerLeg) {
  test::SipRig rig;
  auto& customer = rig.peer(sipp_uas("uas_customer.xml", 25086, 1), "customer.log");
  auto& agent = rig.peer(sipp_uas("uas_answer_then_bye.xml", 25096, 1), "agent.log");
  ASSERT_TRUE(rig.start(test::gateway_options(25076)));
  rig.gateway->originate(test::dial(12, "sip:+4930777@127.0.0.1:25086"));
  ASSERT_TRUE(rig.events.wait(12, Leg::customer, LegEventKind::answered)) << customer.log();
  rig.gateway->connect_agent(12, "sip:a05@127.0.0.1:25096");
  auto ended = rig.events.wait(12, Leg::agent, LegEventKind::ended);
  ASSERT_TRUE(ended) << agent.log() << rig.events.dump();
  EXPECT_EQ(ended->reason, "agent");
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();  // the customer got our BYE
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();
}

TEST(SipOutbound, AgentWhoRejectsIsReportedAndTheCustomerGoesToTheNextAgent) {
  test::SipRig rig;
  auto& customer = rig.peer(sipp_uas("uas_customer.xml", 25084, 1), "customer.log");
  auto& busy_agent =
      rig.peer(sipp_uas(test::reject_scenario(rig.dir.path(), 486, "Busy Here"), 25094, 1),
               "busy_agent.log");
  auto& next_agent = rig.peer(sipp_uas("uas_agent.xml", 25095, 1), "next_agent.log");
  ASSERT_TRUE(rig.start(test::gateway_options(25074)));
  rig.gateway->originate(test::dial(10, "sip:+4930555@127.0.0.1:25084"));
  ASSERT_TRUE(rig.events.wait(10, Leg::customer, LegEventKind::answered));
  rig.gateway->connect_agent(10, "sip:a03@127.0.0.1:25094");
  auto rejected = rig.events.wait(10, Leg::agent, LegEventKind::failed);
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->status, 486);
  rig.gateway->connect_agent(10, "sip:a04@127.0.0.1:25095");  // the core picks another idle agent
  ASSERT_TRUE(rig.events.wait(10, Leg::agent, LegEventKind::answered)) << next_agent.log();
  rig.gateway->hang_up(10);
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
  EXPECT_EQ(busy_agent.wait(10s), 0) << busy_agent.log();
  EXPECT_EQ(next_agent.wait(10s), 0) << next_agent.log();
}

TEST(SipOutbound, AgentWhoNeverAnswersIsCancelledAndTheAbandonedCustomerIsAckedAndReleased) {
  test::SipRig rig;
  auto& customer = rig.peer(sipp_uas("uas_customer.xml", 25087, 1), "customer.log");
  auto& agent = rig.peer(sipp_uas("uas_ring_forever.xml", 25097, 1), "agent.log");
  ASSERT_TRUE(rig.start(test::gateway_options(25077)));
  rig.gateway->originate(test::dial(13, "sip:+4930888@127.0.0.1:25087"));
  ASSERT_TRUE(rig.events.wait(13, Leg::customer, LegEventKind::answered));
  rig.gateway->connect_agent(13, "sip:a06@127.0.0.1:25097");
  ASSERT_TRUE(rig.events.wait(13, Leg::agent, LegEventKind::ringing)) << agent.log();
  rig.gateway->hang_up(13);  // abandon_after passed without an agent: the core gives up
  EXPECT_TRUE(test::no_handles_left(*rig.gateway)) << rig.events.dump();
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();  // ACK (placeholder answer) then BYE
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();        // CANCEL
}

TEST(SipOutbound, HoldAndResumeReInvitesAreRelayedBetweenTheLegs) {
  test::SipRig rig;
  auto& customer = rig.peer(sipp_uas("uas_customer_held.xml", 25088, 1), "customer.log");
  auto& agent = rig.peer(sipp_uas("uas_agent_hold.xml", 25098, 1), "agent.log");
  ASSERT_TRUE(rig.start(test::gateway_options(25078)));
  ASSERT_TRUE(rig.bridge(14, "sip:+4930999@127.0.0.1:25088", "sip:a07@127.0.0.1:25098"));
  auto relayed = rig.events.wait(14, Leg::agent, LegEventKind::reinvite_relayed);
  ASSERT_TRUE(relayed) << agent.log() << customer.log() << rig.events.dump();
  EXPECT_NE(relayed->sdp.find("a=recvonly"), std::string::npos) << "the customer's answer";
  rig.gateway->hang_up(14);
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();  // saw sendonly, answered recvonly
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();        // got the recvonly answer
}

namespace {

// A call to the digest-protected trunk of uas_auth.xml with the caller ID it expects.
bool call_auth_trunk(test::SipRig& rig, int trunk_port, int port, sip::CallId call,
                     const std::string& password) {
  auto options = test::gateway_options(port);
  options.auth_username = "blendd";
  options.auth_password = password;
  if (!rig.start(options)) return false;
  auto request = test::dial(call, "sip:+4930123@127.0.0.1:" + std::to_string(trunk_port));
  request.from_uri = "sip:+4930999000@blendd.test";
  request.asserted_identity = "<sip:+4930555000@blendd.test>";
  rig.gateway->originate(request);
  return true;
}

}  // namespace

TEST(SipOutbound, DigestAuthenticatedTrunkWithCallerIdAndAssertedIdentity) {
  test::SipRig rig;
  auto& trunk = rig.peer(sipp_uas("uas_auth.xml", 25089, 1), "trunk.log");
  ASSERT_TRUE(call_auth_trunk(rig, 25089, 25079, 15, "s3cret"));
  ASSERT_TRUE(rig.events.wait(15, Leg::customer, LegEventKind::answered))
      << trunk.log() << rig.events.dump();
  EXPECT_EQ(rig.gateway->counters().auth_challenges, 1);
  rig.gateway->hang_up(15);
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(trunk.wait(10s), 0) << trunk.log();  // auth valid, PAI and From as configured
}

TEST(SipOutbound, WrongTrunkCredentialsFailOnceWithoutLooping) {
  test::SipRig rig;
  auto& trunk = rig.peer(sipp_uas("uas_auth.xml", 25189, 1), "trunk.log");
  ASSERT_TRUE(call_auth_trunk(rig, 25189, 25179, 16, "wrong"));
  auto failed = rig.events.wait(16, Leg::customer, LegEventKind::failed);
  ASSERT_TRUE(failed) << trunk.log() << rig.events.dump();
  EXPECT_EQ(failed->status, 403);
  EXPECT_EQ(rig.gateway->counters().auth_challenges, 1) << "one try, no loop";
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(trunk.wait(10s), 0) << trunk.log();
}

TEST(SipOutbound, RequestsGoThroughTheOutboundProxy) {
  test::SipRig rig;
  auto& proxy = rig.peer(
      sipp_uas(test::reject_scenario(rig.dir.path(), 486, "Busy Here"), 25199, 1), "proxy.log");
  auto options = test::gateway_options(25178);
  options.outbound_proxy = "sip:127.0.0.1:25199";
  ASSERT_TRUE(rig.start(options));
  // Nothing listens on port 9: only the proxy can have answered.
  rig.gateway->originate(test::dial(17, "sip:+4930124@127.0.0.1:9"));
  auto failed = rig.events.wait(17, Leg::customer, LegEventKind::failed);
  ASSERT_TRUE(failed) << proxy.log() << rig.events.dump();
  EXPECT_EQ(failed->status, 486);
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(proxy.wait(10s), 0) << proxy.log();
}

// A blind transfer from the agent's phone (REFER): 202 and NOTIFY 100 Trying, then the centre's
// verdict in the final NOTIFY (sofia's defaults answered 202 Accepted and did nothing after it).
// Refused, the call goes on; carried out, the phone is let go and the customer is re-INVITEd with
// the new agent's media under the session they know. Every Allow lists what blendd carries out.
TEST(SipOutbound, AReferFromTheAgentsPhoneIsAnsweredWithNotifiesAndCarriedOut) {
  test::SipRig rig;
  auto& customer = rig.peer(sipp_uas("uas_customer_transferred.xml", 25210, 1), "customer.log");
  auto& agent = rig.peer(sipp_uas("uas_agent_refer.xml", 25211, 1), "agent.log");
  auto& second = rig.peer(sipp_uas("uas_agent_second.xml", 25215, 1), "second.log");
  ASSERT_TRUE(rig.start(test::gateway_options(25212)));
  ASSERT_TRUE(rig.bridge(16, "sip:+4930998@127.0.0.1:25210", "sip:a07@127.0.0.1:25211"));
  auto refused = rig.events.wait(16, Leg::agent, LegEventKind::transfer_requested);
  ASSERT_TRUE(refused) << agent.log() << rig.events.dump();
  EXPECT_EQ(refused->to, "+4930555000");
  rig.gateway->answer_transfer(16, 403, "on the do-not-call list");
  auto requested = rig.events.wait_nth(16, Leg::agent, LegEventKind::transfer_requested, 2);
  ASSERT_TRUE(requested) << agent.log() << rig.events.dump();
  EXPECT_EQ(requested->to, "a08");
  EXPECT_FALSE(rig.events.find(16, Leg::agent, LegEventKind::ended)) << "the call went on";
  rig.gateway->answer_transfer(16, 200, "OK");
  rig.gateway->cancel_agent(16);
  rig.gateway->connect_agent(16, "sip:a08@127.0.0.1:25215");
  auto answered = rig.events.wait_nth(16, Leg::agent, LegEventKind::answered, 2);
  ASSERT_TRUE(answered) << second.log() << rig.events.dump();
  EXPECT_NE(answered->sdp.find("s=second-agent"), std::string::npos);
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();  // the Allow, 202s, NOTIFYs 100/403/100/200, BYE
  std::this_thread::sleep_for(500ms);            // the customer's re-INVITE and its answer
  rig.gateway->hang_up(16);
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();  // re-INVITEd: o=agent 1 N, s=second-agent
  EXPECT_EQ(second.wait(10s), 0) << second.log();
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
}

// A node paused between its last fence check and the send wakes past its lease: the INVITE it
// was about to hand the stack is not sent, and the call is reported as not dialled.
TEST(SipOutbound, AnInviteWhoseLeaseRanOutIsNotSent) {
  test::SipRig rig;
  auto& trunk = rig.peer(sipp_uas("uas_customer.xml", 25214, 1), "trunk.log");  // one call only
  ASSERT_TRUE(rig.start(test::gateway_options(25213)));
  auto request = test::dial(17, "sip:+4930997@127.0.0.1:25214");
  request.not_after = std::chrono::steady_clock::now() - 1ms;
  rig.gateway->originate(request);
  auto failed = rig.events.wait(17, Leg::customer, LegEventKind::failed);
  ASSERT_TRUE(failed) << rig.events.dump();
  EXPECT_NE(failed->reason.find("lease ran out"), std::string::npos) << failed->reason;
  EXPECT_FALSE(failed->trunk_fault) << "the trunk never saw it";
  // Within the lease it goes out as always: the trunk's one call is this one.
  auto in_time = test::dial(18, "sip:+4930997@127.0.0.1:25214");
  in_time.not_after = std::chrono::steady_clock::now() + 10s;
  rig.gateway->originate(in_time);
  EXPECT_TRUE(rig.events.wait(18, Leg::customer, LegEventKind::answered)) << rig.events.dump();
  rig.gateway->hang_up(18);
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(trunk.wait(10s), 0) << trunk.log();
}

// SDES-SRTP (RFC 4568) in media.mode direct: the customer's RTP/SAVP offer and its key reach the
// agent's phone exactly as offered, and the phone's answer with its own key reaches the customer.
TEST(SipSrtp, SdesOffersPassThroughUnchangedInDirectMode) {
  test::SipRig rig;
  auto& customer = rig.peer(sipp_uas("uas_customer_srtp.xml", 29846, 1), "customer.log");
  auto& agent = rig.peer(sipp_uas("uas_agent_srtp.xml", 29847, 1), "agent.log");
  ASSERT_TRUE(rig.start(test::gateway_options(29845)));
  ASSERT_TRUE(rig.bridge(35, "sip:+4930559@127.0.0.1:29846", "sip:a01@127.0.0.1:29847"));
  rig.gateway->hang_up(35);
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();        // its ereg checks saw the key unchanged
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();  // and this one the agent's
}
