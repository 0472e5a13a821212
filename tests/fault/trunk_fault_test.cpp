// A trunk in trouble on a real blendd: a silent trunk and a 503 storm open the trunk's circuit
// breaker (visible in the figures and /metrics) and keep blendd from hammering it, probes back
// off; when a working trunk is back, dialling resumes by itself.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/support/call_centre_run.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;
using Centre = test::CallCentreRun;

namespace {

test::CentreSpec storm() {
  auto spec = test::centre_spec(4, 300, 300);
  spec.trunk_status = 503;
  spec.breaker_failures = 3;
  spec.breaker_first_backoff_s = 1;
  spec.breaker_max_backoff_s = 4;
  return spec;
}

json::object trunk(const Centre& run) {
  const auto f = run.figures();
  return f.contains("trunk") ? f.at("trunk").as_object() : json::object{};
}

std::uint64_t spring(const Centre& run, const char* key) {
  const auto f = run.figures();
  if (!f.contains("campaigns")) return 0;
  return f.at("campaigns").as_array().at(0).at(key).to_number<std::uint64_t>();
}

}  // namespace

TEST(TrunkFault, ASilentTrunkAndA503StormOpenTheBreakerAWorkingTrunkClosesIt) {
  test::CentreSpec spec = storm();
  spec.trunk_status = -1;  // at first nothing listens on the trunk's port
  Centre run(spec, 28700);
  ASSERT_TRUE(run.up()) << run.log();
  auto bots = run.start_agents(4, 50ms);
  // A silent trunk: no response to any INVITE (here refused at once by the kernel; a trunk that
  // swallows packets ends the same way when sofia's transaction gives up after 32 s).
  ASSERT_TRUE(test::eventually(
      [&] { return trunk(run).contains("opens") && trunk(run).at("opens").to_number<int>() >= 1; },
      10s))
      << run.log();
  // Now the trunk answers, but only 503s: the probes fail and the back-off grows.
  run.replace_trunk(503);
  std::this_thread::sleep_for(6s);
  const auto during = trunk(run);
  EXPECT_NE(during.at("breaker").as_string(), "closed");
  EXPECT_GE(during.at("opens").to_number<int>(), 2) << "failed probes open it again";
  // 4 agents and an instant failure: without the breaker this is hundreds of INVITEs.
  const std::uint64_t dials = spring(run, "dials");
  EXPECT_LE(dials, 14u) << "the first lines plus a probe per back-off (1 s, 2 s, 4 s)";
  EXPECT_GE(dials, 4u);
  const auto metrics = run.api("GET", "/metrics", Centre::kViewer).body;
  EXPECT_NE(metrics.find("blendd_trunk_breaker_open{trunk=\"default\"} 1"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("blendd_trunk_faults_total{trunk=\"default\"}"), std::string::npos);
  // The trunk is fixed: the next probe gets through and dialling resumes by itself.
  run.replace_trunk(0);
  ASSERT_TRUE(test::eventually([&] { return spring(run, "connected") >= 4; }, 15s)) << run.log();
  EXPECT_EQ(trunk(run).at("breaker").as_string(), "closed");
  bots.clear();  // the customers hang up after talking; every call ends
  EXPECT_TRUE(test::eventually(
      [&] {
        const auto f = run.figures();
        return f.contains("sip_live_handles") && f.at("sip_live_handles").to_number<int>() == 0;
      },
      40s))
      << "no handle left behind";
}
