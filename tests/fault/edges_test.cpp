// The promises at their edges, on a real blendd: input that once ended the daemon, numbers put on
// a DNC list while claimed, uploads of several MiB, agent phones that ring and never answer.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>
#include <thread>

#include "desk/desk_client.hpp"
#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/http_client.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

std::string number_of(int i) {
  return "+4930" + std::to_string(1000000 + i);  // as CallCentreRun writes its targets
}

// Every agent desk of the run logged in and ready: dialling starts.
auto desks(const test::CallCentreRun& run, int n) {
  return run.start_agents(n, 100ms);
}

// A request with its own time limit (a large import takes longer than api()'s 2 s).
test::HttpResult request(const test::CallCentreRun& run, const std::string& method,
                         const std::string& path, std::size_t content_length,
                         const std::string& body, int timeout_ms) {
  std::string raw = method + " " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n" +
                    "Authorization: Bearer " + test::CallCentreRun::kSupervisor + "\r\n" +
                    "Content-Length: " + std::to_string(content_length) + "\r\n\r\n" + body;
  return test::http_exchange(run.http_port(), raw, timeout_ms);
}

}  // namespace

TEST(Edges, HostileFramesAndBodiesGetErrorsAndTheDaemonGoesOnServingCalls) {
  auto spec = test::centre_spec(1, 30, 300);
  test::CallCentreRun run(spec, 28900);
  ASSERT_TRUE(run.up()) << run.log();
  {
    // Before any login: the frame that ended blendd (2^64 - 1 does not fit an int64).
    desk::DeskClient d("127.0.0.1", run.http_port());
    for (
        const char* frame :
        {R"({"v":1,"type":"submit","call":"x","disposition":"y","callback_at_ms":18446744073709551615})",
         R"({"v":1,"type":"submit","call":"x","disposition":"y","callback_at_ms":1e308})",
         R"({"v":1,"type":"submit","call":"x","disposition":"y","callback_at_ms":-1})",
         R"({"v":18446744073709551616,"type":"login"})",
         "{\"v\":1,\"type\":\"login\",\"agent\":\"\xff\xfe\",\"token\":\"\x01\"}"}) {
      d.send_text(frame);
    }
    d.send_text(std::string(200, '[') + std::string(200, ']'));
    ASSERT_TRUE(d.wait_for("error", 5s));
  }
  // Supervisor bodies: an id past YAML's 1,024-character key limit, numbers past any range.
  const std::string long_id(1025, 'a');
  auto created = run.api("POST", "/api/v1/campaigns", test::CallCentreRun::kSupervisor,
                         R"({"id":")" + long_id + R"(","group":"sales"})");
  EXPECT_GE(created.status, 400);
  EXPECT_LT(created.status, 500) << created.body;
  auto key = run.api("PUT", "/api/v1/campaigns/spring", test::CallCentreRun::kSupervisor,
                     R"({")" + long_id + R"(":1})");
  EXPECT_GE(key.status, 400);
  EXPECT_LT(key.status, 500) << key.body;
  auto minutes = run.api("POST", "/api/v1/groups/sales/override", test::CallCentreRun::kSupervisor,
                         R"({"start":0.5,"stop":0.4,"minutes":1e308})");
  EXPECT_EQ(minutes.status, 422) << minutes.body;
  auto reserve = run.api("PUT", "/api/v1/groups/sales/thresholds", test::CallCentreRun::kSupervisor,
                         R"({"start":0.5,"stop":0.4,"reserve_agents":18446744073709551615})");
  EXPECT_EQ(reserve.status, 422) << reserve.body;  // found by fuzz_api_routes
  auto lead = run.api("POST", "/api/v1/campaigns/spring/leads", test::CallCentreRun::kSupervisor,
                      R"({"number":"+4930999999","priority":4294967297})");
  EXPECT_EQ(lead.status, 422) << lead.body;
  ASSERT_TRUE(run.blendd().running()) << run.log();
  // And it still bridges calls.
  auto bots = desks(run, 1);
  EXPECT_TRUE(test::eventually(
      [&] { return test::CallCentreRun::campaign_figure(run.figures(), "connected") >= 2; }, 20s))
      << run.log();
  EXPECT_EQ(run.figure("handler_exceptions"), 0);
}

