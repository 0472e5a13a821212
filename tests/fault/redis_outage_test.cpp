// Redis stops answering (SIGSTOP) under a live blended load: new dialling stops within a second,
// inbound callers are still served, no result is acknowledged that was not stored; when Redis
// answers again dialling resumes, and no customer was ever dialled twice. Redis killed under the
// same load: blendd restarts it on its own files, and the same holds.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <set>

#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {
std::int64_t group_number(const test::CallCentreRun& run, const boost::json::object& f,
                          const char* key) {
  return run.group(f, "sales")->at(key).to_number<std::int64_t>();
}

// No customer was dialled twice, and every result an agent saw acknowledged is in Redis.
void expect_nothing_lost_or_doubled(const test::CallCentreRun& run,
                                    std::vector<std::unique_ptr<desk::AgentBot>>& bots) {
  int acknowledged = 0;
  std::multiset<std::string> outbound_numbers;
  for (const auto& b : bots) {
    acknowledged += b->calls();
    for (const auto& call : b->handled())
      if (call.direction == "outbound") outbound_numbers.insert(call.number);
  }
  const std::set<std::string> distinct(outbound_numbers.begin(), outbound_numbers.end());
  EXPECT_EQ(distinct.size(), outbound_numbers.size()) << "a customer was dialled twice";
  bots.clear();
  auto stored = [&] {
    return std::stoll("0" + run.redis({"XLEN", "{c:spring}:results"})) +
           std::stoll("0" + run.redis({"XLEN", "{c:inbound-sales}:results"}));
  };
  EXPECT_TRUE(test::eventually([&] { return stored() >= acknowledged; }, 10s))
      << stored() << " stored, " << acknowledged << " acknowledged to the agents";
}

// A live blended load: 3 agents dialling a long list with short calls, one inbound caller a
// second; redis_ is the embedded Redis's pid.
class RedisOutage : public ::testing::Test {
 protected:
  void start_load(int port) {
    auto spec = test::centre_spec(3, 400, 300);
    run_ = std::make_unique<test::CallCentreRun>(spec, port);
    ASSERT_TRUE(run_->up()) << run_->log();
    bots_ = run_->start_agents(spec.agents, 50ms);
    ASSERT_TRUE(test::eventually([&] { return dials() >= 10; }, 20s)) << run_->log();
    const auto redis = test::find_processes(run_->dir().file("state/redis"));
    ASSERT_EQ(redis.size(), 1u);
    redis_ = redis[0];
    run_->start_callers(1, 2, 400);
  }
  std::int64_t dials() const {
    return test::CallCentreRun::campaign_figure(run_->figures(), "dials");
  }

  std::unique_ptr<test::CallCentreRun> run_;
  std::vector<std::unique_ptr<desk::AgentBot>> bots_;
  pid_t redis_ = 0;
};

}  // namespace

TEST_F(RedisOutage, DiallingStopsInboundGoesOnNothingUnstoredIsAcknowledged) {
  ASSERT_NO_FATAL_FAILURE(start_load(28300));
  test::CallCentreRun& run = *run_;
  ::kill(redis_, SIGSTOP);
  // Noticed within ~0.75 s (a PING every 250 ms, 500 ms deadline) on an idle machine; the
  // sample waits 2 s so that a loaded CI machine's late timers do not count as dials.
  std::this_thread::sleep_for(2s);
  const auto f1 = run.figures();
  const auto dials_at_1s = test::CallCentreRun::campaign_figure(f1, "dials");
  const auto inbound_at_1s = group_number(run, f1, "inbound_answered");
  std::this_thread::sleep_for(4s);
  const auto f2 = run.figures();
  EXPECT_EQ(test::CallCentreRun::campaign_figure(f2, "dials"), dials_at_1s)
      << "dialled while Redis was stopped";
  EXPECT_FALSE(run.group(f2, "sales")->at("dialling").as_bool());
  EXPECT_GT(group_number(run, f2, "inbound_answered"), inbound_at_1s) << "inbound served degraded";

  ::kill(redis_, SIGCONT);
  EXPECT_TRUE(test::eventually([&] { return dials() > dials_at_1s + 3; }, 15s))
      << "dialling resumes\n"
      << run.log();
  run.stop_callers();
  // Results kept during the outage are stored afterwards.
  expect_nothing_lost_or_doubled(run, bots_);
}

TEST_F(RedisOutage, RedisKilledUnderLoadIsRestartedAndNothingAcknowledgedIsLost) {
  ASSERT_NO_FATAL_FAILURE(start_load(28320));
  test::CallCentreRun& run = *run_;
  const auto dials_before = dials();
  ::kill(redis_, SIGKILL);  // acknowledged writes are in its append-only file already
  EXPECT_TRUE(test::eventually(
      [&] {
        const auto now = test::find_processes(run.dir().file("state/redis"));
        return now.size() == 1 && now[0] != redis_;
      },
      10s))
      << "blendd restarts its Redis\n"
      << run.log();
  EXPECT_TRUE(test::eventually([&] { return dials() > dials_before + 5; }, 20s))
      << "dialling resumes on the restarted Redis\n"
      << run.log();
  run.stop_callers();
  expect_nothing_lost_or_doubled(run, bots_);
  EXPECT_TRUE(run.blendd().running());
}

TEST_F(RedisOutage, AStopWhileRepliesAreInFlightEndsCleanly) {
  // Claims, outcomes, results and PINGs queue up unanswered; blendd is told to stop, and only
  // then does Redis answer them: every reply reaches objects the stop is tearing down. The
  // sanitizer build turns a callback into a destroyed owner into a failed exit.
  ASSERT_NO_FATAL_FAILURE(start_load(28340));
  test::CallCentreRun& run = *run_;
  ::kill(redis_, SIGSTOP);
  std::this_thread::sleep_for(600ms);
  run.blendd().signal(SIGTERM);
  std::this_thread::sleep_for(200ms);
  ::kill(redis_, SIGCONT);
  const auto code = run.blendd().wait(20s);
  ASSERT_TRUE(code.has_value()) << "blendd did not stop\n" << run.log();
  EXPECT_EQ(*code, 0) << run.log();
  EXPECT_EQ(run.log().find("AddressSanitizer"), std::string::npos) << run.log();
  bots_.clear();
}
