// CRM webhooks end to end: a real blendd's call, agent and result events POSTed to a loopback
// receiver, signed; the receiver down for a while, then blendd SIGKILLed with deliveries still
// pending: after the restart every event of the stream arrives, in order per call, each id once
// (at most the one in flight at the kill twice); a receiver that is slow and answers 500 does not
// hold up the calls, and its events end in the dead letters, which the API lists and replays.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "desk/desk_client.hpp"
#include "tests/support/call_centre_run.hpp"
#include "tests/support/webhook_receiver.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using Centre = test::CallCentreRun;
namespace json = boost::json;

namespace {

constexpr const char* kSecret = "e2e-webhook-secret-0123456789";

std::vector<std::string> webhook_lines(int port, const std::string& extra = "") {
  return {"webhooks:", "  - {id: crm, url: 'http://127.0.0.1:" + std::to_string(port) +
                           "/blendd', secret: " + kSecret + ", retry_s: [1]" + extra + "}"};
}

// Every event the stream holds, read through /api/v1/events from the start.
std::vector<json::object> stream_events(const Centre& run, std::size_t at_least) {
  desk::DeskClient c("127.0.0.1", run.http_port(), "/api/v1/events");
  c.send({{"type", "subscribe"}, {"token", Centre::kIntegration}, {"after", "0"}});
  std::vector<json::object> out;
  test::eventually(
      [&] {
        out.clear();
        for (const auto& m : c.history()) {
          if (m.contains("id")) out.push_back(m);
        }
        return out.size() >= at_least;
      },
      10s);
  return out;
}

std::int64_t results(const Centre& run) {
  return run.figure("results_stored");
}

}  // namespace

TEST(Webhooks, TheCrmGetsEveryEventThroughAnOutageAndASigkill) {
  constexpr int kReceiver = 29378;
  test::WebhookReceiver receiver(kReceiver);
  auto spec = test::centre_spec(2, 8, 500);
  spec.integrations_lines = webhook_lines(kReceiver);
  Centre run(spec, 29370);
  ASSERT_TRUE(run.up()) << run.log();
  auto bots = run.start_agents(2, 200ms, 0.5);
  ASSERT_TRUE(test::eventually([&] { return receiver.delivered_count() >= 8; }, 30s)) << run.log();

  receiver.stop();  // the CRM goes away while calls go on
  const auto before = results(run);
  ASSERT_TRUE(test::eventually([&] { return results(run) >= before + 2; }, 30s)) << run.log();
  auto hooks = run.api("GET", "/api/v1/webhooks", Centre::kSupervisor);
  ASSERT_EQ(hooks.status, 200) << hooks.body;
  const auto crm = json::parse(hooks.body).at("webhooks").at(0).as_object();
  EXPECT_EQ(crm.at("state").as_string(), "retrying") << hooks.body;
  EXPECT_GT(crm.at("backlog_ms").as_int64(), 0) << hooks.body;
  EXPECT_GT(crm.at("failed_attempts").as_int64(), 0) << hooks.body;

  bots.clear();
  ASSERT_TRUE(run.kill_and_restart()) << run.log();  // with those deliveries still pending
  receiver.start();
  // After the restart, everything the stream holds from the first delivery on arrives.
  const auto first = json::parse(receiver.delivered().at(0).body).at("id").as_string();
  std::vector<std::string> expected;
  for (const auto& e : stream_events(run, 10)) {
    if (std::string(e.at("id").as_string()) >= std::string(first))
      expected.emplace_back(e.at("id").as_string());
  }
  ASSERT_GE(expected.size(), 10u);
  ASSERT_TRUE(test::eventually(
      [&] {
        std::set<std::string> got;
        for (const auto& h : receiver.delivered()) got.insert(h.header("blendd-event-id"));
        for (const auto& id : expected) {
          if (got.count(id) == 0) return false;
        }
        return true;
      },
      30s))
      << run.log();
  std::map<std::string, int> seen, last_seq;
  int twice = 0;
  for (const auto& h : receiver.delivered()) {
    EXPECT_TRUE(test::WebhookReceiver::signature_ok(h, kSecret)) << h.body;
    const auto body = json::parse(h.body).as_object();
    EXPECT_EQ(h.header("blendd-event-id"), body.at("id").as_string());
    if (++seen[h.header("blendd-event-id")] > 1) {
      ++twice;
      continue;
    }
    const std::string call(body.at("call").as_string());
    if (call.empty()) continue;
    const int seq = static_cast<int>(body.at("seq").as_int64());
    if (last_seq.count(call) != 0) {
      EXPECT_GT(seq, last_seq[call]) << call << ": in order per call";
    }
    last_seq[call] = seq;
  }
  EXPECT_LE(twice, 1) << "only the delivery in flight at the kill may come again";
  EXPECT_TRUE(run.blendd().running());
}

