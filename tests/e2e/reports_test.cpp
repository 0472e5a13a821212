// The reports on a real blendd after a real run (sipp customers and callers, simulated desks):
// the history per interval adds up to what the live figures counted, per group, agent, campaign
// and product, in JSON and CSV; bad ranges and queries are refused naming the field.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <thread>

#include "desk/agent_bot.hpp"
#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;
using Centre = test::CallCentreRun;

namespace {

// A UTC date `days` from today (the test centre's zone is UTC).
std::string date(int days) {
  const std::time_t t = std::time(nullptr) + days * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// Yesterday to the day after tomorrow: a run that crosses midnight is still all in.
std::string around_today() {
  return "from=" + date(-1) + "&to=" + date(2);
}

double num(const json::value& v, const char* key) {
  const auto* x = v.as_object().if_contains(key);
  return x != nullptr && x->is_number() ? x->to_number<double>() : -1;
}

json::value get(const Centre& run, const std::string& path) {
  auto r = run.api("GET", path, Centre::kViewer);
  EXPECT_EQ(r.status, 200) << path << ": " << r.body;
  return r.status == 200 ? json::parse(r.body) : json::value(json::object());
}

// blendctl with the viewer's token: exit code and what it printed.
std::pair<int, std::string> blendctl(Centre& run, std::vector<std::string> args) {
  return run.blendctl(BLENDCTL_BINARY, Centre::kViewer, std::move(args));
}

// The advisor needs a quarter hour staffed for 10 s or more; a run of ~15 s that starts just
// before a quarter-hour boundary can leave both halves shorter. Start such a run after it.
void start_clear_of_a_quarter_hour_boundary() {
  const std::time_t into = std::time(nullptr) % 900;
  if (into > 900 - 25) std::this_thread::sleep_for(std::chrono::seconds(900 - into + 1));
}

}  // namespace

TEST(Reports, TheHistoryAddsUpToWhatTheLiveFiguresCounted) {
  start_clear_of_a_quarter_hour_boundary();
  auto spec = test::centre_spec(3, 400, 800);
  Centre run(spec, 26710);
  ASSERT_TRUE(run.up()) << run.log();
  auto bots = run.start_agents(spec.agents, 20ms);
  run.start_callers(2, 3, 1500);
  std::this_thread::sleep_for(8s);
  run.stop_callers();
  // No new outbound calls; wait for every call to end and every result to land.
  ASSERT_EQ(run.api("POST", "/api/v1/campaigns/spring/pause", Centre::kSupervisor,
                    R"({"reason":"report test"})")
                .status,
            200);
  auto acknowledged = [&] {
    int n = 0;
    for (const auto& b : bots)
      for (const auto& c : b->handled()) n += c.acknowledged ? 1 : 0;
    return n;
  };
  ASSERT_TRUE(test::eventually([&] { return run.figure("calls_active") == 0; }, 20s));
  int stored = 0;
  ASSERT_TRUE(test::eventually(
      [&] {
        const int before = acknowledged();
        std::this_thread::sleep_for(500ms);
        stored = acknowledged();
        return stored == before && run.figure("calls_active") == 0;
      },
      20s));
  bots.clear();
  std::this_thread::sleep_for(2500ms);  // the history is added up about once a second
  const json::object figures = run.figures();
  const json::object* group = run.group(figures, "sales");
  ASSERT_NE(group, nullptr);
  const auto& campaign = figures.at("campaigns").as_array().at(0);
  ASSERT_GT(num(*group, "inbound_answered"), 3) << run.log();
  ASSERT_GT(num(campaign, "connected"), 3) << run.log();

  const json::value intervals = get(run, "/api/v1/reports/intervals?group=sales&" + around_today());
  const auto& total = intervals.at("total");
  EXPECT_EQ(num(total, "offered"), num(*group, "inbound_offered"));
  EXPECT_EQ(num(total, "answered"), num(*group, "inbound_answered"));
  EXPECT_EQ(num(total, "abandoned"), num(*group, "inbound_abandoned"));
  EXPECT_EQ(num(total, "dials"), num(campaign, "dials"));
  EXPECT_EQ(num(total, "connects"), num(campaign, "connected"));
  EXPECT_GE(num(total, "service_level"), 0);
  EXPECT_LE(num(total, "service_level"), 1);
  EXPECT_GT(num(total, "logged_in_s"), 3 * 5.0) << "three agents, logged in for seconds";
  EXPECT_GT(num(total, "idle_level"), -0.001);
  EXPECT_EQ(intervals.at("rows").as_array().size(), 3u * 96) << "every interval of three days";

  // Per agent: the calls talked and the results registered.
  const json::value agents = get(run, "/api/v1/reports/agents?" + around_today());
  double calls = 0, results = 0, logged_in = 0;
  for (const auto& a : agents.at("rows").as_array()) {
    calls += num(a, "in_calls") + num(a, "out_calls");
    results += num(a, "results");
    logged_in += num(a, "logged_in_s");
  }
  EXPECT_EQ(calls, num(*group, "inbound_answered") + num(campaign, "connected"));
  EXPECT_EQ(results, stored);
  EXPECT_NEAR(logged_in, num(total, "logged_in_s"), 0.01);

  // Per campaign and per product (the campaign's product is fibre).
  const json::value campaigns = get(run, "/api/v1/reports/campaigns?" + around_today());
  const auto& spring = campaigns.at("rows").as_array().at(0);
  EXPECT_EQ(num(spring, "dials"), num(campaign, "dials"));
  EXPECT_EQ(num(spring, "abandons"), num(campaign, "abandons"));
  EXPECT_EQ(campaigns.at("detail").at("spring").as_array().size(), 3u) << "a row per day";
  // The list's penetration: every target counted once by the attempts made on it, the dialled
  // ones among them, and where the rest stand.
  const json::value pen = get(run, "/api/v1/campaigns/spring/penetration");
  EXPECT_EQ(num(pen, "targets"), 400);
  double counted = 0, attempted = 0, attempts = 0;
  for (const auto& b : pen.at("by_attempts").as_array()) {
    counted += num(b, "targets");
    if (num(b, "attempts") > 0) attempted += num(b, "targets");
    attempts += num(b, "attempts") * num(b, "targets");
  }
  EXPECT_EQ(counted, 400) << json::serialize(pen);
  EXPECT_GE(attempts, num(campaign, "dials")) << json::serialize(pen);
  EXPECT_GT(attempted, 3) << json::serialize(pen);
  EXPECT_GT(num(pen, "due_now") + num(pen, "due_later"), 0) << json::serialize(pen);
  EXPECT_LE(num(pen, "due_now") + num(pen, "due_later") + num(pen, "never") +
                num(pen, "in_review") + num(pen, "dialling"),
            400)
      << json::serialize(pen);
  const json::value products = get(run, "/api/v1/reports/products?" + around_today());
  const auto& fibre = products.at("rows").as_array().at(0);
  EXPECT_EQ(num(fibre, "results"), num(spring, "results"));
  EXPECT_EQ(num(fibre, "sold"), num(spring, "sales"));

  // The same interval report as CSV: a header, a row per interval, the total last.
  auto csv = run.api("GET", "/api/v1/reports/intervals?group=sales&format=csv&" + around_today(),
                     Centre::kViewer);
  ASSERT_EQ(csv.status, 200);
  std::istringstream lines(csv.body);
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 1u + 3 * 96 + 1);
  EXPECT_EQ(rows.front().rfind("start,offered,answered,abandoned", 0), 0u) << rows.front();
  EXPECT_EQ(rows.back().rfind(
                "total," + std::to_string(static_cast<int>(num(total, "offered"))) + ",", 0),
            0u)
      << rows.back();

