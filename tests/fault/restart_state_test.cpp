// What a restart must not forget: the governor's verdict, a supervisor's override, the month's
// points and the audit trail — even when the embedded Redis takes seconds to load its
// append-only file, and no call is placed before they are back.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

json::object campaign(const test::CallCentreRun& run, const std::string& id) {
  const auto r = run.api("GET", "/api/v1/campaigns/" + id, test::CallCentreRun::kViewer);
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  return !ec && v.is_object() ? v.as_object() : json::object{};
}

std::string text_of(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string{};
}

std::int64_t points_of(const json::object& figures, const std::string& agent) {
  const json::value* agents = figures.if_contains("agents");
  if (agents == nullptr || !agents->is_array()) return -1;
  for (const auto& a : agents->as_array()) {
    if (a.as_object().at("id").as_string() == agent)
      return a.as_object().at("points_month").to_number<std::int64_t>();
  }
  return -1;
}

std::string this_month() {
  // The centre's zone in the generated config is UTC.
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m", &tm);
  return text;
}

}  // namespace

TEST(RestartState, GovernorVerdictOverridePointsAndAuditSurviveASlowlyLoadingStore) {
  auto spec = test::centre_spec(4, 400, 300);
  test::CallCentreRun run(spec, 29000);
  ASSERT_TRUE(run.up()) << run.log();
  // Agents who never sell: at 50 contacts (the governor's sample) 0% success takes it offline.
  {
    auto bots = run.start_agents(spec.agents, 50ms, 0.0);
    ASSERT_TRUE(test::eventually(
        [&] { return text_of(campaign(run, "spring"), "state") == "offline"; }, 90s))
        << run.log();
  }
  const json::object offline = campaign(run, "spring");
  EXPECT_EQ(text_of(offline, "state_by"), "governor");
  EXPECT_NE(text_of(offline, "state_reason").find("success rate"), std::string::npos);
  // A supervisor's override for the next hour, and points the store holds from earlier sales.
  ASSERT_EQ(run.api("POST", "/api/v1/groups/sales/override", test::CallCentreRun::kSupervisor,
                    R"({"start":0.9,"stop":0.8,"minutes":60,"reason":"restart test"})")
                .status,
            200);
  run.redis({"ZINCRBY", "points:" + this_month(), "95", run.agent_id(0)});
  // Three million keys in a plain (command) append-only file: seconds of LOADING after a start.
  run.redis({"CONFIG", "SET", "aof-use-rdb-preamble", "no"});
  // (DEBUG POPULATE is disabled in Redis 7; a script writes them.)
  for (int batch = 0; batch < 6; ++batch) {
    run.redis({"EVAL",
               "for i = 1, 500000 do redis.call(\"SET\", \"ballast:\" .. ARGV[1] .. \":\" .. i, "
               "\"x\") end",
               "0", std::to_string(batch)});  // (redis() quotes each argument with ')
  }
  ASSERT_GE(std::stol("0" + run.redis({"DBSIZE"})), 3000000);
  run.redis({"BGREWRITEAOF"});
  ASSERT_TRUE(test::eventually(
      [&] {
        return run.redis({"INFO", "persistence"}).find("aof_rewrite_in_progress:0") !=
                   std::string::npos &&
               run.redis({"INFO", "persistence"}).find("aof_rewrite_scheduled:0") !=
                   std::string::npos;
      },
      120s));

  ASSERT_TRUE(run.restart(SIGTERM)) << run.log();
  auto bots = run.start_agents(spec.agents, 50ms, 0.0);
  ASSERT_TRUE(test::eventually(
      [&] {
        const auto f = run.figures();
        return !f.empty() && points_of(f, run.agent_id(0)) == 95;
      },
      60s))
      << "the month's points were not restored\n"
      << run.log();
  // The store was still loading when the first reads were tried: they were tried again.
  EXPECT_NE(run.log().find("not restored yet"), std::string::npos)
      << "the store loaded before blendd asked: this test proved nothing";
  const json::object after = campaign(run, "spring");
  EXPECT_EQ(text_of(after, "state"), "offline") << json::serialize(after);
  EXPECT_EQ(text_of(after, "state_by"), "governor");
  const auto audit = run.api("GET", "/api/v1/audit", test::CallCentreRun::kViewer);
  EXPECT_NE(audit.body.find("\"governor\""), std::string::npos) << audit.body;
  EXPECT_NE(audit.body.find("restart test"), std::string::npos) << audit.body;
  const auto f = run.figures();
  const auto* sales = run.group(f, "sales");
  ASSERT_NE(sales, nullptr);
  EXPECT_DOUBLE_EQ(sales->at("start_threshold").to_number<double>(), 0.9);
  EXPECT_FALSE(sales->at("dialling").as_bool()) << "its only campaign is offline";
  const auto group = run.api("GET", "/api/v1/groups/sales", test::CallCentreRun::kViewer);
  EXPECT_NE(group.body.find(R"("in_force":{"period":null,"start_threshold":0.9,)"),
            std::string::npos)
      << group.body;
  // Agents idle for seconds: the offline campaign places no call.
  std::this_thread::sleep_for(4s);
  EXPECT_EQ(test::CallCentreRun::campaign_figure(run.figures(), "dials"), 0) << run.log();
  // A supervisor's start stands over the governor, audited offline -> running.
  ASSERT_EQ(run.api("POST", "/api/v1/campaigns/spring/start", test::CallCentreRun::kSupervisor, "")
                .status,
            200);
  const json::object started = campaign(run, "spring");
  EXPECT_EQ(text_of(started, "state"), "running");
  const auto governor = run.api("GET", "/api/v1/governor", test::CallCentreRun::kViewer);
  EXPECT_NE(governor.body.find("\"override\":{\"by\""), std::string::npos) << governor.body;
  const auto audit2 = run.api("GET", "/api/v1/audit", test::CallCentreRun::kViewer);
  EXPECT_NE(audit2.body.find("\"old\":\"offline"), std::string::npos) << audit2.body;
  EXPECT_TRUE(test::eventually(
      [&] { return test::CallCentreRun::campaign_figure(run.figures(), "dials") > 0; }, 20s));
}