TEST(Webhooks, ASlowFailingReceiverHoldsUpNoCallAndEndsInTheDeadLetters) {
  constexpr int kReceiver = 29388;
  test::WebhookReceiver receiver(kReceiver);
  receiver.answer_with(500, 2500ms);  // slow, then a failure
  auto spec = test::centre_spec(3, 12, 300);
  spec.integrations_lines = webhook_lines(kReceiver, ", max_age_s: 3, timeout_s: 5");
  Centre run(spec, 29380);
  ASSERT_TRUE(run.up()) << run.log();
  auto bots = run.start_agents(3, 100ms, 0.5);
  // Every target is called and its result registered while the receiver has answered only a
  // handful: deliveries never wait in the calls' way.
  ASSERT_TRUE(test::eventually([&] { return results(run) >= 12; }, 60s)) << run.log();
  EXPECT_LE(receiver.requests().size(), 12u);
  ASSERT_TRUE(test::eventually(
      [&] {
        auto r = run.api("GET", "/api/v1/webhooks", Centre::kSupervisor);
        return json::parse(r.body).at("webhooks").at(0).at("dead_lettered").as_int64() >= 10;
      },
      60s));
  auto dead = run.api("GET", "/api/v1/webhooks/crm/dead-letters?limit=5", Centre::kSupervisor);
  ASSERT_EQ(dead.status, 200) << dead.body;
  const auto items = json::parse(dead.body).at("dead_letters").as_array();
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0].at("last_status").as_int64(), 500);
  EXPECT_TRUE(items[0].at("event").is_object());
  EXPECT_EQ(run.api("GET", "/api/v1/webhooks/crm/dead-letters?limit=0", Centre::kSupervisor).status,
            422);
  EXPECT_EQ(run.api("GET", "/api/v1/webhooks/nope/dead-letters", Centre::kSupervisor).status, 404);
  EXPECT_EQ(
      run.api("POST", "/api/v1/webhooks/crm/dead-letters/replay", Centre::kSupervisor, "{}").status,
      403);
  EXPECT_EQ(run.api("POST", "/api/v1/webhooks/crm/dead-letters/replay", Centre::kAdmin,
                    R"({"ids":"all"})")
                .status,
            422);

  receiver.answer_with(200);
  const std::string id(items[0].at("id").as_string());
  auto replay = run.api("POST", "/api/v1/webhooks/crm/dead-letters/replay", Centre::kAdmin,
                        R"({"ids":[")" + id + R"("]})");
  ASSERT_EQ(replay.status, 202) << replay.body;
  EXPECT_EQ(json::parse(replay.body).at("replayed").as_int64(), 1);
  ASSERT_TRUE(test::eventually(
      [&] {
        for (const auto& h : receiver.delivered()) {
          if (h.header("blendd-event-id") == id && h.header("blendd-replay") == "1") return true;
        }
        return false;
      },
      20s));
  const auto metrics = run.api("GET", "/metrics", Centre::kViewer).body;
  EXPECT_NE(metrics.find("blendd_webhook_deliveries_total{webhook=\"crm\",outcome=\"dead\"} "),
            std::string::npos)
      << metrics;
  EXPECT_TRUE(run.blendd().running());
}
