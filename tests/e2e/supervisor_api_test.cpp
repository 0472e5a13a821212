// The supervisor API on a real blendd: every route with every role and without a token, input
// errors, a threshold change in the core within a second and in the audit trail, the campaign
// governor acting on complaints, and /metrics parsed by the Prometheus client's own parser.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "desk/desk_client.hpp"
#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;
using Centre = test::CallCentreRun;

namespace {

test::CentreSpec centre() {
  return test::centre_spec(2, 40, 200);
}

const char* kThresholds = R"({"start":0.6,"stop":0.4,"reserve_agents":1,"reason":"lunch peak"})";

}  // namespace

TEST(SupervisorApi, EveryRouteDeniesByDefaultAndChecksTheRole) {
  Centre run(centre(), 27900);
  ASSERT_TRUE(run.up()) << run.log();
  struct Route {
    std::string method, path, body;
    bool supervisor;
  };
  const std::vector<Route> routes = {
      {"GET", "/api/v1/figures", "", false},
      {"GET", "/api/v1/audit", "", false},
      {"GET", "/api/v1/governor", "", false},
      {"GET", "/metrics", "", false},
      {"PUT", "/api/v1/groups/sales/thresholds", kThresholds, true},
      {"POST", "/api/v1/groups/sales/override", R"({"start":0.9,"stop":0.8,"minutes":5})", true},
      {"DELETE", "/api/v1/groups/sales/override", "", true},
      {"POST", "/api/v1/campaigns/spring/pause", "", true},
      {"POST", "/api/v1/campaigns/spring/start", "", true},
      {"POST", "/api/v1/campaigns/spring/stop", "", true},
      {"GET", "/api/v1/groups", "", false},
      {"GET", "/api/v1/groups/sales", "", false},
      {"PUT", "/api/v1/groups/sales/schedule", R"({"periods":[]})", true},
      {"GET", "/api/v1/campaigns", "", false},
      {"GET", "/api/v1/campaigns/spring", "", false},
      {"PUT", "/api/v1/campaigns/spring", R"({"max_attempts":5})", true},
      {"GET", "/api/v1/catalogue", "", false},
      {"PUT", "/api/v1/catalogue/products/fibre", R"({"name":"Fibre","points":2})", true},
      {"PUT", "/api/v1/catalogue/associations", "[]", true},
      {"PUT", "/api/v1/catalogue/recommendation_switches", "[]", true},
      {"PUT", "/api/v1/catalogue/touchpoints/+4930123", R"({"products":["fibre"]})", true},
      {"GET", "/api/v1/live-settings", "", false},
  };
  for (const auto& r : routes) {
    EXPECT_EQ(run.api(r.method, r.path, "").status, 401) << r.method << " " << r.path;
    EXPECT_EQ(run.api(r.method, r.path, "wrong-token").status, 401) << r.method << " " << r.path;
    EXPECT_EQ(run.api(r.method, r.path, Centre::kViewer, r.body).status, r.supervisor ? 403 : 200)
        << r.method << " " << r.path;
    EXPECT_EQ(run.api(r.method, r.path, Centre::kSupervisor, r.body).status, 200)
        << r.method << " " << r.path;
    EXPECT_EQ(run.api(r.method, r.path, Centre::kAdmin, r.body).status, 200)
        << r.method << " " << r.path;
  }
  EXPECT_EQ(run.api("GET", "/api/v1/nothing", Centre::kAdmin).status, 404);
  // Dropping every live setting is the admin's alone.
  EXPECT_EQ(run.api("DELETE", "/api/v1/live-settings", "").status, 401);
  EXPECT_EQ(run.api("DELETE", "/api/v1/live-settings", Centre::kViewer).status, 403);
  EXPECT_EQ(run.api("DELETE", "/api/v1/live-settings", Centre::kSupervisor).status, 403);
  EXPECT_EQ(run.api("DELETE", "/api/v1/live-settings", Centre::kAdmin).status, 200);
}