TEST(Edges, NumbersPutOnADncListAfterTheirClaimAreNeverDialled) {
  auto spec = test::centre_spec(1, 200, 800);
  test::CallCentreRun run(spec, 28910);
  ASSERT_TRUE(run.up()) << run.log();
  auto bots = desks(run, 1);
  ASSERT_TRUE(test::eventually(
      [&] { return test::CallCentreRun::campaign_figure(run.figures(), "dials") >= 1; }, 15s));
  // Another system writes to the global list directly (blendd is not told): only the check
  // right before each INVITE can see it.
  std::vector<std::string> sadd{"SADD", "dnc:global"};
  for (int i = 0; i < spec.targets; i += 2) sadd.push_back(number_of(i));
  run.redis(sadd);
  // The odd ones over the API, to the campaign's list: they also leave the buffers at once.
  for (int i = 1; i < spec.targets; i += 2) {
    auto r = run.api("POST", "/api/v1/dnc", test::CallCentreRun::kSupervisor,
                     R"({"number":")" + number_of(i) + R"(","campaign":"spring"})");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  const auto dials = test::CallCentreRun::campaign_figure(run.figures(), "dials");
  std::this_thread::sleep_for(6s);  // several talks' worth: a buffer would have been dialled
  const auto f = run.figures();
  // A dial being confirmed when the lists changed may still be withdrawn: fewer, never more.
  EXPECT_LE(test::CallCentreRun::campaign_figure(f, "dials"), dials)
      << "numbers on a DNC list were dialled";
  EXPECT_GE(f.at("withdrawn_at_invite").to_number<std::int64_t>() +
                f.at("withdrawn_from_buffer").to_number<std::int64_t>(),
            1);
  // The trunk's own trace agrees: after the lists changed nothing new reached it.
  run.stop_trunk();
  std::size_t invited = 0;
  for (const auto& [number, ids] : run.trunk_dials()) invited += ids.size();
  EXPECT_LE(static_cast<std::int64_t>(invited), dials);
  // Nothing is left open: every withdrawn target is settled in the store.
  EXPECT_TRUE(test::eventually(
      [&] {
        return run.redis({"ZCARD", "{c:spring}:leases"}) == "0";
      },
      10s))
      << run.redis({"ZCARD", "{c:spring}:leases"});
}

TEST(Edges, TargetListsOfSeveralMebibytesAreImportedWithAndWithoutStrict) {
  auto spec = test::centre_spec(1, 1);
  test::CallCentreRun run(spec, 28920);
  ASSERT_TRUE(run.up()) << run.log();
  for (const char* mode : {"", "?strict=1"}) {
    std::ostringstream csv;
    csv << "number,name,note\n";
    const int base = std::string(mode).empty() ? 2000000 : 3000000;
    for (int i = 0; i < 60000; ++i)
      csv << "+4930" << base + i << ",Customer " << i << ",a note long enough to pass 1 MiB\n";
    ASSERT_GT(csv.str().size(), 3u << 20);
    const std::string body = csv.str();
    auto r = request(run, "POST", std::string("/api/v1/campaigns/spring/targets") + mode,
                     body.size(), body, 90000);
    ASSERT_EQ(r.status, 200) << mode << ": " << r.body.substr(0, 300);
    EXPECT_EQ(json::parse(r.body).at("imported").to_number<std::int64_t>(), 60000) << mode;
  }
  // Other routes keep their 1 MiB: refused from the header alone.
  auto big = request(run, "PUT", "/api/v1/campaigns/spring", 2u << 20, "{", 5000);
  EXPECT_EQ(big.status, 413) << big.body;
}

TEST(Edges, AnAgentPhoneThatNeverAnswersIsCancelledAndTheCustomerGoesToTheNextAgent) {
  test::CentreSpec spec;
  spec.agents = 2;
  spec.silent_phones = 1;  // a01's phone rings for ever
  spec.offer_timeout_s = 2;
  spec.abandon_after_s = 2.0;
  spec.targets = 6;
  spec.talk_ms = 500;
  test::CallCentreRun run(spec, 28930);
  ASSERT_TRUE(run.up()) << run.log();
  auto bots = desks(run, 2);
  ASSERT_TRUE(test::eventually(
      [&] {
        const auto f = run.figures();
        const auto* g = run.group(f, "sales");
        return g != nullptr && g->at("offers_timed_out").to_number<std::int64_t>() >= 1;
      },
      20s))
      << run.log();
  // a01 missed its call: not ready, and no more calls ring at it; a02 takes calls.
  EXPECT_TRUE(test::eventually(
      [&] { return test::CallCentreRun::campaign_figure(run.figures(), "connected") >= 2; }, 20s))
      << run.log();
  const std::string log = run.log();
  EXPECT_NE(log.find("offer withdrawn"), std::string::npos);
  // The cancelled INVITEs leave no SIP handle and no call behind.
  EXPECT_TRUE(test::eventually(
      [&] { return run.figure("calls_active") == 0 && run.figure("sip_live_handles") == 0; }, 30s))
      << run.figures();
}

TEST(Edges, ADoNotCallSaidOnAnInboundCallReachesTheCompanysListAndItsResultIsReadable) {
  // inbound only
  auto spec = test::centre_spec(1, 0);
  test::CallCentreRun run(spec, 28940);
  ASSERT_TRUE(run.up()) << run.log();
  auto d_desk = run.logged_in_desk(0);
  ASSERT_TRUE(d_desk) << run.log();
  auto& d = *d_desk;
  d.ready();
  run.start_callers(1, 1, 800);
  auto offer = d.wait_for("call_offered", 15s);
  ASSERT_TRUE(offer) << run.log();
  run.stop_callers();
  const std::string call(offer->at("call").as_string());
  const std::string caller(offer->at("customer").as_object().at("number").as_string());
  ASSERT_FALSE(caller.empty());
  auto mine = [&call](const json::object& o) {
    const auto* c = o.if_contains("call");
    return c != nullptr && c->is_string() && c->as_string() == call;
  };
  ASSERT_TRUE(d.wait_for("call_ended", 15s, mine));
  d.submit(call, "do_not_call", json::object{});
  ASSERT_TRUE(d.wait_for("submitted", 5s, mine)) << run.log();
  EXPECT_TRUE(test::eventually(
      [&] {
        return run.redis({"SISMEMBER", "dnc:global", caller}) == "1";
      },
      5s))
      << caller;
  auto results = run.api("GET", "/api/v1/groups/sales/results", test::CallCentreRun::kViewer);
  ASSERT_EQ(results.status, 200) << results.body;
  EXPECT_NE(results.body.find("do_not_call"), std::string::npos) << results.body;
  EXPECT_NE(results.body.find(caller), std::string::npos) << results.body;
  EXPECT_EQ(run.api("GET", "/api/v1/groups/nobody/results", test::CallCentreRun::kViewer).status,
            404);
}

TEST(Edges, AStopWithCallsUpClosesEveryAttemptSoNothingWaitsForReview) {
  // the calls are still up when blendd is told to stop
  auto spec = test::centre_spec(2, 30, 30000);
  test::CallCentreRun run(spec, 28960);
  ASSERT_TRUE(run.up()) << run.log();
  {
    auto bots = desks(run, 2);
    // Bridged, not merely counted: a call still waiting for the store's confirm is released at
    // the stop, not interrupted (a loaded machine stopped such calls before they were up).
    ASSERT_TRUE(test::eventually(
        [&] { return test::CallCentreRun::campaign_figure(run.figures(), "connected") >= 2; }, 20s))
        << run.log();
    ASSERT_TRUE(run.restart(SIGTERM)) << run.log();
  }
  EXPECT_EQ(run.stop_code(), 0);
  // Every attempt the first run opened was closed by it: none is left for review, none open.
  EXPECT_EQ(run.redis({"HLEN", "{c:spring}:review"}), "0");
  EXPECT_EQ(run.redis({"ZCARD", "{c:spring}:leases"}), "0");
  EXPECT_NE(run.redis({"XRANGE", "{c:spring}:log", "-", "+"}).find("interrupted"),
            std::string::npos);
  EXPECT_EQ(run.log().find("left open by a previous run"), std::string::npos) << run.log();
}
