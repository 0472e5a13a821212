// The agent desktop protocol against a real blendd: logins, who may act for whom, malformed and
// oversized input, takeover and reconnect during a call, and what each disposition stores.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "desk/desk_client.hpp"
#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

std::string str(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// A desk logged in as agent i of the run.
std::unique_ptr<desk::DeskClient> logged_in(const test::CallCentreRun& run, int i) {
  auto d = std::make_unique<desk::DeskClient>("127.0.0.1", run.http_port());
  d->login(run.agent_id(i), run.agent_token(i));
  if (!d->wait_for("welcome", 5s)) return nullptr;
  return d;
}

// Ready, then the next call offered: its id (empty if none came).
std::string offered_call(desk::DeskClient& d) {
  d.ready();
  auto offer = d.wait_for("call_offered", 15s);
  return offer ? str(*offer, "call") : std::string();
}

// Ready, then the next call offered and ended (customers talk talk_ms).
std::string take_call(desk::DeskClient& d) {
  const std::string call = offered_call(d);
  if (call.empty()) return {};
  auto mine = [&call](const json::object& o) { return str(o, "call") == call; };
  if (!d.wait_for("call_ended", 15s, mine)) return {};
  return call;
}

test::CentreSpec small_centre() {
  return test::centre_spec(2, 20, 300);
}

}  // namespace

TEST(DeskProtocol, LoginIsCheckedAndASessionActsOnlyForItsAgent) {
  test::CallCentreRun run(small_centre(), 27800);
  ASSERT_TRUE(run.up()) << run.log();
  {
    desk::DeskClient wrong("127.0.0.1", run.http_port());
    wrong.login(run.agent_id(0), "not-the-token");
    auto e = wrong.wait_for("error", 5s);
    ASSERT_TRUE(e);
    EXPECT_EQ(str(*e, "code"), "login_failed");
    EXPECT_TRUE(test::eventually([&] { return wrong.closed(); }, 5s));
    EXPECT_EQ(wrong.close_code(), 4003);
  }
  {
    desk::DeskClient anon("127.0.0.1", run.http_port());
    anon.ready();
    auto e = anon.wait_for("error", 5s);
    ASSERT_TRUE(e);
    EXPECT_EQ(str(*e, "code"), "not_logged_in");
  }
  auto a01 = logged_in(run, 0);
  ASSERT_TRUE(a01);
  a01->login(run.agent_id(1), run.agent_token(1));  // a01's session tries to become a02
  auto e = a01->wait_for("error", 5s);
  ASSERT_TRUE(e);
  EXPECT_EQ(str(*e, "code"), "forbidden");
  EXPECT_EQ(run.redis({"EXISTS", "agent:a02"}), "0") << "a02 was never logged in";
}

TEST(DeskProtocol, MalformedAndOversizedInputGetsClearAnswers) {
  test::CallCentreRun run(small_centre(), 27810);
  ASSERT_TRUE(run.up()) << run.log();
  auto d = logged_in(run, 0);
  ASSERT_TRUE(d);
  d->send_text("{not json");
  auto e = d->wait_for("error", 5s);
  ASSERT_TRUE(e);
  EXPECT_EQ(str(*e, "code"), "bad_json");
  d->send_text(R"({"v":1,"type":"submit","call":"1"})");
  e = d->wait_for("error", 5s);
  ASSERT_TRUE(e);
  EXPECT_EQ(str(*e, "message"), "'disposition' is required");
  d->send_text(R"({"v":1,"type":"submit","call":"12345","disposition":"success"})");
  e = d->wait_for("error", 5s);
  ASSERT_TRUE(e);
  EXPECT_EQ(str(*e, "code"), "invalid_submission") << "no such call of this agent";
  EXPECT_FALSE(d->closed()) << "bad messages do not cost the session";
  d->send_text(std::string(70 * 1024, 'x'));  // over the 64 KiB frame limit
  EXPECT_TRUE(test::eventually([&] { return d->closed(); }, 5s));
  EXPECT_EQ(d->close_code(), 1009);
  EXPECT_TRUE(run.blendd().running()) << "the daemon is unharmed";
}

TEST(DeskProtocol, ANewLoginTakesTheDeskOverAndAReconnectDuringACallCanStillRegisterTheResult) {
  auto spec = small_centre();
  spec.talk_ms = 1500;
  test::CallCentreRun run(spec, 27820);
  ASSERT_TRUE(run.up()) << run.log();
  auto first = logged_in(run, 0);
  ASSERT_TRUE(first);
  const std::string call = offered_call(*first);
  ASSERT_FALSE(call.empty()) << run.log();
  // The agent reloads the page mid-call: the new desk takes over, the old one is told.
  auto second = logged_in(run, 0);
  ASSERT_TRUE(second);
  auto replaced = first->wait_for("error", 5s);
  ASSERT_TRUE(replaced);
  EXPECT_EQ(str(*replaced, "code"), "replaced");
  EXPECT_TRUE(test::eventually([&] { return first->closed(); }, 5s));
  EXPECT_EQ(first->close_code(), 4001);
  // The call goes on; its end reaches the new desk, which registers the result.
  auto mine = [&call](const json::object& o) { return str(o, "call") == call; };
  ASSERT_TRUE(second->wait_for("call_ended", 15s, mine)) << run.log();
  second->submit(call, "refused", json::object{{"interested", false}});
  ASSERT_TRUE(second->wait_for("submitted", 5s, mine));
}

