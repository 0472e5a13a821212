// Configuration over the API on a real blendd: a campaign created and started over the API
// dials; group schedules, smoothing and dwell change live; catalogue entries are replaced; every
// change is validated like blendd.yaml (errors by field), audited, and survives a SIGHUP reload
// and a restart; the admin alone can drop the live settings.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/support/call_centre_run.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;
using Centre = test::CallCentreRun;

namespace {

test::CentreSpec centre() {
  return test::centre_spec(2, 5, 200);
}

json::object get(const Centre& run, const std::string& path) {
  auto r = run.api("GET", path, Centre::kViewer);
  EXPECT_EQ(r.status, 200) << path << " " << r.body;
  json::error_code ec;
  json::value v = json::parse(r.body, ec);
  return !ec && v.is_object() ? v.as_object() : json::object{};
}

// A campaign's figures now ({"dials": 0, ...} until blendd answers).
json::object campaign_figures(const Centre& run, const std::string& id) {
  const json::object figures = run.figures();
  if (const auto* list = figures.if_contains("campaigns"); list != nullptr && list->is_array()) {
    for (const auto& c : list->as_array())
      if (c.at("id").as_string() == id) return c.as_object();
  }
  return json::object{{"dials", 0}, {"connected", 0}};
}

const char* kSummer = R"({"id":"summer","group":"sales","pacing":"progressive",
  "caller_id":"sip:+4930555111@127.0.0.1","ring_timeout_s":25,"max_attempts":2,
  "calling_window":{"start":"00:00","end":"24:00","days":["mon","tue","wed","thu","fri","sat","sun"]},
  "default_zone":"UTC","product":"fibre","questionnaire":"survey","reason":"summer offer"})";

}  // namespace

TEST(SettingsApi, CampaignCreatedOverTheApiDialsAndSurvivesReloadAndRestart) {
  Centre run(centre(), 28500);
  ASSERT_TRUE(run.up()) << run.log();
  ASSERT_EQ(run.api("POST", "/api/v1/campaigns/spring/pause", Centre::kSupervisor).status, 200);
  auto r = run.api("POST", "/api/v1/campaigns", Centre::kSupervisor, kSummer);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("caller_id").as_string(), "sip:+4930555111@127.0.0.1");
  EXPECT_EQ(run.api("POST", "/api/v1/campaigns", Centre::kSupervisor, kSummer).status, 409);
  std::string csv = "number,name\n";
  for (int i = 0; i < 20; ++i)
    csv += "+4940" + std::to_string(2000000 + i) + ",Summer " + std::to_string(i) + "\n";
  r = run.api("POST", "/api/v1/campaigns/summer/targets", Centre::kSupervisor, csv);
  ASSERT_EQ(r.status, 200) << r.body;
  auto bots = run.start_agents(2, 50ms);
  ASSERT_TRUE(test::eventually(
      [&] {
        return campaign_figures(run, "summer").at("connected").to_number<std::uint64_t>() >= 3;
      },
      20s))
      << run.log();
  EXPECT_EQ(campaign_figures(run, "spring").at("dials").to_number<std::uint64_t>(), 0u)
      << "spring was paused before any dial";
  // Per-agent figures: calls and talk time from the real calls.
  ASSERT_TRUE(test::eventually(
      [&] {
        std::uint64_t calls = 0;
        const json::object figures = run.figures();
        if (!figures.contains("agents")) return false;
        for (const auto& a : figures.at("agents").as_array())
          calls += a.at("calls").to_number<std::uint64_t>();
        return calls >= 2;
      },
      10s));
  const json::object figures = run.figures();
  for (const auto& a : figures.at("agents").as_array()) {
    if (a.at("calls").to_number<std::uint64_t>() > 0) {
      EXPECT_GT(a.at("talk_s").as_double(), 0.1);
    }
  }
  bots.clear();
  // A reload of the file keeps what the API changed; so does a restart.
  run.reload_thresholds(0.3, 0.2);
  std::this_thread::sleep_for(500ms);
  auto campaigns = get(run, "/api/v1/campaigns").at("campaigns").as_array();
  ASSERT_EQ(campaigns.size(), 2u);
  EXPECT_FALSE(campaigns[0].at("enabled").as_bool()) << "spring stays paused";
  EXPECT_EQ(campaigns[1].at("id").as_string(), "summer");
  ASSERT_TRUE(run.kill_and_restart()) << run.log();
  auto summer = get(run, "/api/v1/campaigns/summer");
  EXPECT_EQ(summer.at("ring_timeout_s").as_int64(), 25);
  EXPECT_EQ(summer.at("max_attempts").as_int64(), 2);
  EXPECT_FALSE(get(run, "/api/v1/campaigns/spring").at("enabled").as_bool());
  // Update one key; the rest stays.
  r = run.api("PUT", "/api/v1/campaigns/summer", Centre::kSupervisor,
              R"({"abandon_cap":0.02,"pacing":"predictive"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("pacing").as_string(), "predictive");
  EXPECT_EQ(json::parse(r.body).at("max_attempts").as_int64(), 2);
  auto audit = get(run, "/api/v1/audit").at("entries").as_array();
  EXPECT_EQ(audit.at(0).at("what").as_string(), "campaign summer settings");
  bool created = false;
  for (const auto& e : audit)
    created |= e.at("what").as_string() == "campaign summer created" &&
               e.at("why").as_string() == "summer offer";
  EXPECT_TRUE(created) << "the audit trail survives the restart";
}