TEST(SupervisorApi, BadInputIsRefusedWithTheReason) {
  Centre run(centre(), 27910);
  ASSERT_TRUE(run.up()) << run.log();
  auto r = run.api("PUT", "/api/v1/groups/sales/thresholds", Centre::kSupervisor, "{oops");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("bad_json"), std::string::npos) << r.body;
  r = run.api("PUT", "/api/v1/groups/sales/thresholds", Centre::kSupervisor,
              R"({"start":0.2,"stop":0.5,"reserve_agents":1})");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("groups.sales.idle.stop_threshold: must not be above start_threshold"),
            std::string::npos)
      << r.body;
  r = run.api("PUT", "/api/v1/groups/sales/thresholds", Centre::kSupervisor, R"({"start":"high"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("'start' must be a number"), std::string::npos) << r.body;
  r = run.api("PUT", "/api/v1/groups/sales/thresholds", Centre::kSupervisor,
              R"({"start":0.5,"stop":0.2,"reserve_agents":1.5})");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("'reserve_agents' must be a whole number"), std::string::npos) << r.body;
  r = run.api("PUT", "/api/v1/groups/nosuch/thresholds", Centre::kSupervisor, kThresholds);
  EXPECT_EQ(r.status, 404);
  r = run.api("POST", "/api/v1/campaigns/nosuch/pause", Centre::kSupervisor);
  EXPECT_EQ(r.status, 404);
}

TEST(SupervisorApi, AThresholdChangeReachesTheCoreWithinASecondAndTheAuditTrail) {
  Centre run(centre(), 27920);
  ASSERT_TRUE(run.up()) << run.log();
  const auto sent = std::chrono::steady_clock::now();
  ASSERT_EQ(
      run.api("PUT", "/api/v1/groups/sales/thresholds", Centre::kSupervisor, kThresholds).status,
      200);
  ASSERT_TRUE(test::eventually(
      [&] {
        auto f = run.figures();
        const auto* g = run.group(f, "sales");
        return g != nullptr && g->at("start_threshold").as_double() == 0.6 &&
               g->at("stop_threshold").as_double() == 0.4;
      },
      5s));
  EXPECT_LE(std::chrono::steady_clock::now() - sent, 1s);
  auto audit = json::parse(run.api("GET", "/api/v1/audit", Centre::kViewer).body).as_object();
  const auto& newest = audit.at("entries").as_array().at(0).as_object();
  EXPECT_EQ(newest.at("who").as_string(), "test-supervisor");
  EXPECT_EQ(newest.at("what").as_string(), "group sales thresholds");
  EXPECT_EQ(newest.at("old").as_string(),
            "start_threshold=0.3 stop_threshold=0.2 reserve_agents=0");
  EXPECT_EQ(newest.at("new").as_string(),
            "start_threshold=0.6 stop_threshold=0.4 reserve_agents=1");
  EXPECT_EQ(newest.at("why").as_string(), "lunch peak");
  EXPECT_TRUE(test::eventually(
      [&] {
        return run.redis({"XLEN", "audit"}) == "1";
      },
      3s))
      << "appended to the durable stream";
}

TEST(SupervisorApi, MoreThanTenComplaintsTakeTheCampaignOfflineAtOnce) {
  Centre run(centre(), 27930);
  ASSERT_TRUE(run.up()) << run.log();
  auto d_desk = run.logged_in_desk(0);
  ASSERT_TRUE(d_desk) << run.log();
  auto& d = *d_desk;
  d.ready();
  for (int i = 0; i < 11; ++i) {
    auto offer = d.wait_for("call_offered", 15s);
    ASSERT_TRUE(offer) << "call " << i << "\n" << run.log();
    const std::string call(offer->at("call").as_string());
    auto mine = [&call](const json::object& o) { return o.at("call").as_string() == call; };
    ASSERT_TRUE(d.wait_for("call_ended", 15s, mine));
    d.submit(call, "complaint", json::object{{"interested", false}});
    ASSERT_TRUE(d.wait_for("submitted", 5s, mine));
  }
  auto governor = json::parse(run.api("GET", "/api/v1/governor", Centre::kViewer).body).as_object();
  const auto& spring = governor.at("campaigns").as_array().at(0).as_object();
  EXPECT_EQ(spring.at("verdict").as_string(), "offline");
  EXPECT_NE(std::string(spring.at("reason").as_string()).find("11 complaints"), std::string::npos);
  EXPECT_FALSE(d.wait_for("call_offered", 3s)) << "an offline campaign places no calls";
  auto audit = json::parse(run.api("GET", "/api/v1/audit", Centre::kViewer).body).as_object();
  EXPECT_EQ(audit.at("entries").as_array().at(0).at("who").as_string(), "governor");
  // A supervisor overrides the governor: the campaign runs again.
  ASSERT_EQ(run.api("POST", "/api/v1/campaigns/spring/start", Centre::kSupervisor).status, 200);
  EXPECT_TRUE(d.wait_for("call_offered", 15s));
}

