// The agent desk page in a real browser (Debian's headless chromium, driven by playwright-core)
// against a real blendd + sipp call: log in, ready, a call arrives, one invalid then a valid
// questionnaire answer, the result saved — and then found in Redis. Screenshots are kept in
// the build tree (tests/artifacts/) as artefacts.
#include <gtest/gtest.h>
#include <signal.h>

#include <ctime>
#include <filesystem>

#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/redis_server_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;

TEST(AgentPage, AgentTakesACallAndRegistersTheResultInTheBrowser) {
  auto spec = test::centre_spec(1, 5, 4000);
  spec.wrap_up_s = 120;  // the page counts it down
  spec.catalogue_extra = {"associations:", "  - { asked: fibre, offers: [mobile] }"};
  test::CallCentreRun run(spec, 27700);
  ASSERT_TRUE(run.up()) << run.log();
  // Each customer called before, by another campaign: the desk shows it beside the script.
  for (int i = 0; i < spec.targets; ++i) {
    run.redis(
        {"LPUSH", "cust:+4930" + std::to_string(1000000 + i),
         R"({"list":"autumn","at_ms":"1767571200000","agent":"a09","disposition":"callback"})"});
  }
  std::filesystem::create_directories(ARTIFACT_DIR);
  const std::string shot = std::string(ARTIFACT_DIR) + "/agent_page.png";
  test::ChildProcess browser({"node", BLENDD_SOURCE_DIR "/tests/browser/agent_page.mjs",
                              "http://127.0.0.1:" + std::to_string(run.http_port()) + "/agent/",
                              run.agent_id(0), run.agent_token(0), shot},
                             run.dir().file("browser.log"));
  ASSERT_EQ(browser.wait(90s), 0) << browser.log() << "\n" << run.log();
  EXPECT_TRUE(std::filesystem::exists(shot));
  // Exactly one result: the invalid attempt stored nothing.
  ASSERT_TRUE(test::eventually(
      [&] {
        return run.redis({"XLEN", "{c:spring}:results"}) == "1";
      },
      5s))
      << run.redis({"XLEN", "{c:spring}:results"});
  const std::string stored = run.redis({"XRANGE", "{c:spring}:results", "-", "+"});
  EXPECT_NE(stored.find("success"), std::string::npos) << stored;
  EXPECT_NE(stored.find("\"lines\":2"), std::string::npos) << stored;
  EXPECT_NE(stored.find("\"interested\":true"), std::string::npos) << stored;
  // The sale earned the product's points (level 3 → 3 points) in this month's leaderboard.
  const std::time_t now = std::time(nullptr);
  char month[16];
  std::strftime(month, sizeof month, "%Y-%m", std::gmtime(&now));
  EXPECT_EQ(run.redis({"ZSCORE", std::string("points:") + month, run.agent_id(0)}), "3");
}

TEST(DashboardPage, SupervisorSeesTheLiveChartAndSetsThresholds) {
  auto spec = test::centre_spec(3, 200, 500);
  test::CallCentreRun run(spec, 27710);
  ASSERT_TRUE(run.up()) << run.log();
  auto bots = run.start_agents(spec.agents, std::chrono::milliseconds(100));
  std::filesystem::create_directories(ARTIFACT_DIR);
  const std::string shot = std::string(ARTIFACT_DIR) + "/dashboard.png";
  test::ChildProcess browser({"node", BLENDD_SOURCE_DIR "/tests/browser/dashboard.mjs",
                              "http://127.0.0.1:" + std::to_string(run.http_port()) + "/dashboard/",
                              test::CallCentreRun::kSupervisor, shot},
                             run.dir().file("browser.log"));
  ASSERT_EQ(browser.wait(60s), 0) << browser.log() << "\n" << run.log();
  EXPECT_TRUE(std::filesystem::exists(shot));
  auto f = run.figures();
  EXPECT_EQ(run.group(f, "sales")->at("start_threshold").as_double(), 0.55);
  const std::string audit = run.api("GET", "/api/v1/audit", test::CallCentreRun::kViewer).body;
  EXPECT_NE(audit.find("\"who\":\"test-supervisor\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("\"why\":\"dashboard\""), std::string::npos) << audit;
}

// Two nodes: the desk and the dashboard are open on the active node A when it is SIGKILLed; in
// headless Chromium the desk logs in at B without a reload and the dashboard moves to B's.
TEST(FailoverPages, TheDeskAndTheDashboardFollowTheActiveNode) {
  test::RedisServerProcess redis;
  auto [spec_a, spec_b] = test::node_pair(test::centre_spec(1, 0), redis.url(), 27720, 27730);
  test::CallCentreRun a(spec_a, 27720);
  ASSERT_TRUE(a.up()) << a.log();
  test::CallCentreRun b(spec_b, 27730);
  ASSERT_TRUE(b.up()) << b.log();
  std::filesystem::create_directories(ARTIFACT_DIR);
  const std::string shot = std::string(ARTIFACT_DIR) + "/failover_desk.png";
  const std::string ready = a.dir().file("pages-ready");
  test::ChildProcess browser({"node", BLENDD_SOURCE_DIR "/tests/browser/failover.mjs",
                              a.url() + "/agent/", a.url() + "/dashboard/", a.agent_id(0),
                              a.agent_token(0), test::CallCentreRun::kViewer, b.url(), ready, shot},
                             a.dir().file("failover-browser.log"));
  ASSERT_TRUE(test::eventually([&] { return std::filesystem::exists(ready); }, 30s))
      << browser.log();
  a.blendd().signal(SIGKILL);
  ASSERT_EQ(browser.wait(60s), 0) << browser.log() << "\n" << b.log();
  EXPECT_NE(b.log().find("desktop: agent a01 logged in"), std::string::npos) << b.log();
}
