// blendd SIGKILLed with calls in progress and restarted on the same state: every attempt it left
// open is reconciled to review (never redialled automatically), every result acknowledged before
// the kill is stored, and no customer is dialled twice — before or after the restart.
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
}  // namespace

TEST(KillRestart, OpenAttemptsAreReconciledAndNobodyIsDialledTwice) {
  test::CentreSpec spec;
  spec.agents = 30;
  spec.targets = 2000;
  spec.talk_ms = 3000;
  test::CallCentreRun run(spec, 28400);
  ASSERT_TRUE(run.up()) << run.log();
  std::multiset<std::string> dialled;  // numbers offered to agents, across both runs
  int acknowledged = 0;
  {
    auto bots = run.start_agents(spec.agents, 50ms);
    ASSERT_TRUE(test::eventually(
        [&] {
          const auto f = run.figures();
          return !f.empty() && f.at("calls_active").to_number<int>() >= 20;
        },
        30s))
        << run.log();
    std::this_thread::sleep_for(2s);  // some calls end and are registered, many are in progress
    const std::string open_before = run.redis({"ZCARD", "{c:spring}:leases"});
    ASSERT_TRUE(run.kill_and_restart()) << run.log();
    for (const auto& b : bots) {
      acknowledged += b->calls() - b->submit_errors();
      for (const auto& c : b->handled()) dialled.insert(c.number);
    }
    EXPECT_GT(std::stoi("0" + open_before), 0) << "attempts were open when blendd died";
  }
  // Every attempt the dead process left open went to review; none is due again.
  EXPECT_TRUE(test::eventually(
      [&] {
        return run.redis({"ZCARD", "{c:spring}:leases"}) == "0";
      },
      10s));
  const auto review = lines_of(run.redis({"HKEYS", "{c:spring}:review"}));
  EXPECT_FALSE(review.empty());
  for (const auto& number : review) {
    EXPECT_EQ(run.redis({"ZSCORE", "{c:spring}:due", number}), "")
        << number << " would be redialled";
  }
  // Results acknowledged before the kill survived it (AOF).
  EXPECT_GE(std::stoi("0" + run.redis({"XLEN", "{c:spring}:results"})), acknowledged);
  // The restarted blendd dials on — never a number from review, never one dialled before.
  {
    auto bots = run.start_agents(spec.agents, 50ms);
    std::this_thread::sleep_for(8s);
    for (const auto& b : bots) {
      for (const auto& c : b->handled()) {
        EXPECT_EQ(review.count(c.number), 0u) << c.number << " was in review";
        dialled.insert(c.number);
      }
    }
  }
  const std::set<std::string> distinct(dialled.begin(), dialled.end());
  EXPECT_EQ(distinct.size(), dialled.size()) << "a customer was dialled twice";
  EXPECT_GT(dialled.size(), 30u);
}
