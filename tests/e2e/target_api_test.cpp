// Target lists through the API on a real blendd: CSV upload with its report (and strict mode),
// DNC add/check/remove, lead intake ahead of the list, results export.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "desk/desk_client.hpp"
#include "tests/support/call_centre_run.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;
using Centre = test::CallCentreRun;

namespace {
test::CentreSpec quiet_centre() {
  return test::centre_spec(1, 3);
}
}  // namespace

TEST(TargetApi, CsvUploadReportsEveryBadRowAndStrictModeCommitsNothing) {
  Centre run(quiet_centre(), 28200);
  ASSERT_TRUE(run.up()) << run.log();
  const std::string csv =
      "number,name,tariff\n030 1234567,Ann,L\nnot-a-number,Bob,M\n+4930 1234567,Ann "
      "again,L\n+49405551234,Cid,S\n";
  auto r = run.api("POST", "/api/v1/campaigns/spring/targets?strict=1", Centre::kSupervisor, csv);
  EXPECT_EQ(r.status, 422) << r.body;
  auto report = json::parse(r.body).as_object();
  EXPECT_FALSE(report.at("committed").as_bool());
  EXPECT_EQ(run.redis({"HLEN", "{c:spring}:targets"}), "3") << "strict: nothing stored";
  r = run.api("POST", "/api/v1/campaigns/spring/targets", Centre::kSupervisor, csv);
  ASSERT_EQ(r.status, 200) << r.body;
  report = json::parse(r.body).as_object();
  EXPECT_EQ(report.at("rows").as_int64(), 4);
  EXPECT_EQ(report.at("imported").as_int64(), 2);
  EXPECT_EQ(report.at("bad").as_int64(), 1);
  EXPECT_EQ(report.at("duplicates_in_file").as_int64(), 1);
  const auto& first = report.at("problems").as_array().at(0).as_object();
  EXPECT_EQ(first.at("line").as_int64(), 3);
  EXPECT_EQ(run.redis({"HLEN", "{c:spring}:targets"}), "5");
  EXPECT_EQ(run.api("POST", "/api/v1/campaigns/spring/targets", Centre::kViewer, csv).status, 403);
  EXPECT_EQ(run.api("POST", "/api/v1/campaigns/nosuch/targets", Centre::kSupervisor, csv).status,
            404);
}

