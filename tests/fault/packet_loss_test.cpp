// Packet loss on the SIP path: blendd's own stack drops 5% of the SIP datagrams it receives
// (sip.debug_drop_permille, sofia's TPTAG_DEBUG_DROP; this kernel has no netem). Every call
// completes or fails cleanly: each dial is one INVITE transaction at the trunk, every dial has
// exactly one outcome, every attempt is closed, no agent is left on a call and no SIP handle
// is left. bench_packet_loss prints the same figures for other loss rates.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/support/call_centre_run.hpp"

using namespace blendd;
using namespace std::chrono_literals;

struct CampaignCount {
  std::int64_t dials = 0;
  std::int64_t outcomes = 0;
  std::int64_t connected = 0;
};

CampaignCount count(const test::CallCentreRun& run) {
  const auto f = run.figures();
  return {test::CallCentreRun::campaign_figure(f, "dials"), test::CallCentreRun::dial_outcomes(f),
          test::CallCentreRun::campaign_figure(f, "connected")};
}

TEST(PacketLoss, EveryCallCompletesOrFailsCleanlyAndNothingIsLeftBehind) {
  auto spec = test::centre_spec(4, 40, 500);
  spec.sip_drop_permille = 50;
  spec.sip_keepalive_s = 2;
  test::CallCentreRun run(spec, 28740);
  ASSERT_TRUE(run.up()) << run.log();
  {
    auto bots = run.start_agents(spec.agents, 50ms);
    // A lost 200 or ACK costs up to a transaction timeout (32 s); everything else is quick.
    ASSERT_TRUE(test::eventually([&] { return count(run).dials >= spec.targets; }, 120s))
        << run.log();
    ASSERT_TRUE(test::eventually(
        [&] {
          const auto c = count(run);
          return run.figure("calls_active") == 0 && c.outcomes == c.dials;
        },
        90s))
        << "every dial ends with one outcome; calls still up: " << run.figure("calls_active")
        << "\n"
        << run.log();
    const auto c = count(run);
    std::printf("5%% SIP loss: %lld dials, %lld bridged, %lld other outcomes\n",
                static_cast<long long>(c.dials), static_cast<long long>(c.connected),
                static_cast<long long>(c.outcomes - c.connected));
    EXPECT_GE(c.connected, spec.targets / 2) << "loss slows calls down, it does not stop them";
    EXPECT_TRUE(test::eventually(
        [&] {
          return run.redis({"ZCARD", "{c:spring}:leases"}) == "0";
        },
        10s))
        << "an attempt left open: " << run.redis({"ZRANGE", "{c:spring}:leases", "0", "-1"});
    EXPECT_EQ(run.redis({"HLEN", "{c:spring}:review"}), "0");
    const auto figures = run.figures();
    for (const auto& a : figures.at("agents").as_array()) {
      const auto state = a.at("state").as_string();
      EXPECT_TRUE(state != "on_outbound" && state != "reserved")
          << a.at("id").as_string() << " is still " << state;
    }
    // sipp's own trace: each dial reached the trunk as exactly one INVITE transaction (its
    // retransmissions share the Call-ID), none twice, none without a dial on record.
    std::int64_t transactions = 0;
    for (const auto& [number, call_ids] : run.trunk_dials())
      transactions += static_cast<std::int64_t>(call_ids.size());
    EXPECT_EQ(transactions, count(run).dials);
  }
  run.stop_trunk();
  EXPECT_TRUE(test::eventually([&] { return run.figure("sip_live_handles") == 0; }, 60s))
      << "SIP handles left: " << run.figure("sip_live_handles");
  EXPECT_TRUE(run.blendd().running());
}
