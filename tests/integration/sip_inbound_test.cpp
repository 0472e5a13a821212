// Inbound trunk calls through the gateway's queueing B2BUA against real sipp callers and agent
// phones on loopback: queued with 180, connected with the SDP relayed both ways, the caller
// giving up while queued, overflow by redirect, and the trunk allow-list.
#include <gtest/gtest.h>

#include "tests/support/sip_rig.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using sip::Leg;
using sip::LegEventKind;

TEST(SipInbound, QueuedCallerIsConnectedToAnAgentWithTheOffersRelayedBothWays) {
  test::SipRig rig;
  auto& agent = rig.peer(test::sipp_uas("uas_agent.xml", 25121, 1), "agent.log");
  ASSERT_TRUE(rig.start(test::gateway_options(25120)));
  auto& caller =
      rig.peer(test::sipp_uac("uac_inbound.xml", 25122, 25120, "8005550100", 1), "caller.log");
  auto arrived = rig.events.wait_first(LegEventKind::inbound_arrived);
  ASSERT_TRUE(arrived) << caller.log();
  EXPECT_EQ(arrived->to, "8005550100");
  EXPECT_EQ(arrived->from, "+49307771");
  EXPECT_EQ(arrived->reason, "127.0.0.1") << "the source address";
  EXPECT_NE(arrived->sdp.find("o=caller"), std::string::npos);
  std::this_thread::sleep_for(200ms);  // queued: the caller hears ringing
  rig.gateway->connect_agent(arrived->call, "sip:a01@127.0.0.1:25121");
  ASSERT_TRUE(rig.events.wait(arrived->call, Leg::agent, LegEventKind::answered)) << agent.log();
  auto ended = rig.events.wait(arrived->call, Leg::customer, LegEventKind::ended);
  ASSERT_TRUE(ended) << caller.log() << rig.events.dump();
  EXPECT_EQ(ended->reason, "customer");
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(caller.wait(10s), 0) << caller.log();  // got the agent's answer in the 200
  EXPECT_EQ(agent.wait(10s), 0) << agent.log();    // got the caller's offer, then our BYE
}

TEST(SipInbound, CallerWhoHangsUpWhileQueuedIsReportedAsCancelled) {
  test::SipRig rig;
  ASSERT_TRUE(rig.start(test::gateway_options(25125)));
  auto& caller = rig.peer(test::sipp_uac("uac_inbound_cancel.xml", 25126, 25125, "8005550100", 1),
                          "caller.log");
  auto arrived = rig.events.wait_first(LegEventKind::inbound_arrived);
  ASSERT_TRUE(arrived) << caller.log();
  auto cancelled = rig.events.wait(arrived->call, Leg::customer, LegEventKind::cancelled);
  ASSERT_TRUE(cancelled) << caller.log() << rig.events.dump();
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(caller.wait(10s), 0) << caller.log();  // 200 to the CANCEL, 487 to the INVITE
}

TEST(SipInbound, QueueTimeoutOverflowRedirectsTheCaller) {
  test::SipRig rig;
  ASSERT_TRUE(rig.start(test::gateway_options(25130)));
  auto& caller = rig.peer(
      test::sipp_uac("uac_inbound_redirected.xml", 25131, 25130, "8005550100", 1), "caller.log");
  auto arrived = rig.events.wait_first(LegEventKind::inbound_arrived);
  ASSERT_TRUE(arrived) << caller.log();
  rig.gateway->overflow_inbound(arrived->call, "sip:overflow@127.0.0.1:25139");
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
  EXPECT_EQ(caller.wait(10s), 0) << caller.log();  // 302 with the overflow Contact
}

TEST(SipInbound, InvitesFromOutsideTheTrunkAllowListAreRefused) {
  test::SipRig rig;
  auto options = test::gateway_options(25135);
  options.allowed_sources = {"127.0.0.1"};
  ASSERT_TRUE(rig.start(options));
  // 127.0.0.2 is loopback too, but not on the list.
  auto& caller = rig.peer(
      test::sipp_uac("uac_inbound_refused.xml", 25136, 25135, "8005550100", 1, "127.0.0.2"),
      "caller.log");
  EXPECT_EQ(caller.wait(10s), 0) << caller.log();  // 403
  EXPECT_EQ(rig.gateway->counters().inbound_refused, 1);
  EXPECT_EQ(rig.events.count(LegEventKind::inbound_arrived), 0) << "no call created";
  EXPECT_TRUE(test::no_handles_left(*rig.gateway));
}