  // blendctl prints the same report as a table, and as CSV.
  auto [code, out] =
      blendctl(run, {"report", "intervals", "sales", "--from", date(-1), "--to", date(2)});
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("SERVICE_LEVEL"), std::string::npos) << out;
  EXPECT_NE(out.find("\ntotal "), std::string::npos) << out;
  std::tie(code, out) =
      blendctl(run, {"report", "agents", "--csv", "--from", date(-1), "--to", date(2)});
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(out.rfind("agent,group,in_calls", 0), 0u) << out;
  std::tie(code, out) = blendctl(run, {"report", "products", "--from", "someday"});
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("from"), std::string::npos) << out;

  // The threshold advisor on the measured traffic: every staffed slot gets a recommendation
  // that meets the SL target (or no outbound), and its schedule is taken by the schedule API.
  const json::value advice = get(run, "/api/v1/groups/sales/advice?" + around_today());
  int measured = 0;
  for (const auto& slot : advice.at("slots").as_array()) {
    if (!slot.at("measured").as_bool()) continue;
    ++measured;
    const auto& rec = slot.at("recommended");
    if (rec.at("outbound").as_bool()) {
      EXPECT_GE(num(rec, "service_level"), 0.8 - 1e-6) << json::serialize(slot);
    }
    EXPECT_GE(num(slot.at("in_force"), "outbound_per_hour"), 0) << json::serialize(slot);
  }
  EXPECT_GE(measured, 1) << json::serialize(advice);
  const auto& periods = advice.at("schedule").at("periods").as_array();
  ASSERT_GE(periods.size(), 1u) << json::serialize(advice);
  EXPECT_EQ(periods.at(0).at("label").as_string(), "advisor");
  auto applied = run.api("PUT", "/api/v1/groups/sales/schedule", Centre::kSupervisor,
                         json::serialize(advice.at("schedule")));
  EXPECT_EQ(applied.status, 200) << applied.body;
  const json::value sales = get(run, "/api/v1/groups/sales");
  EXPECT_EQ(json::serialize(sales.at("schedule")), json::serialize(periods))
      << "the advice is the schedule in force, as advised";

  // The what-if on the same run, with spring running again (the test paused it above): the
  // settings in force replayed, and with spring paused after all (and other thresholds) — then
  // no outbound call.
  auto what_if = [&](const std::string& body) {
    auto r = run.api("POST", "/api/v1/groups/sales/what-if?" + around_today(), Centre::kSupervisor,
                     body);
    EXPECT_EQ(r.status, 200) << body << ": " << r.body;
    return r.status == 200 ? json::parse(r.body) : json::value(json::object());
  };
  const json::value as_run =
      what_if(R"({"replications": 4, "campaigns": {"spring": {"enabled": true}}})");
  const json::value no_outbound =
      what_if(R"({"replications": 4, "campaigns": {"spring": {"enabled": false}},
                  "idle": {"start_threshold": 0.9, "stop_threshold": 0.8}})");
  ASSERT_TRUE(as_run.as_object().contains("total")) << json::serialize(as_run);
  ASSERT_TRUE(no_outbound.as_object().contains("total")) << json::serialize(no_outbound);
  EXPECT_EQ(num(as_run, "replications"), 4);
  EXPECT_EQ(num(as_run.at("total").at("measured"), "offered"), num(total, "offered"));
  EXPECT_GT(num(as_run.at("total").at("predicted"), "outbound_per_hour"), 0)
      << json::serialize(as_run.at("total"));
  EXPECT_EQ(num(no_outbound.at("total").at("predicted"), "outbound_per_hour"), 0)
      << json::serialize(no_outbound.at("total"));
  EXPECT_EQ(num(no_outbound.at("settings").at("idle"), "start_threshold"), 0.9);
  EXPECT_EQ(json::serialize(get(run, "/api/v1/groups/sales").at("idle")),
            json::serialize(as_run.at("settings").at("idle")))
      << "a what-if changes nothing in force";

  // The dashboard draws the live charts and each report with these data (headless Chromium;
  // screenshots in tests/artifacts/). The desks are gone: the agents' chart shows them logged out.
  std::filesystem::create_directories(ARTIFACT_DIR);
  test::ChildProcess browser(
      {"node", BLENDD_SOURCE_DIR "/tests/browser/reports.mjs", run.url() + "/dashboard/",
       Centre::kSupervisor, date(-1), date(2), ARTIFACT_DIR},
      run.dir().file("browser.log"));
  ASSERT_EQ(browser.wait(90s), 0) << browser.log();
  for (const char* shot : {"report_intervals", "report_agents", "report_campaigns",
                           "report_products", "advisor", "whatif"})
    EXPECT_TRUE(std::filesystem::exists(std::string(ARTIFACT_DIR) + "/" + shot + ".png")) << shot;
}