TEST(SettingsApi, InvalidChangesAreRefusedFieldByFieldAndChangeNothing) {
  Centre run(centre(), 28510);
  ASSERT_TRUE(run.up()) << run.log();
  auto r = run.api("POST", "/api/v1/campaigns", Centre::kSupervisor,
                   R"({"id":"bad","group":"nosuch","pacing":"sometimes","abandon_cap":0.5,
                       "caller_id":"not a uri","colour":"red"})");
  ASSERT_EQ(r.status, 422) << r.body;
  const std::string body = r.body;
  for (const char* field : {"campaigns.bad.group", "campaigns.bad.pacing",
                            "campaigns.bad.abandon_cap", "campaigns.bad.colour"}) {
    EXPECT_NE(body.find(field), std::string::npos) << field << " in " << body;
  }
  EXPECT_EQ(get(run, "/api/v1/campaigns").at("campaigns").as_array().size(), 1u);
  EXPECT_EQ(run.api("GET", "/api/v1/live-settings", Centre::kViewer).body, "{}\n");
  r = run.api("PUT", "/api/v1/groups/sales/schedule", Centre::kSupervisor,
              R"({"periods":[{"kind":"lunch","start":"14:00","end":"12:00"}]})");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("groups.sales.schedule[0].kind"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("groups.sales.schedule[0].end"), std::string::npos) << r.body;
  EXPECT_EQ(run.api("PUT", "/api/v1/campaigns/nosuch", Centre::kSupervisor, "{}").status, 404);
  EXPECT_EQ(run.api("PUT", "/api/v1/campaigns/spring", Centre::kSupervisor, "[1]").status, 400);
  EXPECT_EQ(run.api("PUT", "/api/v1/catalogue/associations", Centre::kSupervisor, "{}").status,
            400);
  r = run.api("PUT", "/api/v1/catalogue/associations", Centre::kSupervisor,
              R"([{"asked":"fibre","offers":["nosuch"]}])");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("no catalogue product with id 'nosuch'"), std::string::npos) << r.body;
  EXPECT_TRUE(run.blendd().running());
}

TEST(SettingsApi, ScheduleSmoothingAndCatalogueChangeLive) {
  Centre run(centre(), 28520);
  ASSERT_TRUE(run.up()) << run.log();
  // A period covering every minute of every day, with outbound off: in force at once.
  auto r = run.api("PUT", "/api/v1/groups/sales/schedule", Centre::kSupervisor,
                   R"({"periods":[{"label":"all day","kind":"busy","start":"00:00","end":"24:00",
                       "start_threshold":0.9,"stop_threshold":0.8,"outbound":false}],
                       "reason":"inbound campaign on TV"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(test::eventually(
      [&] {
        const json::object figures = run.figures();
        const auto* g = run.group(figures, "sales");
        return g != nullptr && g->at("start_threshold").as_double() == 0.9;
      },
      1s));
  auto bots = run.start_agents(2, 50ms);
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(campaign_figures(run, "spring").at("dials").to_number<std::uint64_t>(), 0u)
      << "outbound off in the busy period";
  r = run.api("PUT", "/api/v1/groups/sales/schedule", Centre::kSupervisor, R"({"periods":[]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(test::eventually(
      [&] { return campaign_figures(run, "spring").at("dials").to_number<std::uint64_t>() > 0; },
      10s))
      << "dialling resumes once the period is gone";
  bots.clear();
  r = run.api("PUT", "/api/v1/groups/sales/thresholds", Centre::kSupervisor,
              R"({"start":0.5,"stop":0.4,"reserve_agents":0,"smoothing_s":30,"min_dwell_s":7})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto idle = get(run, "/api/v1/groups/sales").at("idle").as_object();
  EXPECT_EQ(idle.at("smoothing_s").as_double(), 30);
  EXPECT_EQ(idle.at("min_dwell_s").as_double(), 7);
  r = run.api("PUT", "/api/v1/catalogue/products/fibre", Centre::kSupervisor,
              R"({"name":"Fibre 1000","points":5,"selling_points":["1 Gbit/s"],"script":"Hi"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto products = get(run, "/api/v1/catalogue").at("products").as_array();
  EXPECT_EQ(products.at(0).at("name").as_string(), "Fibre 1000");
  EXPECT_EQ(products.at(0).at("points").as_int64(), 5);
  // Only an admin drops the live settings; the file's values are back at once.
  EXPECT_EQ(run.api("DELETE", "/api/v1/live-settings", Centre::kSupervisor).status, 403);
  ASSERT_EQ(run.api("DELETE", "/api/v1/live-settings", Centre::kAdmin).status, 200);
  EXPECT_EQ(get(run, "/api/v1/catalogue").at("products").as_array().at(0).at("name").as_string(),
            "Fibre 500");
  EXPECT_EQ(get(run, "/api/v1/groups/sales").at("idle").at("smoothing_s").as_double(), 1);
}
