// The desk's manual dial end to end: a real blendd, sipp as the trunk's customers and the agent's
// phone, the desk page in headless Chromium. The refusals come back with their reasons; the
// dialled number goes out over the trunk with the campaign's caller ID, reaches the agent who
// dialled it, and its attempt and result are in the store with that agent.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;

TEST(DeskManualDial, AnAgentDialsFromTheDeskAndRegistersTheResult) {
  auto spec = test::centre_spec(1, 0, 1500);  // no list: nothing is dialled unasked
  spec.wrap_up_s = 120;
  test::CallCentreRun run(spec, 29960);
  ASSERT_TRUE(run.up()) << run.log();
  const auto dnc = run.api("POST", "/api/v1/dnc", test::CallCentreRun::kSupervisor,
                           R"({"number":"+4930555000111"})");
  ASSERT_EQ(dnc.status, 200) << dnc.body;
  std::filesystem::create_directories(ARTIFACT_DIR);
  const std::string shot = std::string(ARTIFACT_DIR) + "/manual_dial.png";
  test::ChildProcess browser(
      {"node", BLENDD_SOURCE_DIR "/tests/browser/manual_dial.mjs",
       "http://127.0.0.1:" + std::to_string(run.http_port()) + "/agent/", run.agent_id(0),
       run.agent_token(0), "030 555000111", "030 5550002", shot},
      run.dir().file("browser.log"));
  ASSERT_EQ(browser.wait(90s), 0) << browser.log() << "\n" << run.log();
  // The trunk saw exactly the dialled number, once.
  run.stop_trunk();
  const auto dials = run.trunk_dials();
  ASSERT_EQ(dials.size(), 1u) << run.log();
  EXPECT_EQ(dials.begin()->first, "+49305550002");
  // The number joined the campaign's list as the agent's, its attempt logged with the agent,
  // its result stored.
  EXPECT_NE(run.redis({"HGET", "{c:spring}:targets", "+49305550002"}).find("manual:a01"),
            std::string::npos);
  EXPECT_NE(run.redis({"XRANGE", "{c:spring}:log", "-", "+"}).find("a01"), std::string::npos);
  const std::string results = run.redis({"XRANGE", "{c:spring}:results", "-", "+"});
  EXPECT_NE(results.find("refused"), std::string::npos) << results;
  EXPECT_NE(results.find("+49305550002"), std::string::npos) << results;
}
