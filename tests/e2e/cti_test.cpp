// Integration with the systems around the centre, end to end on a real blendd: a CRM's
// click-to-dial goes through the agent's manual dial (a DNC number refused with its reason, a
// good one dialled over the trunk and given to the agent), only for the integration role or the
// agent's own login; an intake token adds leads — idempotent by the sender's id, every field
// checked, at most http.intake_per_minute — and can read nothing.
#include <gtest/gtest.h>

#include "desk/desk_client.hpp"
#include "tests/support/call_centre_run.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using Centre = test::CallCentreRun;

TEST(Cti, ClickToDialIsAManualDialForTheIntegrationOrTheAgentItself) {
  auto spec = test::centre_spec(2, 0, 1500);  // no list: nothing is dialled unasked
  Centre run(spec, 29280);
  ASSERT_TRUE(run.up()) << run.log();
  ASSERT_EQ(
      run.api("POST", "/api/v1/dnc", Centre::kSupervisor, R"({"number":"+4930555000111"})").status,
      200);
  auto bots = run.start_agents(1, 300ms);
  ASSERT_TRUE(test::eventually([&] { return bots[0]->logged_in(); }, 5s));
  ASSERT_TRUE(test::eventually(
      [&] { return run.log().find("dialling may resume") != std::string::npos; }, 10s));
  const std::string dial = "/api/v1/agents/a01/dial";
  // Not for a viewer, nor for another agent's login.
  EXPECT_EQ(run.api("POST", dial, Centre::kViewer, R"({"number":"0305550002"})").status, 403);
  const std::string a02 = "agent:a02:" + run.agent_token(1);
  EXPECT_EQ(run.api("POST", dial, a02, R"({"number":"0305550002"})").status, 403);
  // Bad bodies say which field.
  auto unknown = run.api("POST", dial, Centre::kIntegration, R"({"number":"1","colour":"red"})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("colour"), std::string::npos) << unknown.body;
  auto bad = run.api("POST", dial, Centre::kIntegration, R"({"number":"not a number"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("bad_number"), std::string::npos) << bad.body;
  // The DNC list, as for the desk's dial.
  auto dnc = run.api("POST", dial, Centre::kIntegration, R"({"number":"030 555000111"})");
  EXPECT_EQ(dnc.status, 422) << dnc.body;
  EXPECT_NE(dnc.body.find("dnc_global"), std::string::npos) << dnc.body;
  // A good number is dialled with the campaign's rules, and the customer is a01's.
  auto placed = run.api("POST", dial, Centre::kIntegration, R"({"number":"030 5550002"})");
  ASSERT_EQ(placed.status, 201) << placed.body << run.log();
  EXPECT_NE(placed.body.find(R"("number":"+49305550002")"), std::string::npos) << placed.body;
  EXPECT_TRUE(test::eventually([&] { return bots[0]->calls() == 1; }, 15s)) << run.log();
  // The agent's own login may click too (the call above is over and its result in).
  const std::string own = "agent:a01:" + run.agent_token(0);
  EXPECT_TRUE(test::eventually(
      [&] {
        const auto again = run.api("POST", dial, own, R"({"number":"030 5550003"})");
        return again.status == 201;
      },
      10s))
      << run.log();
  run.stop_trunk();
  const auto dials = run.trunk_dials();
  EXPECT_EQ(dials.count("+49305550002"), 1u);
  EXPECT_EQ(dials.count("+4930555000111"), 0u) << "the DNC number never reached the trunk";
}

TEST(Cti, AnIntakeTokenAddsLeadsOnceEachAndReadsNothing) {
  auto spec = test::centre_spec(1, 0, 600);
  Centre run(spec, 29290);
  ASSERT_TRUE(run.up()) << run.log();
  const std::string leads = "/api/v1/campaigns/spring/leads";
  const std::string lead = R"({"number":"+493077700005","name":"Di","external_id":"form-1"})";
  auto first = run.api("POST", leads, Centre::kIntake, lead);
  EXPECT_EQ(first.status, 201) << first.body;
  auto retry = run.api("POST", leads, Centre::kIntake, lead);
  EXPECT_EQ(retry.status, 200) << retry.body;
  EXPECT_NE(retry.body.find(R"("duplicate":true)"), std::string::npos) << retry.body;
  // The same sender id with another number is still the first lead: nothing is added.
  auto reused = run.api("POST", leads, Centre::kIntake,
                        R"({"number":"+493077700006","external_id":"form-1"})");
  EXPECT_EQ(reused.status, 200);
  EXPECT_NE(reused.body.find("+493077700005"), std::string::npos) << reused.body;
  EXPECT_EQ(run.redis({"HGET", "{c:spring}:targets", "+493077700006"}), "");
  // Every field is checked.
  auto unknown = run.api("POST", leads, Centre::kIntake, R"({"number":"+493077700007","x":1})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("'x'"), std::string::npos) << unknown.body;
  auto number = run.api("POST", leads, Centre::kIntake, R"({"number":"12"})");
  EXPECT_EQ(number.status, 422) << number.body;
  // It reads nothing and changes nothing else.
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/figures"},
           {"GET", "/api/v1/agents"},
           {"GET", "/api/v1/campaigns/spring/results"},
           {"GET", "/api/v1/campaigns/spring/targets/+493077700005"},
           {"POST", "/api/v1/dnc"},
           {"POST", "/api/v1/agents/a01/dial"}}) {
    EXPECT_EQ(run.api(method, path, Centre::kIntake, "{}").status, 403) << method << " " << path;
  }
  EXPECT_EQ(run.api("GET", "/metrics", Centre::kIntake).status, 403);
  // At most http.intake_per_minute (60) a minute per token: a flood gets 429 with Retry-After.
  int accepted = 0, refused = 0;
  for (int i = 0; i < 70; ++i) {
    const auto r = run.api("POST", leads, Centre::kIntake,
                           R"({"number":"+4930777010)" + std::to_string(10 + i) + R"("})");
    if (r.status == 429) ++refused;
    if (r.status == 201) ++accepted;
  }
  EXPECT_GT(refused, 0);
  EXPECT_LE(accepted, 60);
}

namespace {

std::string text_of(const boost::json::object& o, const char* k) {
  const auto* v = o.if_contains(k);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The events a stream client received so far (not its control messages), oldest first.
std::vector<boost::json::object> events_of(const desk::DeskClient& c) {
  std::vector<boost::json::object> out;
  for (const auto& m : c.history()) {
    if (text_of(m, "type").find('.') != std::string::npos) out.push_back(m);
  }
  return out;
}

}  // namespace

// GET /api/v1/events (WebSocket): a call's events arrive live, in order, numbered per call, with
// the result's answers; a client that resumes after an event id gets the next one, no gap; a
// type filter; an intake token is refused.
TEST(Cti, TheEventStreamCarriesACallsEventsAndResumesWithoutAGap) {
  auto spec = test::centre_spec(1, 1, 800);
  Centre run(spec, 29350);  // (29300: the what-if validation, run beside the sanitizer stage)
  ASSERT_TRUE(run.up()) << run.log();
  desk::DeskClient live("127.0.0.1", run.http_port(), "/api/v1/events");
  ASSERT_TRUE(live.connected());
  live.send({{"type", "subscribe"}, {"token", Centre::kIntegration}});
  ASSERT_TRUE(live.wait_for("subscribed", 5s));
  desk::DeskClient agents_only("127.0.0.1", run.http_port(), "/api/v1/events");
  agents_only.send(
      {{"type", "subscribe"}, {"token", Centre::kViewer}, {"types", boost::json::array{"agent."}}});
  ASSERT_TRUE(agents_only.wait_for("subscribed", 5s));
  auto bots = run.start_agents(1, 300ms);
  ASSERT_TRUE(live.wait_for("result.registered", 30s)) << run.log();
  const auto events = events_of(live);
  std::vector<std::string> of_call;
  std::string call;
  for (const auto& e : events) {
    if (text_of(e, "type") == "call.answered") call = text_of(e, "call");
    if (!call.empty() && text_of(e, "call") == call) {
      of_call.push_back(text_of(e, "type") + "#" + std::to_string(e.at("seq").to_number<int>()));
    }
  }
  EXPECT_EQ(of_call,
            (std::vector<std::string>{"call.answered#1", "call.offered#2", "call.connected#3",
                                      "call.ended#4", "result.registered#5"}))
      << testing::PrintToString(of_call);
  ASSERT_GE(events.size(), 3u);
  for (std::size_t i = 1; i < events.size(); ++i) {
    EXPECT_LT(text_of(events[i - 1], "id"), text_of(events[i], "id")) << "in the stream's order";
  }
  // Resumed after the second event: the third is the first to arrive.
  desk::DeskClient resumed("127.0.0.1", run.http_port(), "/api/v1/events");
  resumed.send({{"type", "subscribe"},
                {"token", Centre::kIntegration},
                {"after", text_of(events[1], "id")}});
  ASSERT_TRUE(resumed.wait_for("subscribed", 5s));
  ASSERT_TRUE(test::eventually([&] { return events_of(resumed).size() >= 2; }, 5s));
  EXPECT_EQ(text_of(events_of(resumed)[0], "id"), text_of(events[2], "id"));
  for (const auto& e : events_of(agents_only)) EXPECT_EQ(text_of(e, "type"), "agent.state");
  EXPECT_FALSE(events_of(agents_only).empty());
  const auto metrics = run.api("GET", "/metrics", Centre::kViewer).body;
  EXPECT_NE(metrics.find("blendd_events_total{state=\"appended\"} "), std::string::npos);
  EXPECT_NE(metrics.find("blendd_events_pending 0"), std::string::npos) << metrics;
  desk::DeskClient intake("127.0.0.1", run.http_port(), "/api/v1/events");
  intake.send({{"type", "subscribe"}, {"token", Centre::kIntake}});
  EXPECT_TRUE(intake.wait_for("error", 5s));
  EXPECT_TRUE(test::eventually([&] { return intake.closed(); }, 5s));
}
