// sipvicious, the scanner toll-fraud crews use, against a real blendd: svmap finds it, svwar
// walks extensions with INVITE, REGISTER and OPTIONS. blendd answers sanely, creates no call,
// leaves no SIP handle, its memory stays flat, and a real call still works afterwards.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/support/call_centre_run.hpp"
#include "tests/support/process_stats.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using Centre = test::CallCentreRun;

namespace {

test::ChildProcess scan(Centre& run, const std::string& name, std::vector<std::string> argv) {
  return test::ChildProcess(std::move(argv), run.dir().file(name + ".log"));
}

}  // namespace

TEST(SipScan, SvmapAndSvwarFindNothingToAbuse) {
  auto spec = test::centre_spec(2, 20, 300);
  Centre run(spec, 28800);
  ASSERT_TRUE(run.up()) << run.log();
  const std::string port = std::to_string(run.sip_port());
  ::setenv("HOME", run.dir().path().c_str(), 1);  // sipvicious keeps its sessions there
  const long rss_before = test::rss_kib(run.blendd().pid());
  {
    auto map = scan(run, "svmap", {"svmap", "-p" + port, "127.0.0.1"});
    ASSERT_EQ(map.wait(60s), 0) << map.log();
    EXPECT_NE(map.log().find("127.0.0.1:" + port), std::string::npos)
        << "svmap must have found blendd, else the scan proved nothing\n"
        << map.log();
  }
  for (const char* method : {"INVITE", "REGISTER", "OPTIONS"}) {
    auto war = scan(run, std::string("svwar_") + method,
                    {"svwar", "-p" + port, "-e100-400", "-m", method, "--force", "127.0.0.1"});
    EXPECT_EQ(war.wait(120s), 0) << method << "\n" << war.log();
  }
  EXPECT_TRUE(run.blendd().running()) << run.log();
  EXPECT_EQ(run.figure("calls_active"), 0);
  EXPECT_TRUE(test::eventually([&] { return run.figure("sip_live_handles") == 0; }, 40s))
      << "every handle the scan made is gone";
  const auto figures = run.figures();
  EXPECT_EQ(run.group(figures, "sales")->at("inbound_offered").to_number<int>(), 0)
      << "no scanned extension reached an agent";
  const long rss_after = test::rss_kib(run.blendd().pid());
  std::printf("blendd RSS before the scans %ld kB, after %ld kB\n", rss_before, rss_after);
  EXPECT_LT(rss_after - rss_before, 16 * 1024) << "memory stays flat under ~2,000 scan requests";
  // The centre still works.
  auto bots = run.start_agents(2, 50ms);
  EXPECT_TRUE(test::eventually(
      [&] {
        const auto f = run.figures();
        return f.contains("campaigns") &&
               f.at("campaigns").as_array().at(0).at("connected").to_number<int>() >= 2;
      },
      20s))
      << run.log();
}
