// A peer that vanishes mid-call without a BYE — the agent's phone crashes, the customer's side
// of the trunk drops the call — must not hold an agent forever: blendd's in-dialog keepalive
// (sip.keepalive_s) finds it, ends the call on both legs, frees the agent, and an agent whose
// phone is unreachable gets no more calls.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/support/call_centre_run.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using Centre = test::CallCentreRun;

namespace {

test::CentreSpec long_calls() {
  // nobody hangs up by themselves during the test
  auto spec = test::centre_spec(2, 40, 120000);
  spec.sip_keepalive_s = 1;
  return spec;
}

std::string agent_state(const Centre& run, const std::string& agent) {
  const auto f = run.figures();
  if (!f.contains("agents")) return {};
  for (const auto& a : f.at("agents").as_array())
    if (a.at("id").as_string() == agent) return std::string(a.at("state").as_string());
  return {};
}

bool both_talking(const Centre& run) {
  return agent_state(run, "a01") == "on_outbound" && agent_state(run, "a02") == "on_outbound";
}

}  // namespace

TEST(VanishedPeer, ACrashedAgentPhoneEndsItsCallsAndTheAgentGetsNoMore) {
  Centre run(long_calls(), 28850);
  ASSERT_TRUE(run.up()) << run.log();
  auto bots = run.start_agents(2, 50ms);
  ASSERT_TRUE(test::eventually([&] { return both_talking(run); }, 20s)) << run.log();
  run.kill_phones();
  // The keepalive gets no answer from the phones: both calls end, customers get their BYE.
  EXPECT_TRUE(test::eventually(
      [&] { return run.log().find("agent unreachable") != std::string::npos; }, 15s))
      << run.log();
  // The agents wrap up, become ready, and their next offer fails on the dead phone: not ready
  // ("missed call"), no further call routed to them.
  EXPECT_TRUE(test::eventually(
      [&] {
        return agent_state(run, "a01") == "not_ready" && agent_state(run, "a02") == "not_ready";
      },
      60s))
      << run.log();
  EXPECT_TRUE(test::eventually([&] { return run.figure("calls_active") == 0; }, 40s));
  EXPECT_TRUE(test::eventually([&] { return run.figure("sip_live_handles") == 0; }, 60s))
      << "no handle left behind";
}

TEST(VanishedPeer, ACustomerWhoseSideDroppedTheCallFreesTheAgent) {
  Centre run(long_calls(), 28860);
  ASSERT_TRUE(run.up()) << run.log();
  auto bots = run.start_agents(2, 50ms);
  ASSERT_TRUE(test::eventually([&] { return both_talking(run); }, 20s)) << run.log();
  run.replace_trunk(-1);  // the trunk's side of both calls is gone, without a BYE
  EXPECT_TRUE(
      test::eventually([&] { return !both_talking(run) && run.figure("calls_active") == 0; }, 15s))
      << "the keepalive ends calls whose customer vanished\n"
      << run.log();
  EXPECT_NE(run.log().find("customer unreachable"), std::string::npos) << run.log();
  EXPECT_TRUE(test::eventually([&] { return run.figure("sip_live_handles") == 0; }, 60s));
}

TEST(VanishedPeer, ATrunkOverTcpWhoseConnectionIsResetEndsItsCallsAndTheNextCallsReconnect) {
  auto spec = long_calls();
  spec.trunk_tcp = true;
  Centre run(spec, 28870);
  ASSERT_TRUE(run.up()) << run.log();
  auto bots = run.start_agents(2, 50ms);
  ASSERT_TRUE(test::eventually([&] { return both_talking(run); }, 20s)) << run.log();
  const auto connected_before = [&run] {
    return run.figures().at("campaigns").as_array().at(0).at("connected").to_number<int>();
  };
  const int before = connected_before();
  // The trunk dies with both calls up: its TCP connection goes, and blendd's next keepalive on
  // it meets a reset (or a refused reconnect).
  run.kill_trunk();
  EXPECT_TRUE(test::eventually(
      [&] {
        return run.figure("calls_active") == 0 &&
               run.log().find("customer unreachable") != std::string::npos;
      },
      20s))
      << run.log();
  // A new trunk on the same port: blendd opens a new connection and calls flow again.
  run.replace_trunk(0);
  EXPECT_TRUE(test::eventually([&] { return connected_before() >= before + 2; }, 30s)) << run.log();
  EXPECT_TRUE(both_talking(run) || test::eventually([&] { return both_talking(run); }, 10s));
  run.kill_trunk();
  EXPECT_TRUE(test::eventually([&] { return run.figure("calls_active") == 0; }, 20s));
  EXPECT_TRUE(test::eventually([&] { return run.figure("sip_live_handles") == 0; }, 60s))
      << "SIP handles left: " << run.figure("sip_live_handles");
}
