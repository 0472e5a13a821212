// blendctl against a running blendd: supervisor commands change the centre, tables and --json
// come back, refusals and unreachable daemons give their exit codes.
#include <gtest/gtest.h>

#include <cstdlib>

#include <boost/json.hpp>

#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/redis_server_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

struct Outcome {
  int code = -1;
  std::string output;
};

Outcome blendctl(test::CallCentreRun& run, const std::string& token, std::vector<std::string> args,
                 int port = 0) {
  static int n = 0;
  const std::string token_file = run.dir().file("token" + std::to_string(++n));
  run.dir().write("token" + std::to_string(n), token);
  std::vector<std::string> argv{
      BLENDCTL_BINARY, "--url",
      "http://127.0.0.1:" + std::to_string(port ? port : run.http_port())};
  if (!token.empty()) argv.insert(argv.end(), {"--token-file", token_file});
  argv.insert(argv.end(), args.begin(), args.end());
  test::ChildProcess p(argv, run.dir().file("ctl" + std::to_string(n) + ".log"));
  Outcome o;
  o.code = p.wait(20s).value_or(-1);
  o.output = p.log();
  return o;
}

}  // namespace

TEST(Blendctl, SupervisorCommandsChangeTheRunningCentre) {
  auto spec = test::centre_spec(2, 10);
  test::CallCentreRun run(spec, 27950);
  ASSERT_TRUE(run.up()) << run.log();
  auto o = blendctl(run, test::CallCentreRun::kSupervisor,
                    {"threshold", "set", "sales", "--start", "0.5", "--stop", "0.3", "--reserve",
                     "1", "--reason", "from the test"});
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("done"), std::string::npos);
  auto f = run.figures();
  EXPECT_EQ(run.group(f, "sales")->at("start_threshold").as_double(), 0.5);
  o = blendctl(run, test::CallCentreRun::kSupervisor, {"campaign", "pause", "spring"});
  ASSERT_EQ(o.code, 0) << o.output;
  o = blendctl(run, test::CallCentreRun::kViewer, {"audit"});
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("campaign spring: running -> paused"), std::string::npos) << o.output;
  EXPECT_NE(
      o.output.find("group sales thresholds: start_threshold=0.3 stop_threshold=0.2 "
                    "reserve_agents=0 -> start_threshold=0.5 stop_threshold=0.3 reserve_agents=1 "
                    "(from the test)"),
      std::string::npos)
      << o.output;
  run.dir().write("list.csv", "number,name\n030 7654321,Ann\nnonsense,Bob\n");
  o = blendctl(run, test::CallCentreRun::kSupervisor,
               {"targets", "import", "spring", run.dir().file("list.csv")});
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("rows 2, imported 1, bad 1"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("line 3:"), std::string::npos) << o.output;
  o = blendctl(run, test::CallCentreRun::kViewer, {"stats"});
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("sales"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("spring"), std::string::npos) << o.output;
  o = blendctl(run, test::CallCentreRun::kViewer, {"--json", "stats"});
  ASSERT_EQ(o.code, 0) << o.output;
  boost::json::error_code ec;
  auto v = boost::json::parse(o.output, ec);
  ASSERT_FALSE(ec) << o.output;
  EXPECT_TRUE(v.as_object().contains("groups"));
}

TEST(Blendctl, RefusalsAndAnUnreachableDaemonHaveTheirExitCodes) {
  auto spec = test::centre_spec(1, 1);
  test::CallCentreRun run(spec, 27960);
  ASSERT_TRUE(run.up()) << run.log();
  auto o = blendctl(run, "", {"stats"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.output.find("unauthorized"), std::string::npos) << o.output;
  o = blendctl(run, test::CallCentreRun::kViewer, {"campaign", "pause", "spring"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.output.find("forbidden"), std::string::npos) << o.output;
  o = blendctl(run, test::CallCentreRun::kSupervisor,
               {"threshold", "set", "sales", "--start", "0.1", "--stop", "0.4"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.output.find("must not be above start_threshold"), std::string::npos) << o.output;
  o = blendctl(run, test::CallCentreRun::kViewer, {"stats"}, 9);  // nothing listens on port 9
  EXPECT_EQ(o.code, 3) << o.output;
  o = blendctl(run, test::CallCentreRun::kViewer, {"no-such-command"});
  EXPECT_NE(o.code, 0);
}

TEST(Blendctl, CampaignsSchedulesCatalogueAndAgentsFromTheCommandLine) {
  auto spec = test::centre_spec(1, 1);
  test::CallCentreRun run(spec, 27970);
  ASSERT_TRUE(run.up()) << run.log();
  run.dir().write("autumn.json", R"({"id":"autumn","group":"sales","pacing":"predictive",
    "abandon_cap":0.02,"caller_id":"sip:+4930555222@127.0.0.1"})");
  auto o = blendctl(run, test::CallCentreRun::kSupervisor,
                    {"campaign", "create", run.dir().file("autumn.json")});
  ASSERT_EQ(o.code, 0) << o.output;
  o = blendctl(run, test::CallCentreRun::kViewer, {"campaign", "list"});
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("autumn       sales      predictive    running   2.0%"),
            std::string::npos)
      << o.output;
  o = blendctl(run, test::CallCentreRun::kSupervisor, {"campaign", "stop", "autumn"});
  ASSERT_EQ(o.code, 0) << o.output;
  run.dir().write("bad.json", R"({"pacing":"whenever"})");
  o = blendctl(run, test::CallCentreRun::kSupervisor,
               {"campaign", "update", "autumn", run.dir().file("bad.json")});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.output.find("campaigns.autumn.pacing"), std::string::npos) << o.output;
  run.dir().write("schedule.json", R"({"periods":[{"label":"morning peak","kind":"busy",
    "weekdays":["mon","tue"],"start":"09:00","end":"12:00","outbound":false}]})");
  o = blendctl(run, test::CallCentreRun::kSupervisor,
               {"schedule", "set", "sales", run.dir().file("schedule.json")});
  ASSERT_EQ(o.code, 0) << o.output;
  o = blendctl(run, test::CallCentreRun::kViewer, {"schedule", "show", "sales"});
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("morning peak     busy mon,tue"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("09:00-12:00"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("outbound off"), std::string::npos) << o.output;
  run.dir().write("product.json", R"({"name":"Mobile XL","points":4})");
  o = blendctl(run, test::CallCentreRun::kSupervisor,
               {"catalogue", "put", "products", "mobile", run.dir().file("product.json")});
  ASSERT_EQ(o.code, 0) << o.output;
  o = blendctl(run, test::CallCentreRun::kViewer, {"agents"});
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("a01        sales      logged_out"), std::string::npos) << o.output;
  o = blendctl(run, test::CallCentreRun::kViewer, {"live", "show"});
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("Mobile XL"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("autumn"), std::string::npos) << o.output;
  EXPECT_EQ(blendctl(run, test::CallCentreRun::kSupervisor, {"live", "clear"}).code, 1);
  EXPECT_EQ(blendctl(run, test::CallCentreRun::kAdmin, {"live", "clear"}).code, 0);
}

