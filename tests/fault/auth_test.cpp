// Tokens over their whole life on a real blendd: none → 401, a viewer cannot change anything,
// an agent token opens neither the API nor another agent's desk, an expired token fails, and a
// reload that revokes tokens ends the API access, the dashboard feed and the agent's desk they
// opened at once.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "desk/desk_client.hpp"
#include "tests/support/call_centre_run.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using Centre = test::CallCentreRun;

namespace {
test::CentreSpec quiet_centre() {
  return test::centre_spec(2, 0);
}
}  // namespace

TEST(Auth, ExpiredAgentAndViewerTokensCannotDoWhatTheyMayNot) {
  Centre run(quiet_centre(), 28600);
  ASSERT_TRUE(run.up()) << run.log();
  auto r = run.api("GET", "/api/v1/figures", Centre::kExpired);
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("token 'test-expired' has expired"), std::string::npos) << r.body;
  EXPECT_EQ(run.api("GET", "/metrics", Centre::kExpired).status, 401);
  EXPECT_EQ(run.api("GET", "/api/v1/figures", "").status, 401);
  EXPECT_EQ(run.api("PUT", "/api/v1/groups/sales/thresholds", Centre::kViewer,
                    R"({"start":0.5,"stop":0.4,"reserve_agents":1})")
                .status,
            403);
  // An agent's desk token is no API token, and opens only its own agent's desk.
  EXPECT_EQ(run.api("GET", "/api/v1/figures", run.agent_token(0)).status, 401);
  EXPECT_EQ(run.api("POST", "/api/v1/campaigns/spring/pause", run.agent_token(0)).status, 401);
  desk::DeskClient d("127.0.0.1", run.http_port());
  d.login(run.agent_id(1), run.agent_token(0));
  EXPECT_TRUE(d.wait_for("error", 5s));
  EXPECT_TRUE(test::eventually([&] { return d.closed(); }, 5s));
  EXPECT_EQ(d.close_code(), 4003);
  // The expired token cannot open the dashboard feed either.
  desk::DeskClient feed("127.0.0.1", run.http_port(), "/supervisor/ws");
  feed.send_text(std::string(R"({"type":"auth","token":")") + Centre::kExpired + "\"}");
  EXPECT_TRUE(test::eventually([&] { return feed.closed(); }, 5s));
  EXPECT_EQ(feed.close_code(), 4003);
}

TEST(Auth, ARevokingReloadEndsApiAccessTheFeedAndTheDeskAtOnce) {
  Centre run(quiet_centre(), 28610);
  ASSERT_TRUE(run.up()) << run.log();
  ASSERT_EQ(run.api("GET", "/api/v1/figures", Centre::kSupervisor).status, 200);
  desk::DeskClient feed("127.0.0.1", run.http_port(), "/supervisor/ws");
  feed.send_text(std::string(R"({"type":"auth","token":")") + Centre::kSupervisor + "\"}");
  ASSERT_TRUE(test::eventually([&] { return !feed.history().empty(); }, 5s)) << "figures arrive";
  auto a01_desk = run.logged_in_desk(0);
  ASSERT_TRUE(a01_desk) << run.log();
  auto& a01 = *a01_desk;
  auto a02_desk = run.logged_in_desk(1);
  ASSERT_TRUE(a02_desk) << run.log();
  auto& a02 = *a02_desk;
  run.revoke_tokens();
  EXPECT_TRUE(test::eventually([&] { return a01.closed(); }, 3s)) << run.log();
  EXPECT_EQ(a01.close_code(), 4004);
  EXPECT_TRUE(test::eventually([&] { return feed.closed(); }, 3s));
  EXPECT_EQ(feed.close_code(), 4003);
  EXPECT_EQ(run.api("GET", "/api/v1/figures", Centre::kSupervisor).status, 401);
  EXPECT_EQ(run.api("GET", "/api/v1/figures", Centre::kAdmin).status, 200);
  EXPECT_FALSE(a02.closed()) << "the other agent's desk is untouched";
  // a01 is logged out and cannot log in again with the old token.
  EXPECT_TRUE(test::eventually(
      [&] {
        const auto figures = run.figures();
        if (!figures.contains("agents")) return false;
        for (const auto& a : figures.at("agents").as_array())
          if (a.at("id").as_string() == "a01") return a.at("state").as_string() == "logged_out";
        return false;
      },
      3s));
  desk::DeskClient again("127.0.0.1", run.http_port());
  again.login(run.agent_id(0), run.agent_token(0));
  EXPECT_TRUE(test::eventually([&] { return again.closed(); }, 5s));
  EXPECT_EQ(again.close_code(), 4003);
}