TEST(Reports, BadRangesAndQueriesAreRefusedNamingTheField) {
  Centre run(test::centre_spec(1, 10), 26720);
  ASSERT_TRUE(run.up()) << run.log();
  struct Case {
    std::string query;
    int status;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"intervals", 422, "group"},
      {"intervals?group=nobody", 404, ""},
      {"intervals?group=sales&from=2026-02-30", 422, "from"},
      {"intervals?group=sales&from=yesterday", 422, "from"},
      {"intervals?group=sales&from=2026-03-02&to=2026-03-01", 422, "to"},
      {"intervals?group=sales&from=2026-01-01&to=2026-03-01", 422, "to"},  // > 31 days
      {"intervals?group=sales&step=week", 422, "step"},
      {"intervals?group=sales&step=day&from=2026-03-01T10:00&to=2026-03-02", 422, "from"},
      {"intervals?group=sales&step=hour&from=2026-03-01T10:30&to=2026-03-01T12:00", 422, "from"},
      {"intervals?group=sales&step=hour&from=2026-03-01T10:00&to=2026-03-01T11:45", 422, "to"},
      {"agents?format=xml", 422, "format"},
      {"campaigns?from=2024-01-01&to=2026-03-01&step=day", 422, "to"},  // beyond the retention
  };
  for (const auto& c : cases) {
    auto r = run.api("GET", "/api/v1/reports/" + c.query, Centre::kViewer);
    EXPECT_EQ(r.status, c.status) << c.query << ": " << r.body;
    if (!c.field.empty()) {
      EXPECT_NE(r.body.find("\"field\":\"" + c.field + "\""), std::string::npos)
          << c.query << ": " << r.body;
    }
  }
  // The advisor's own refusals.
  const std::vector<Case> advice = {
      {"nobody/advice", 404, ""},
      {"sales/advice?weekday=someday", 422, "weekday"},
      {"sales/advice?weekday=mon&weeks=9", 422, "weeks"},
      {"sales/advice?from=2026-03-01T10:00&to=2026-03-02", 422, "from"},
      {"sales/advice?from=2026-01-01&to=2026-03-01", 422, "to"},
  };
  for (const auto& c : advice) {
    auto r = run.api("GET", "/api/v1/groups/" + c.query, Centre::kViewer);
    EXPECT_EQ(r.status, c.status) << c.query << ": " << r.body;
    if (!c.field.empty()) {
      EXPECT_NE(r.body.find("\"field\":\"" + c.field + "\""), std::string::npos)
          << c.query << ": " << r.body;
    }
  }
  // The what-if's: its body is checked like the change it proposes, and named.
  const std::string today = "?" + around_today();
  const std::vector<std::pair<std::string, Case>> what_ifs = {
      {"{\"replications\": 0}", {"sales/what-if" + today, 422, "replications"}},
      {"{\"replications\": 2.5}", {"sales/what-if" + today, 422, "replications"}},
      {"{\"agents_added\": \"two\"}", {"sales/what-if" + today, 422, "agents_added"}},
      {"{\"colour\": 1}", {"sales/what-if" + today, 422, "colour"}},
      {"{\"idle\": {\"start_threshold\": 7}}", {"sales/what-if" + today, 422, ""}},
      {"{\"campaigns\": []}", {"sales/what-if" + today, 422, "campaigns"}},
      {"[1]", {"sales/what-if" + today, 400, ""}},
      {"{}", {"sales/what-if?from=2026-01-01&to=2026-01-09", 422, "to"}},
      {"{}", {"sales/what-if?from=2099-01-01&to=2099-01-02", 422, "from"}},
      {"{}", {"nobody/what-if" + today, 404, ""}},
  };
  for (const auto& [body, c] : what_ifs) {
    auto r = run.api("POST", "/api/v1/groups/" + c.query, Centre::kSupervisor, body);
    EXPECT_EQ(r.status, c.status) << c.query << " " << body << ": " << r.body;
    if (!c.field.empty()) {
      EXPECT_NE(r.body.find("\"field\":\"" + c.field + "\""), std::string::npos)
          << c.query << " " << body << ": " << r.body;
    }
  }
  EXPECT_EQ(run.api("POST", "/api/v1/groups/sales/what-if" + today, Centre::kViewer, "{}").status,
            403)
      << "a replay is a supervisor's to ask";
  EXPECT_EQ(run.api("GET", "/api/v1/groups/sales/what-if" + today, Centre::kSupervisor).status,
            405);
  auto mondays = run.api("GET", "/api/v1/groups/sales/advice?weekday=mon&weeks=2", Centre::kViewer);
  ASSERT_EQ(mondays.status, 200) << mondays.body;
  EXPECT_EQ(json::parse(mondays.body).at("days").as_array().size(), 2u) << mondays.body;
  EXPECT_EQ(run.api("GET", "/api/v1/reports/agents", "").status, 401);
  EXPECT_EQ(run.api("POST", "/api/v1/reports/agents", Centre::kAdmin, "{}").status, 405);
  EXPECT_EQ(run.api("GET", "/api/v1/reports/agents", "").status, 401);
  // A year by day is fine (the retention is 400 days), and the blendd still serves.
  EXPECT_EQ(run.api("GET", "/api/v1/reports/campaigns?from=2025-06-01&to=2026-06-01&step=day",
                    Centre::kViewer)
                .status,
            200);
  EXPECT_EQ(run.api("GET", "/healthz", "").status, 200);
}
