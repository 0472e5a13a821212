// A dialling process SIGKILLed in the middle of claiming: after reconciliation and a restart no
// target is dialled twice and every target is accounted for.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/asio/io_context.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "queue/target_store.hpp"
#include "tests/support/redis_server_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {
std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::set<std::string> numbers_claimed(const std::string& log) {
  std::set<std::string> out;
  std::istringstream in(log);
  std::string word, id, number;
  while (in >> word) {
    if (word == "CLAIM" && in >> id >> number) {
      EXPECT_TRUE(out.insert(number).second) << number << " claimed twice by one worker";
    }
  }
  return out;
}
}  // namespace

TEST(StoreCrash, KilledClaimerNeverCausesADoubleDialAndLosesNothing) {
  test::RedisServerProcess server;
  test::TempDir dir;
  boost::asio::io_context io;
  queue::RedisClient::Options o;
  std::string reason;
  queue::parse_redis_url(server.url(), o.endpoint, reason);
  queue::RedisClient redis(io, o);
  redis.start();
  auto run_until = [&](auto pred) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (!pred() && std::chrono::steady_clock::now() < deadline) io.run_for(5ms);
    return pred();
  };
  ASSERT_TRUE(run_until([&] { return redis.connected(); }));
  queue::TargetStore store(redis, "setup");
  const int kTargets = 20000;
  std::vector<queue::ImportItem> items;
  int stored = 0;
  for (int i = 0; i < kTargets; ++i) {
    queue::StoredTarget t;
    t.number = "+4930" + std::to_string(3000000 + i);
    items.push_back({t.number, t.encode(), std::to_string(now_ms() - 1000)});
    if (items.size() == 500) {
      store.import_batch("crash", true, "", items,
                         [&](std::error_code ec, auto) { stored += !ec; });
      items.clear();
    }
  }
  ASSERT_TRUE(run_until([&] { return stored == kTargets / 500; }));

  // Worker A dials until it is killed mid-flight.
  test::ChildProcess a({CLAIM_WORKER, server.url(), "crash", "worker-a", "400"}, dir.file("a.log"));
  ASSERT_TRUE(test::eventually([&] { return numbers_claimed(a.log()).size() > 3000; }, 30s));
  a.signal(SIGKILL);
  a.wait(5s);
  const auto by_a = numbers_claimed(a.log());

  // Its leases run out; reconciliation moves its unfinished attempts to review.
  std::this_thread::sleep_for(500ms);
  std::optional<std::vector<std::pair<std::string, std::string>>> reconciled;
  store.reconcile("crash", now_ms(), now_ms(), [&](std::error_code, auto r) { reconciled = r; });
  ASSERT_TRUE(run_until([&] { return reconciled.has_value(); }));

  // Worker B finishes the campaign.
  test::ChildProcess b({CLAIM_WORKER, server.url(), "crash", "worker-b", "400"}, dir.file("b.log"));
  ASSERT_EQ(b.wait(60s), 0) << b.log();
  ASSERT_NE(b.log().find("EMPTY"), std::string::npos);
  const auto by_b = numbers_claimed(b.log());

  std::set<std::string> review;
  for (auto& [id, number] : *reconciled) review.insert(number);
  for (const auto& n : by_b) {
    EXPECT_EQ(by_a.count(n), 0u) << n << " dialled by both workers";
    EXPECT_EQ(review.count(n), 0u) << n << " redialled although its outcome was unknown";
  }
  // Everything is accounted for: dialled by A, dialled by B, or in review. Claims A made but
  // never got to print are exactly the ones in review.
  std::set<std::string> all(by_a.begin(), by_a.end());
  all.insert(by_b.begin(), by_b.end());
  all.insert(review.begin(), review.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kTargets));
}