TEST(Blendctl, TargetShowSaysWhyANumberIsNotDialled) {
  // nobody logs in: nothing is claimed, every target is due
  auto spec = test::centre_spec(1, 5);
  test::CallCentreRun run(spec, 28950);
  ASSERT_TRUE(run.up()) << run.log();
  auto added = run.api("POST", "/api/v1/dnc", test::CallCentreRun::kSupervisor,
                       R"({"number":"+49301000001"})");
  ASSERT_EQ(added.status, 200) << added.body;
  auto o =
      blendctl(run, test::CallCentreRun::kViewer, {"target", "show", "spring", "+49301000001"});
  EXPECT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("\"dnc_global\""), std::string::npos) << o.output;
  o = blendctl(run, test::CallCentreRun::kViewer, {"target", "show", "spring", "+49301000002"});
  EXPECT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("\"due\""), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("\"dialable_now\":true"), std::string::npos) << o.output;
  o = blendctl(run, test::CallCentreRun::kViewer, {"target", "show", "spring", "+49309999999"});
  EXPECT_NE(o.code, 0) << o.output;
  auto unknown =
      run.api("GET", "/api/v1/campaigns/spring/targets/+49309999999", test::CallCentreRun::kViewer);
  EXPECT_EQ(unknown.status, 404) << unknown.body;
}

// Two nodes: blendctl pointed at the standby gets its 503 with the active's URL and sends the
// write there once, saying so.
TEST(Blendctl, AWriteSentToAStandbyIsDoneByTheActiveNode) {
  test::RedisServerProcess redis;
  auto [spec_a, spec_b] = test::node_pair(test::centre_spec(1, 0), redis.url(), 27980, 27990);
  test::CallCentreRun a(spec_a, 27980);
  ASSERT_TRUE(a.up()) << a.log();
  ASSERT_TRUE(test::eventually([&] { return a.role() == "active"; }, 5s)) << a.log();
  test::CallCentreRun b(spec_b, 27990);
  ASSERT_TRUE(b.up()) << b.log();
  auto o = blendctl(b, test::CallCentreRun::kSupervisor,
                    {"threshold", "set", "sales", "--start", "0.5", "--stop", "0.3", "--reserve",
                     "1", "--reason", "via the standby"});
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("is a standby; sent to the active node " + a.url()), std::string::npos)
      << o.output;
  EXPECT_EQ(a.group(a.figures(), "sales")->at("start_threshold").as_double(), 0.5);
}

// A registered phone's HA1 for the configuration, from the password on standard input: the
// digest of "user:realm:password" (RFC 2617), without blendd running.
TEST(Blendctl, Ha1IsComputedFromThePasswordOnStandardInput) {
  const std::string ha1 = test::command_output("printf 'Circle Of Life' | " BLENDCTL_BINARY
                                               " ha1 Mufasa --realm testrealm@host.com");
  EXPECT_EQ(ha1,
            "939e7578ed9e3c518a452acee763bce9");  // MD5("Mufasa:testrealm@host.com:Circle Of Life")
  EXPECT_EQ(test::command_output("printf 'pw' | " BLENDCTL_BINARY " ha1 a05"),
            test::command_output("printf 'a05:blendd:pw' | md5sum | cut -d' ' -f1"));
  EXPECT_NE(std::system("printf '' | " BLENDCTL_BINARY " ha1 a05 >/dev/null 2>&1"), 0)
      << "no password: refused";
}
