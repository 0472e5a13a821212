// blendd SIGKILLed with 200 calls up and restarted on the same state: every attempt it left
// open is reconciled to review (never redialled automatically), every result acknowledged before
// the kill is stored, agent states left by the dead process expire with their lease, and no
// customer is dialled twice — checked against the trunk's own sipp message trace, whose every
// INVITE has its attempt on record.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <sstream>

#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

std::set<std::string> lines_of(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.insert(line);
  return out;
}

// Numbers with an attempt on record: an outcome counted in the target's record
// (`{c:X}:targets`: number → attempts␟…), an attempt still open (`{c:X}:attempts`: id →
// number␟…), or one reconciled to review.
std::set<std::string> recorded_numbers(const test::CallCentreRun& run) {
  std::set<std::string> numbers = lines_of(run.redis({"HKEYS", "{c:spring}:review"}));
  std::istringstream targets(run.redis({"HGETALL", "{c:spring}:targets"}));
  for (std::string number, record;
       std::getline(targets, number) && std::getline(targets, record);) {
    if (std::atoi(record.substr(0, record.find('\x1f')).c_str()) >= 1) numbers.insert(number);
  }
  std::istringstream open(run.redis({"HVALS", "{c:spring}:attempts"}));
  for (std::string line; std::getline(open, line);) {
    const auto sep = line.find('\x1f');
    if (sep != std::string::npos) numbers.insert(line.substr(0, sep));
  }
  return numbers;
}

}  // namespace

TEST(KillRestart, TwoHundredCallsUpOpenAttemptsReconciledNobodyDialledTwice) {
  auto spec = test::centre_spec(200, 4000, 4000);
  test::CallCentreRun run(spec, 28400);
  ASSERT_TRUE(run.up()) << run.log();
  int acknowledged = 0;
  {
    auto bots = run.start_agents(spec.agents, 50ms);
    ASSERT_TRUE(test::eventually(
        [&] {
          const auto f = run.figures();
          return !f.empty() && f.at("calls_active").to_number<int>() >= 200;
        },
        60s))
        << run.log();
    const std::string open_before = run.redis({"ZCARD", "{c:spring}:leases"});
    ASSERT_TRUE(run.kill_and_restart()) << run.log();
    for (const auto& b : bots) acknowledged += b->calls() - b->submit_errors();
    EXPECT_GE(std::stoi("0" + open_before), 200) << "attempts were open when blendd died";
  }
  // Agent states the dead process mirrored expire with their lease (30 s) at the latest.
  const long ttl = std::stol("0" + run.redis({"PTTL", "agent:" + run.agent_id(0)}));
  EXPECT_TRUE(ttl == -2 || (ttl > 0 && ttl <= 30000)) << "agent state lease " << ttl;
  // Every attempt the dead process left open went to review; none is due again.
  EXPECT_TRUE(test::eventually(
      [&] {
        return run.redis({"ZCARD", "{c:spring}:leases"}) == "0";
      },
      10s));
  const auto review = lines_of(run.redis({"HKEYS", "{c:spring}:review"}));
  EXPECT_GE(review.size(), 150u);
  for (const auto& number : review) {
    EXPECT_EQ(run.redis({"ZSCORE", "{c:spring}:due", number}), "")
        << number << " would be redialled";
  }
  // Results acknowledged before the kill survived it (AOF).
  EXPECT_GE(std::stoi("0" + run.redis({"XLEN", "{c:spring}:results"})), acknowledged);
  // The restarted blendd dials on.
  {
    auto bots = run.start_agents(spec.agents, 50ms);
    std::this_thread::sleep_for(8s);
  }
  run.stop_trunk();
  // sipp's own record: one INVITE transaction per customer across both runs, each preceded by
  // its attempt record, and none to a number under review after the restart.
  const auto dials = run.trunk_dials();
  const auto recorded = recorded_numbers(run);
  int twice = 0, unrecorded = 0;
  for (const auto& [number, call_ids] : dials) {
    if (call_ids.size() != 1) {
      ++twice;
      ADD_FAILURE() << number << " was dialled " << call_ids.size() << " times";
    }
    if (recorded.count(number) == 0) ++unrecorded;
  }
  EXPECT_EQ(twice, 0);
  EXPECT_EQ(unrecorded, 0) << "an INVITE without its attempt record";
  EXPECT_GT(dials.size(), 400u) << "both runs dialled (200 before the kill, more after)";
  std::printf("trunk saw %zu customers, %zu with an attempt on record, %zu in review\n",
              dials.size(), recorded.size(), review.size());
}