TEST(TargetApi, DncAndLeads) {
  Centre run(quiet_centre(), 28210);
  ASSERT_TRUE(run.up()) << run.log();
  auto r = run.api("POST", "/api/v1/dnc", Centre::kSupervisor, R"({"number":"030 9999999"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(run.redis({"SISMEMBER", "dnc:global", "+49309999999"}), "1");
  r = run.api("GET", "/api/v1/dnc/+49309999999", Centre::kViewer);
  EXPECT_NE(r.body.find("\"listed\":true"), std::string::npos) << r.body;
  EXPECT_EQ(run.api("POST", "/api/v1/dnc", Centre::kViewer, R"({"number":"0301"})").status, 403);
  EXPECT_EQ(run.api("POST", "/api/v1/dnc", Centre::kSupervisor, R"({"number":"abc"})").status, 422);
  r = run.api("DELETE", "/api/v1/dnc/+49309999999", Centre::kSupervisor);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(run.redis({"SISMEMBER", "dnc:global", "+49309999999"}), "0");
  // A pre-registered lead is due before every ordinary target.
  r = run.api("POST", "/api/v1/campaigns/spring/leads", Centre::kSupervisor,
              R"({"number":"+49307770000","name":"Lead","priority":3})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto lead = std::stoll(run.redis({"ZSCORE", "{c:spring}:due", "+49307770000"}));
  const auto ordinary = std::stoll(run.redis({"ZSCORE", "{c:spring}:due", "+49301000000"}));
  EXPECT_LT(lead, ordinary);
}

TEST(TargetApi, ResultsExportAsCsvAndJson) {
  auto spec = quiet_centre();
  spec.talk_ms = 200;
  Centre run(spec, 28220);
  ASSERT_TRUE(run.up()) << run.log();
  auto d_desk = run.logged_in_desk(0);
  ASSERT_TRUE(d_desk) << run.log();
  auto& d = *d_desk;
  d.ready();
  auto offer = d.wait_for("call_offered", 15s);
  ASSERT_TRUE(offer) << run.log();
  const std::string call(offer->at("call").as_string());
  auto mine = [&call](const json::object& o) { return o.at("call").as_string() == call; };
  ASSERT_TRUE(d.wait_for("call_ended", 15s, mine));
  d.submit(call, "success", json::object{{"interested", true}, {"lines", 3}});
  ASSERT_TRUE(d.wait_for("submitted", 5s, mine));
  auto r = run.api("GET", "/api/v1/campaigns/spring/results?format=csv", Centre::kViewer);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("disposition"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("success"), std::string::npos) << r.body;
  r = run.api("GET", "/api/v1/campaigns/spring/results", Centre::kViewer);
  ASSERT_EQ(r.status, 200);
  auto rows = json::parse(r.body);
  ASSERT_TRUE(rows.is_array()) << r.body;
  EXPECT_EQ(rows.as_array().size(), 1u);
}

TEST(TargetApi, PremiumRateNumbersAreNeverDialled) {
  auto spec = quiet_centre();
  spec.talk_ms = 200;
  Centre run(spec, 28230);
  ASSERT_TRUE(run.up()) << run.log();
  auto r = run.api("POST", "/api/v1/campaigns/spring/targets", Centre::kSupervisor,
                   "number,name\n+499001234567,Premium line\n");
  ASSERT_EQ(r.status, 200) << r.body;
  // Refused at the door with the row and the reason, like any bad row.
  EXPECT_NE(r.body.find("\"line\":2"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("blocked"), std::string::npos) << r.body;
  EXPECT_EQ(run.redis({"HEXISTS", "{c:spring}:targets", "+499001234567"}), "0");
  // One that got in before its range was blocked is stopped at the claim (the guard's second
  // line): stored directly, as an older blendd or another tool would have.
  run.redis({"EVAL",
             "redis.call(\"HSET\", KEYS[1], ARGV[1], table.concat({\"0\", \"\", \"0\", "
             "\"old:1\", \"\", \"UTC\", \"\", \"{}\"}, string.char(31)))",
             "1", "{c:spring}:targets", "+499001234568"});
  run.redis({"ZADD", "{c:spring}:due", "0", "+499001234568"});
  // now blendd claims targets, the premium one too
  auto d_desk = run.logged_in_desk(0);
  ASSERT_TRUE(d_desk) << run.log();
  auto& d = *d_desk;
  EXPECT_TRUE(test::eventually(
      [&] {
        return run.redis({"HGET", "{c:spring}:never", "+499001234568"}).find("blocked") !=
               std::string::npos;
      },
      5s))
      << run.redis({"HGET", "{c:spring}:never", "+499001234568"});
  d.ready();
  for (int i = 0; i < 3; ++i) {
    auto offer = d.wait_for("call_offered", 10s);
    ASSERT_TRUE(offer) << run.log();
    EXPECT_NE(offer->at("customer").at("number").as_string(), "+499001234568");
    const std::string call(offer->at("call").as_string());
    auto mine = [&call](const json::object& o) { return o.at("call").as_string() == call; };
    ASSERT_TRUE(d.wait_for("call_ended", 10s, mine));
    d.submit(call, "refused", json::object{{"interested", false}});
    ASSERT_TRUE(d.wait_for("submitted", 5s, mine));
  }
  EXPECT_FALSE(d.wait_for("call_offered", 2s)) << "only the three ordinary numbers were dialled";
}

TEST(TargetApi, ATargetsOwnProductIsOfferedAndScoredAndBadLeadsAreRefused) {
  auto spec = quiet_centre();
  spec.talk_ms = 200;
  Centre run(spec, 28240);
  ASSERT_TRUE(run.up()) << run.log();
  // Leads are checked like imported rows, each refusal naming its field.
  const std::pair<const char*, const char*> bad[] = {
      {R"({"number":"+49307770001","zone":"Mars/Olympus"})", "'zone'"},
      {R"({"number":"+49307770001","product":"yacht"})", "'product'"},
      {R"({"number":"+49900123456"})", "'number'"},
      {R"({"number":"12"})", "'number'"}};
  for (const auto& [body, field] : bad) {
    auto r = run.api("POST", "/api/v1/campaigns/spring/leads", Centre::kSupervisor, body);
    EXPECT_EQ(r.status, 422) << body << " -> " << r.body;
    EXPECT_NE(r.body.find(field), std::string::npos) << r.body;
  }
  // A CSV row with an unknown product is a bad row with its line.
  auto r = run.api("POST", "/api/v1/campaigns/spring/targets", Centre::kSupervisor,
                   "number,name,product\n+49305550002,Ann,fibre\n+49305550003,Bob,yacht\n");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(R"({"line":3,"reason":"product 'yacht' is not in the catalogue"})"),
            std::string::npos)
      << r.body;
  // The lead's own product (mobile, level 5 = 8 points), not the campaign's (fibre, 3 points).
  r = run.api("POST", "/api/v1/campaigns/spring/leads", Centre::kSupervisor,
              R"({"number":"030 7770000","product":"mobile","priority":9})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto d_desk = run.logged_in_desk(0);
  ASSERT_TRUE(d_desk) << run.log();
  auto& d = *d_desk;
  d.ready();
  auto offer = d.wait_for("call_offered", 15s);
  ASSERT_TRUE(offer) << run.log();
  EXPECT_EQ(offer->at("customer").at("number").as_string(), "+49307770000");
  EXPECT_EQ(offer->at("product").at("id").as_string(), "mobile") << json::serialize(*offer);
  const std::string call(offer->at("call").as_string());
  auto mine = [&call](const json::object& o) { return o.at("call").as_string() == call; };
  ASSERT_TRUE(d.wait_for("call_ended", 15s, mine));
  // A sale of a product the catalogue does not know is refused, not silently worth nothing.
  d.submit(call, "success", json::object{{"interested", true}, {"lines", 1}}, std::nullopt,
           "yacht");
  auto refused = d.wait_for("error", 5s);
  ASSERT_TRUE(refused);
  EXPECT_NE(json::serialize(*refused).find("product"), std::string::npos)
      << json::serialize(*refused);
  d.submit(call, "success", json::object{{"interested", true}, {"lines", 1}});
  auto points = d.wait_for("points", 5s);
  ASSERT_TRUE(points) << run.log();
  EXPECT_EQ(points->at("awarded").as_int64(), 8);
  r = run.api("GET", "/api/v1/campaigns/spring/results?format=csv", Centre::kViewer);
  EXPECT_NE(r.body.find(",mobile,"), std::string::npos) << r.body;
  // A lead in a country of several clocks that names no zone is taken and called only when the
  // window is open in all of them.
  r = run.api("POST", "/api/v1/campaigns/spring/leads", Centre::kSupervisor,
              R"({"number":"+12025550123"})");
  ASSERT_EQ(r.status, 201) << r.body;
  r = run.api("GET", "/api/v1/campaigns/spring/targets/+12025550123", Centre::kViewer);
  EXPECT_NE(r.body.find(R"("zone":"country:US")"), std::string::npos) << r.body;
}
