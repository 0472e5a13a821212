// The agent leg's lifecycle and session timers through the gateway, against real sipp peers:
// a ringing agent phone given up on (CANCEL) while the customer waits for the next agent, and a
// trunk that makes blendd the session refresher (RFC 4028) held past three intervals.
#include <gtest/gtest.h>

#include "tests/support/child_process.hpp"
#include "tests/support/sip_peers.hpp"
#include "tests/support/temp_dir.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using sip::Leg;
using sip::LegEventKind;
using test::ChildProcess;
using test::sipp_uas;

TEST(SipAgentLeg, ARingingAgentLegIsCancelledAndTheNextAgentTakesTheCustomer) {
  test::TempDir dir;
  ChildProcess customer(sipp_uas("uas_customer.xml", 25180, 1), dir.file("customer.log"));
  ChildProcess silent(sipp_uas("uas_ring_forever.xml", 25181, 1), dir.file("silent.log"));
  ChildProcess agent(sipp_uas("uas_agent.xml", 25182, 1), dir.file("agent.log"));
  test::LegEvents events;
  auto gateway = test::started_gateway(test::gateway_options(25183), events);
  ASSERT_TRUE(gateway);
  gateway->originate(test::dial(21, "sip:+4930555@127.0.0.1:25180"));
  ASSERT_TRUE(events.wait(21, Leg::customer, LegEventKind::answered));
  gateway->connect_agent(21, "sip:a01@127.0.0.1:25181");
  ASSERT_TRUE(events.wait(21, Leg::agent, LegEventKind::ringing)) << silent.log();
  // The offer timed out: CANCEL, and at once the next agent (no 491 from the old leg).
  gateway->cancel_agent(21);
  gateway->connect_agent(21, "sip:a02@127.0.0.1:25182");
  auto answered = events.wait(21, Leg::agent, LegEventKind::answered);
  ASSERT_TRUE(answered) << events.dump();
  EXPECT_NE(answered->sdp.find("o=agent"), std::string::npos);
  // The old leg's 487 is never reported: it must not touch the agent now on the call.
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(events.count(LegEventKind::failed), 0) << events.dump();
  EXPECT_EQ(silent.wait(10s), 0) << silent.log();  // it got its CANCEL
  gateway->hang_up(21);
  EXPECT_TRUE(test::no_handles_left(*gateway)) << events.dump();
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();
}

TEST(SipAgentLeg, BlenddRefreshesASessionTheTrunkMadeItRefreshAndAnswersTheOfferInTheAck) {
  test::TempDir dir;
  ChildProcess customer(sipp_uas("uas_customer_timer_uac.xml", 25190, 1, {}, 60),
                        dir.file("customer.log"));
  ChildProcess agent(sipp_uas("uas_agent.xml", 25191, 1, {}, 60), dir.file("agent.log"));
  test::LegEvents events;
  auto options = test::gateway_options(25192);
  options.min_session_expires_s = 5;  // the customer's 10 s interval stands
  auto gateway = test::started_gateway(options, events);
  ASSERT_TRUE(gateway);
  gateway->originate(test::dial(22, "sip:+4930556@127.0.0.1:25190"));
  ASSERT_TRUE(events.wait(22, Leg::customer, LegEventKind::answered));
  gateway->connect_agent(22, "sip:a01@127.0.0.1:25191");
  ASSERT_TRUE(events.wait(22, Leg::agent, LegEventKind::answered)) << agent.log();
  // Session-Expires 10 s: three refreshes, each ACK with an answer, then the customer hangs up.
  auto ended = events.wait(22, Leg::customer, LegEventKind::ended, 45s);
  ASSERT_TRUE(ended) << events.dump() << customer.log();
  EXPECT_EQ(ended->reason, "customer");  // its BYE, not a dropped session
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
  EXPECT_TRUE(test::no_handles_left(*gateway)) << events.dump();
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();
}

TEST(SipAgentLeg, ACustomerThatRefreshesTheSessionItselfIsAnsweredAndKeptUp) {
  test::TempDir dir;
  ChildProcess customer(sipp_uas("uas_customer_timer_uas.xml", 25193, 1, {}, 60),
                        dir.file("customer.log"));
  ChildProcess agent(sipp_uas("uas_agent.xml", 25194, 1, {}, 60), dir.file("agent.log"));
  test::LegEvents events;
  auto options = test::gateway_options(25195);
  options.min_session_expires_s = 5;
  auto gateway = test::started_gateway(options, events);
  ASSERT_TRUE(gateway);
  gateway->originate(test::dial(23, "sip:+4930557@127.0.0.1:25193"));
  ASSERT_TRUE(events.wait(23, Leg::customer, LegEventKind::answered));
  gateway->connect_agent(23, "sip:a01@127.0.0.1:25194");
  ASSERT_TRUE(events.wait(23, Leg::agent, LegEventKind::answered)) << agent.log();
  // Three refreshes from the customer (no SDP: answered by blendd with the agent's SDP, not
  // passed to the agent's phone), 3 s apart, then its BYE.
  auto ended = events.wait(23, Leg::customer, LegEventKind::ended, 30s);
  ASSERT_TRUE(ended) << events.dump() << customer.log();
  EXPECT_EQ(ended->reason, "customer");
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
  EXPECT_TRUE(test::no_handles_left(*gateway)) << events.dump();
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();
}