TEST(SupervisorApi, MetricsParseWithThePrometheusParser) {
  Centre run(centre(), 27940);
  ASSERT_TRUE(run.up()) << run.log();
  auto r = run.api("GET", "/metrics", Centre::kViewer);
  ASSERT_EQ(r.status, 200);
  run.dir().write("metrics.txt", r.body);
  run.dir().write("parse.py", R"(import sys
from prometheus_client.parser import text_string_to_metric_families
names = {f.name for f in text_string_to_metric_families(open(sys.argv[1]).read())}
need = {"blendd_group_idle_level", "blendd_group_threshold", "blendd_agents", "blendd_inbound_calls",
        "blendd_outbound_calls", "blendd_campaign_abandon_rate", "blendd_sip_handles",
        "blendd_redis_latency_seconds", "blendd_event_loop_lag_seconds"}
missing = need - names
print("families:", sorted(names))
sys.exit(1 if missing else 0)
)");
  // Debian's python3, where python3-prometheus-client installs the parser.
  test::ChildProcess parser(
      {"/usr/bin/python3", run.dir().file("parse.py"), run.dir().file("metrics.txt")},
      run.dir().file("parse.log"));
  EXPECT_EQ(parser.wait(30s), 0) << parser.log() << r.body;
}

// deploy/grafana/blendd.json asks only for series blendd serves: every metric name in every
// panel's query is a sample name of a real /metrics answer (parsed by the Prometheus client
// library), and every panel reads the dashboard's datasource variable.
TEST(SupervisorApi, TheGrafanaDashboardAsksOnlyForSeriesBlenddServes) {
  Centre run(centre(), 26700);
  ASSERT_TRUE(run.up()) << run.log();
  auto r = run.api("GET", "/metrics", Centre::kViewer);
  ASSERT_EQ(r.status, 200);
  run.dir().write("metrics.txt", r.body);
  run.dir().write("grafana.py", R"(import json, re, sys
from prometheus_client.parser import text_string_to_metric_families
samples = {s.name for f in text_string_to_metric_families(open(sys.argv[1]).read()) for s in f.samples}
dash = json.load(open(sys.argv[2]))
bad, asked = [], set()
for p in dash["panels"]:
    if p.get("datasource", {}).get("uid") != "${datasource}":
        bad.append("panel %r does not use ${datasource}" % p["title"])
    if not p.get("targets"):
        bad.append("panel %r has no query" % p["title"])
    for t in p.get("targets", []):
        for name in re.findall(r"blendd_[a-z_]+", t["expr"]):
            asked.add(name)
            if name not in samples:
                bad.append("panel %r asks for %s, which /metrics does not serve" % (p["title"], name))
print("asked:", sorted(asked))
print("\n".join(bad))
sys.exit(1 if bad or len(asked) < 20 else 0)
)");
  test::ChildProcess checker(
      {"/usr/bin/python3", run.dir().file("grafana.py"), run.dir().file("metrics.txt"),
       BLENDD_SOURCE_DIR "/deploy/grafana/blendd.json"},
      run.dir().file("grafana.log"));
  EXPECT_EQ(checker.wait(30s), 0) << checker.log() << r.body;
}
