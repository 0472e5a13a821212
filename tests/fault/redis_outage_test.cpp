// Redis stops answering (SIGSTOP) under a live blended load: new dialling stops within a second,
// inbound callers are still served, no result is acknowledged that was not stored; when Redis
// answers again dialling resumes, and no customer was ever dialled twice.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <set>

#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {
std::int64_t campaign_number(const boost::json::object& f, const char* key) {
  return f.at("campaigns").as_array().at(0).as_object().at(key).to_number<std::int64_t>();
}
std::int64_t group_number(const test::CallCentreRun& run, const boost::json::object& f,
                          const char* key) {
  return run.group(f, "sales")->at(key).to_number<std::int64_t>();
}
}  // namespace

TEST(RedisOutage, DiallingStopsInboundGoesOnNothingUnstoredIsAcknowledged) {
  test::CentreSpec spec;
  spec.agents = 3;
  spec.targets = 400;
  spec.talk_ms = 300;
  test::CallCentreRun run(spec, 28300);
  ASSERT_TRUE(run.up()) << run.log();
  auto bots = run.start_agents(spec.agents, 50ms);
  ASSERT_TRUE(test::eventually([&] { return campaign_number(run.figures(), "dials") >= 10; }, 20s))
      << run.log();
  const auto redis = test::find_processes(run.dir().file("state/redis"));
  ASSERT_EQ(redis.size(), 1u);
  run.start_callers(1, 2, 400);  // one caller a second

  ::kill(redis[0], SIGSTOP);
  std::this_thread::sleep_for(1s);
  const auto f1 = run.figures();
  const auto dials_at_1s = campaign_number(f1, "dials");
  const auto inbound_at_1s = group_number(run, f1, "inbound_answered");
  std::this_thread::sleep_for(4s);
  const auto f2 = run.figures();
  EXPECT_EQ(campaign_number(f2, "dials"), dials_at_1s) << "dialled while Redis was stopped";
  EXPECT_FALSE(run.group(f2, "sales")->at("dialling").as_bool());
  EXPECT_GT(group_number(run, f2, "inbound_answered"), inbound_at_1s) << "inbound served degraded";
  int acknowledged_before = 0;
  for (const auto& b : bots) acknowledged_before += b->calls();

  ::kill(redis[0], SIGCONT);
  EXPECT_TRUE(test::eventually(
      [&] { return campaign_number(run.figures(), "dials") > dials_at_1s + 3; }, 15s))
      << "dialling resumes\n"
      << run.log();
  run.stop_callers();
  int acknowledged = 0;
  std::multiset<std::string> outbound_numbers;
  for (const auto& b : bots) {
    acknowledged += b->calls();
    for (const auto& call : b->handled())
      if (call.direction == "outbound") outbound_numbers.insert(call.number);
  }
  const std::set<std::string> distinct(outbound_numbers.begin(), outbound_numbers.end());
  EXPECT_EQ(distinct.size(), outbound_numbers.size()) << "a customer was dialled twice";
  // Every acknowledged result is in Redis (results are acknowledged only once stored).
  bots.clear();
  auto stored = [&] {
    return std::stoll("0" + run.redis({"XLEN", "{c:spring}:results"})) +
           std::stoll("0" + run.redis({"XLEN", "{c:inbound-sales}:results"}));
  };
  EXPECT_TRUE(test::eventually([&] { return stored() >= acknowledged; }, 10s))
      << stored() << " stored, " << acknowledged << " submitted (" << acknowledged_before
      << " before Redis came back): results kept during the outage are stored afterwards";
}
