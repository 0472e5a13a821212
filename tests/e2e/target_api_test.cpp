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
  test::CentreSpec spec;
  spec.agents = 1;
  spec.targets = 3;
  return spec;
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
  desk::DeskClient d("127.0.0.1", run.http_port());
  d.login(run.agent_id(0), run.agent_token(0));
  ASSERT_TRUE(d.wait_for("welcome", 5s));
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
                   "number,name\n+49900123456,Premium line\n");
  ASSERT_EQ(r.status, 200) << r.body;
  desk::DeskClient d("127.0.0.1", run.http_port());
  d.login(run.agent_id(0), run.agent_token(0));
  ASSERT_TRUE(d.wait_for("welcome", 5s));  // now blendd claims targets, the premium one too
  EXPECT_TRUE(test::eventually(
      [&] {
        return run.redis({"HGET", "{c:spring}:never", "+49900123456"}).find("blocked") !=
               std::string::npos;
      },
      5s))
      << run.redis({"HGET", "{c:spring}:never", "+49900123456"});
  d.ready();
  for (int i = 0; i < 3; ++i) {
    auto offer = d.wait_for("call_offered", 10s);
    ASSERT_TRUE(offer) << run.log();
    EXPECT_NE(offer->at("customer").at("number").as_string(), "+49900123456");
    const std::string call(offer->at("call").as_string());
    auto mine = [&call](const json::object& o) { return o.at("call").as_string() == call; };
    ASSERT_TRUE(d.wait_for("call_ended", 10s, mine));
    d.submit(call, "refused", json::object{{"interested", false}});
    ASSERT_TRUE(d.wait_for("submitted", 5s, mine));
  }
  EXPECT_FALSE(d.wait_for("call_offered", 2s)) << "only the three ordinary numbers were dialled";
}
