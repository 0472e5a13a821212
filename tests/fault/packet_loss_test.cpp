// SIP over a lossy network: blendd's SIP stack drops 5% of the datagrams it receives (sofia's
// TPTAG_DEBUG_DROP; no netem in this kernel). Retransmissions carry the calls through or they
// fail cleanly: calls are bridged, every call ends, every attempt gets an outcome, and no SIP
// handle is left behind.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/support/call_centre_run.hpp"

using namespace blendd;
using namespace std::chrono_literals;

TEST(PacketLoss, CallsCompleteOrFailCleanlyAndNoHandleLeaks) {
  test::CentreSpec spec;
  spec.agents = 4;
  spec.targets = 40;
  spec.talk_ms = 500;
  spec.sip_drop_permille = 50;
  test::CallCentreRun run(spec, 28750);
  ASSERT_TRUE(run.up()) << run.log();
  {
    auto bots = run.start_agents(4, 50ms);
    ASSERT_TRUE(test::eventually(
        [&] {
          const auto f = run.figures();
          return f.contains("campaigns") &&
                 f.at("campaigns").as_array().at(0).at("connected").to_number<int>() >= 20;
        },
        60s))
        << run.log();
    // The last calls end and every result is registered before the desks go.
    EXPECT_TRUE(test::eventually(
        [&] { return run.figure("calls_active") == 0 && run.figure("awaiting_result") == 0; }, 60s))
        << run.log();
    run.stop_trunk();  // nothing new reaches a customer from here
  }
  EXPECT_TRUE(test::eventually([&] { return run.figure("sip_live_handles") == 0; }, 60s))
      << "a handle leaked under loss\n"
      << run.log();
  EXPECT_TRUE(run.blendd().running());
  // Every attempt was closed with an outcome: no lease open, nothing stuck in review.
  EXPECT_TRUE(test::eventually(
      [&] {
        return run.redis({"ZCARD", "{c:spring}:leases"}) == "0";
      },
      60s));
  EXPECT_EQ(run.redis({"HLEN", "{c:spring}:review"}), "0");
  EXPECT_NE(run.log().find("dropping 50 of every 1000 datagrams"), std::string::npos);
}
