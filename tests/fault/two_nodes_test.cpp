// Two blendd nodes on one Redis: the second waits as a standby — it neither dials nor sends the
// active's live attempts to review — and takes over when the active is killed, within the
// lease (3 s) and a second, reconciling what the dead node left open.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <iostream>

#include "tests/support/call_centre_run.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/redis_server_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {
json::object node_of(const test::CallCentreRun& run) {
  auto r = test::http_get(run.http_port(), "/healthz");
  if (r.status == 0) return {};
  auto v = json::parse(r.body);
  return v.as_object().at("node").as_object();
}
std::string role_of(const test::CallCentreRun& run) {
  auto n = node_of(run);
  return n.empty() ? std::string("(none)") : std::string(n.at("role").as_string());
}
}  // namespace

TEST(TwoNodes, TheStandbyWaitsAndTakesOverWithinTheLeaseWhenTheActiveDies) {
  test::RedisServerProcess redis;
  auto spec = test::centre_spec(2, 300, 400);
  spec.redis_url = redis.url();
  test::CallCentreRun a(spec, 29100);
  ASSERT_TRUE(a.up()) << a.log();
  ASSERT_TRUE(test::eventually([&] { return role_of(a) == "active"; }, 5s)) << a.log();
  auto bots = a.start_agents(spec.agents, 50ms);
  ASSERT_TRUE(test::eventually(
      [&] { return test::CallCentreRun::campaign_figure(a.figures(), "dials") >= 5; }, 20s))
      << a.log();

  auto standby_spec = spec;
  standby_spec.targets = 0;  // its own file adds nothing; the list is the active's
  test::CallCentreRun b(standby_spec, 29110);
  ASSERT_TRUE(b.up()) << b.log();
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(role_of(a), "active");
  EXPECT_EQ(role_of(b), "standby") << b.log();
  EXPECT_EQ(node_of(b).at("active_node"), node_of(a).at("name"));
  EXPECT_EQ(test::CallCentreRun::campaign_figure(b.figures(), "dials"), 0) << "a standby dials";
  EXPECT_EQ(a.redis({"HLEN", "{c:spring}:review"}), "0")
      << "the standby sent the active's live attempts to review";

  // The active dies with calls up: the standby is active within the lease and a second.
  const auto epoch_a = node_of(a).at("epoch").as_int64();
  a.blendd().signal(SIGKILL);
  const auto killed = std::chrono::steady_clock::now();
  ASSERT_TRUE(test::eventually([&] { return role_of(b) == "active"; }, 6s)) << b.log();
  const double takeover_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
  EXPECT_LE(takeover_s, 4.0) << "lease 3 s + 1 s";
  std::cout << "takeover after SIGKILL of the active: " << takeover_s << " s\n";
  EXPECT_GT(node_of(b).at("epoch").as_int64(), epoch_a) << "a takeover is a new epoch";
  // What the dead node left open is in review now, by the new active.
  EXPECT_TRUE(test::eventually(
      [&] {
        return a.redis({"ZCARD", "{c:spring}:leases"}) == "0";
      },
      5s))
      << a.redis({"ZCARD", "{c:spring}:leases"}) << " attempts still open\n"
      << b.log();
  bots.clear();
  auto agents = b.start_agents(1, 50ms);
  EXPECT_TRUE(test::eventually(
      [&] { return test::CallCentreRun::campaign_figure(b.figures(), "dials") >= 2; }, 20s))
      << "the new active dials\n"
      << b.log();
}
