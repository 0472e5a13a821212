// The agent leg's lifecycle and session timers through the gateway, against real sipp peers:
// a ringing agent phone given up on (CANCEL) while the customer waits for the next agent, and a
// trunk that makes blendd the session refresher (RFC 4028) held past three intervals.
#include <gtest/gtest.h>

#include "tests/support/sip_rig.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using sip::Leg;
using sip::LegEventKind;
using test::sipp_uas;

TEST(SipAgentLeg, ARingingAgentLegIsCancelledAndTheNextAgentTakesTheCustomer) {
  test::SipRig rig;
  auto& customer = rig.peer(sipp_uas("uas_customer.xml", 25180, 1), "customer.log");
  auto& silent = rig.peer(sipp_uas("uas_ring_forever.xml", 25181, 1), "silent.log");
  auto& agent = rig.peer(sipp_uas("uas_agent.xml", 25182, 1), "agent.log");
  ASSERT_TRUE(rig.start(test::gateway_options(25183)));
  rig.gateway->originate(test::dial(21, "sip:+4930555@127.0.0.1:25180"));
  ASSERT_TRUE(rig.events.wait(21, Leg::customer, LegEventKind::answered));
  rig.gateway->connect_agent(21, "sip:a01@127.0.0.1:25181");
  ASSERT_TRUE(rig.events.wait(21, Leg::agent, LegEventKind::ringing)) << silent.log();
  // The offer timed out: CANCEL, and at once the next agent (no 491 from the old leg).
  rig.gateway->cancel_agent(21);
  rig.gateway->connect_agent(21, "sip:a02@127.0.0.1:25182");
  auto answered = rig.events.wait(21, Leg::agent, LegEventKind::answered);
  ASSERT_TRUE(answered) << rig.events.dump();
  EXPECT_NE(answered->sdp.find("o=agent"), std::string::npos);
  // The old leg's 487 is never reported: it must not touch the agent now on the call.
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(rig.events.count(LegEventKind::failed), 0) << rig.events.dump();
  EXPECT_EQ(silent.wait(10s), 0) << silent.log();  // it got its CANCEL
  rig.gateway->hang_up(21);
  EXPECT_TRUE(test::no_handles_left(*rig.gateway)) << rig.events.dump();
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();
}

TEST(SipAgentLeg, BlenddRefreshesASessionTheTrunkMadeItRefreshAndAnswersTheOfferInTheAck) {
  test::SipRig rig;
  auto& customer =
      rig.peer(sipp_uas("uas_customer_timer_uac.xml", 25190, 1, {}, 60), "customer.log");
  auto& agent = rig.peer(sipp_uas("uas_agent.xml", 25191, 1, {}, 60), "agent.log");
  auto options = test::gateway_options(25192);
  options.min_session_expires_s = 5;  // the customer's 10 s interval stands
  ASSERT_TRUE(rig.start(options));
  ASSERT_TRUE(rig.bridge(22, "sip:+4930556@127.0.0.1:25190", "sip:a01@127.0.0.1:25191"));
  // Session-Expires 10 s: three refreshes, each ACK with an answer, then the customer hangs up.
  auto ended = rig.events.wait(22, Leg::customer, LegEventKind::ended, 45s);
  ASSERT_TRUE(ended) << rig.events.dump() << customer.log();
  EXPECT_EQ(ended->reason, "customer");  // its BYE, not a dropped session
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
  EXPECT_TRUE(test::no_handles_left(*rig.gateway)) << rig.events.dump();
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();
}

TEST(SipAgentLeg, ACustomerThatRefreshesTheSessionItselfIsAnsweredAndKeptUp) {
  test::SipRig rig;
  auto& customer =
      rig.peer(sipp_uas("uas_customer_timer_uas.xml", 25193, 1, {}, 60), "customer.log");
  auto& agent = rig.peer(sipp_uas("uas_agent.xml", 25194, 1, {}, 60), "agent.log");
  auto options = test::gateway_options(25195);
  options.min_session_expires_s = 5;
  ASSERT_TRUE(rig.start(options));
  ASSERT_TRUE(rig.bridge(23, "sip:+4930557@127.0.0.1:25193", "sip:a01@127.0.0.1:25194"));
  // Three refreshes from the customer (no SDP: answered by blendd with the agent's SDP, not
  // passed to the agent's phone), 3 s apart, then its BYE.
  auto ended = rig.events.wait(23, Leg::customer, LegEventKind::ended, 30s);
  ASSERT_TRUE(ended) << rig.events.dump() << customer.log();
  EXPECT_EQ(ended->reason, "customer");
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
  EXPECT_TRUE(test::no_handles_left(*rig.gateway)) << rig.events.dump();
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();
}