TEST(DeskProtocol, ADeskLostMidCallThatStaysAwayClosesTheAttemptWhenTheCallEnds) {
  auto spec = small_centre();
  spec.talk_ms = 1500;
  test::CallCentreRun run(spec, 27825);
  ASSERT_TRUE(run.up()) << run.log();
  auto desk = logged_in(run, 0);
  ASSERT_TRUE(desk);
  const std::string call = offered_call(*desk);
  ASSERT_FALSE(call.empty()) << run.log();
  auto mine = [&call](const json::object& o) { return str(o, "call") == call; };
  ASSERT_TRUE(desk->wait_for("call_connected", 10s, mine)) << run.log();
  // The browser is gone without a goodbye (a TCP reset): the agent is logged out, the call goes
  // on over SIP.
  desk->reset_connection();
  desk.reset();
  // When the customer hangs up nobody can register a result: the attempt is closed at once
  // (not left open for the next start's reconciliation) and nothing else is leased.
  EXPECT_TRUE(test::eventually(
      [&] { return run.log().find("was logged out when it ended") != std::string::npos; }, 15s))
      << run.log();
  EXPECT_TRUE(test::eventually(
      [&] {
        return run.redis({"ZCARD", "{c:spring}:leases"}) == "0";
      },
      10s))
      << "leases: " << run.redis({"ZRANGE", "{c:spring}:leases", "0", "-1"});
  EXPECT_EQ(run.figure("calls_active"), 0);
  EXPECT_EQ(run.figure("awaiting_result"), 0);
  const std::string log = run.redis({"XRANGE", "{c:spring}:log", "-", "+"});
  EXPECT_NE(log.find("no_disposition"), std::string::npos) << "the attempt log: " << log;
}

TEST(DeskProtocol, DispositionsScheduleCallbacksAndBlockDoNotCallNumbers) {
  test::CallCentreRun run(small_centre(), 27830);
  ASSERT_TRUE(run.up()) << run.log();
  auto d = logged_in(run, 0);
  ASSERT_TRUE(d);
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  // 1. A callback in two days: the target is due exactly then.
  std::string call = take_call(*d);
  ASSERT_FALSE(call.empty()) << run.log();
  const auto history = d->history();
  std::string number;
  for (const auto& m : history)
    if (str(m, "type") == "call_offered" && str(m, "call") == call)
      number = str(m.at("customer").as_object(), "number");
  const std::int64_t callback_ms = now_ms + 2LL * 24 * 3600 * 1000;
  d->submit(call, "callback", json::object{{"interested", false}}, callback_ms);
  auto mine = [&call](const json::object& o) { return str(o, "call") == call; };
  ASSERT_TRUE(d->wait_for("submitted", 5s, mine));
  EXPECT_TRUE(test::eventually(
      [&] {
        return run.redis({"ZSCORE", "{c:spring}:due", number}) == std::to_string(callback_ms);
      },
      3s))
      << run.redis({"ZSCORE", "{c:spring}:due", number});
  // 2. An invalid answer stores nothing; the corrected submission does.
  call = take_call(*d);
  ASSERT_FALSE(call.empty());
  d->submit(call, "do_not_call", json::object{{"interested", "maybe"}});
  auto e = d->wait_for("error", 5s);
  ASSERT_TRUE(e);
  EXPECT_EQ(str(*e, "code"), "invalid_submission");
  EXPECT_EQ(str(e->at("errors").as_array().at(0).as_object(), "field"), "interested");
  const std::string results_before = run.redis({"XLEN", "{c:spring}:results"});
  EXPECT_EQ(results_before, "1");
  d->submit(call, "do_not_call", json::object{{"interested", false}});
  auto mine2 = [&call](const json::object& o) { return str(o, "call") == call; };
  ASSERT_TRUE(d->wait_for("submitted", 5s, mine2));
  std::string dnc_number;
  for (const auto& m : d->history())
    if (str(m, "type") == "call_offered" && str(m, "call") == call)
      dnc_number = str(m.at("customer").as_object(), "number");
  EXPECT_TRUE(test::eventually(
      [&] {
        // The company's list by default: no other campaign calls the customer either.
        return run.redis({"SISMEMBER", "dnc:global", dnc_number}) == "1";
      },
      3s));
  EXPECT_EQ(run.redis({"SISMEMBER", "{c:spring}:dnc", dnc_number}), "0");
  EXPECT_EQ(run.redis({"ZSCORE", "{c:spring}:due", dnc_number}), "") << "never dialled again";
  EXPECT_EQ(run.redis({"XLEN", "{c:spring}:results"}), "2");
}
