// The history in a real redis-server: deltas added up per interval and per local day, read back
// by range, kept through an outage, dropped when the fence refuses them, expiring after the
// retention.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "config/zoneinfo.hpp"
#include "daemon/centre/history_store.hpp"
#include "queue/node_lease.hpp"
#include "queue/redis_client.hpp"
#include "queue/target_store.hpp"
#include "tests/support/redis_server_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using daemon::HistoryStore;
using policy::TallyScope;

namespace {

// 2026-06-10 in Berlin (UTC+2): local midnight is 22:00 UTC the day before.
const std::int64_t kMidnight = policy::days_from_civil(2026, 6, 10) * 86400 - 2 * 3600;

policy::TimePoint at(std::int64_t s) {
  return policy::TimePoint(std::chrono::seconds(s));
}

class HistoryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    queue::RedisClient::Options o;
    std::string reason;
    queue::parse_redis_url(server_.url(), o.endpoint, reason);
    o.command_timeout = 1s;  // the outage test's write times out soon
    client_ = std::make_unique<queue::RedisClient>(io_, o);
    client_->start();
    run_until([&] { return client_->connected(); });
    targets_ = std::make_unique<queue::TargetStore>(*client_, "test-a");
    std::string why;
    auto zone = config::load_zone("Europe/Berlin", why);
    ASSERT_TRUE(zone) << why;
    history_ = std::make_unique<HistoryStore>(*client_, "test-a", *zone, 400);
    history_->write_with([this](const std::vector<std::vector<std::string>>& commands,
                                const std::string& once, queue::RedisCallback done) {
      targets_->write_fenced_batch(commands, once, std::move(done));
    });
  }

  template <class Pred>
  bool run_until(Pred pred, std::chrono::seconds limit = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!pred() && std::chrono::steady_clock::now() < deadline) {
      io_.run_for(2ms);
      if (io_.stopped()) io_.restart();
    }
    return pred();
  }

  void flushed() {
    history_->flush();
    ASSERT_TRUE(run_until([&] { return history_->idle(); }));
  }

  std::vector<HistoryStore::Series> read(TallyScope scope, std::vector<std::string> ids,
                                         std::int64_t from, std::int64_t to,
                                         HistoryStore::Step step) {
    std::vector<HistoryStore::Series> out;
    bool done = false;
    history_->read(scope, std::move(ids), from, to, step,
                   [&](std::error_code ec, std::vector<HistoryStore::Series> s) {
                     EXPECT_FALSE(ec) << ec.message();
                     out = std::move(s);
                     done = true;
                   });
    EXPECT_TRUE(run_until([&] { return done; }));
    return out;
  }

  std::string redis(std::vector<std::string> argv) {
    std::string out;
    bool done = false;
    client_->command(std::move(argv), [&](queue::RedisReply r) {
      out = r.value.type == queue::RedisValue::Type::integer ? std::to_string(r.value.integer)
                                                             : r.value.str;
      done = true;
    });
    run_until([&] { return done; });
    return out;
  }

  test::RedisServerProcess server_;
  boost::asio::io_context io_;
  std::unique_ptr<queue::RedisClient> client_;
  std::unique_ptr<queue::TargetStore> targets_;
  std::unique_ptr<HistoryStore> history_;
};

}  // namespace

TEST_F(HistoryStoreTest, DeltasAddUpPerIntervalAndPerLocalDay) {
  policy::IntervalTally tally;
  tally.add(TallyScope::group, "sales", "in_offered", 1, at(kMidnight + 100));
  tally.add(TallyScope::group, "sales", "in_offered", 1, at(kMidnight + 1000));
  tally.add_span(TallyScope::agent, "a1", "s_idle", at(kMidnight - 300), at(kMidnight + 300));
  history_->add(tally.take());
  flushed();
  tally.add(TallyScope::group, "sales", "in_offered", 2, at(kMidnight + 200));
  history_->add(tally.take());
  flushed();
  auto intervals =
      read(TallyScope::group, {"sales"}, kMidnight, kMidnight + 3600, HistoryStore::Step::interval);
  ASSERT_EQ(intervals.size(), 1u);
  ASSERT_EQ(intervals[0].rows.size(), 4u);  // empty intervals included
  EXPECT_EQ(intervals[0].rows[0].start_s, kMidnight);
  EXPECT_DOUBLE_EQ(intervals[0].rows[0].fields["in_offered"], 3);
  EXPECT_DOUBLE_EQ(intervals[0].rows[1].fields["in_offered"], 1);
  EXPECT_TRUE(intervals[0].rows[2].fields.empty());
  // The day's rollup, by the centre's local midnight: the stay before it is yesterday's.
  auto days = read(TallyScope::agent, {"a1"}, kMidnight - 86400, kMidnight + 86400,
                   HistoryStore::Step::day);
  ASSERT_EQ(days[0].rows.size(), 2u);
  EXPECT_EQ(days[0].rows[1].start_s, kMidnight);
  EXPECT_DOUBLE_EQ(days[0].rows[0].fields["s_idle"], 300);
  EXPECT_DOUBLE_EQ(days[0].rows[1].fields["s_idle"], 300);
  auto group_day =
      read(TallyScope::group, {"sales"}, kMidnight, kMidnight + 86400, HistoryStore::Step::day);
  EXPECT_DOUBLE_EQ(group_day[0].rows[0].fields["in_offered"], 4);
  // Every key expires after the retention (the day's a day later); ids are listed.
  const auto ttl =
      std::stoll(redis({"TTL", HistoryStore::key(TallyScope::group, "sales", kMidnight)}));
  EXPECT_GT(ttl, 0);
  const auto expire_at =
      std::stoll(redis({"EXPIRETIME", HistoryStore::key(TallyScope::group, "sales", kMidnight)}));
  EXPECT_EQ(expire_at, kMidnight + 400 * 86400);
  EXPECT_EQ(std::stoll(redis(
                {"EXPIRETIME", HistoryStore::day_key(TallyScope::group, "sales", kMidnight)})),
            kMidnight + 401 * 86400);
  std::vector<std::string> ids;
  history_->ids(TallyScope::agent, [&](std::error_code, std::vector<std::string> v) { ids = v; });
  ASSERT_TRUE(run_until([&] { return !ids.empty(); }));
  EXPECT_EQ(ids, std::vector<std::string>{"a1"});
}

// Hours are the centre's local hours (in Kolkata, UTC+5:30, they start at half past UTC hours),
// read from the hour rollups — and summed from the intervals for hours older than the rollups
// (history written before they existed).
TEST_F(HistoryStoreTest, HoursAreLocalAndReadFromTheirRollupsOrFromOlderIntervals) {
  std::string why;
  auto zone = config::load_zone("Asia/Kolkata", why);
  ASSERT_TRUE(zone) << why;
  history_->set_zone(*zone);
  // Local midnight of 2026-06-10 in Kolkata is 18:30 UTC the day before.
  const std::int64_t midnight = policy::days_from_civil(2026, 6, 10) * 86400 - 5 * 3600 - 1800;
  EXPECT_EQ(history_->hour_start(midnight + 3600 + 1799), midnight + 3600);
  // An older version's interval, with no hour rollup (00:15 local).
  redis({"HINCRBYFLOAT", HistoryStore::key(TallyScope::group, "sales", midnight + 900),
         "in_offered", "5"});
  policy::IntervalTally tally;
  tally.add(TallyScope::group, "sales", "in_offered", 1, at(midnight + 1000));         // 00:16
  tally.add(TallyScope::group, "sales", "in_offered", 2, at(midnight + 3600 + 10));    // 01:00
  tally.add(TallyScope::group, "sales", "in_offered", 4, at(midnight + 7200 + 2700));  // 02:45
  history_->add(tally.take());
  flushed();
  // The first hour this store wrote may hold older counts: rollups count from the next one.
  EXPECT_EQ(redis({"GET", HistoryStore::kHoursFromKey}), std::to_string(midnight + 3600));
  EXPECT_EQ(redis({"HGET", HistoryStore::hour_key(TallyScope::group, "sales", midnight + 7200),
                   "in_offered"}),
            "4");
  // A rollup is what is read for its hour: changing it changes the report.
  redis({"HSET", HistoryStore::hour_key(TallyScope::group, "sales", midnight + 3600), "in_offered",
         "20"});
  auto hours =
      read(TallyScope::group, {"sales"}, midnight, midnight + 3 * 3600, HistoryStore::Step::hour);
  ASSERT_EQ(hours.size(), 1u);
  ASSERT_EQ(hours[0].rows.size(), 3u);
  EXPECT_EQ(hours[0].rows[0].start_s, midnight);
  EXPECT_EQ(hours[0].rows[2].start_s, midnight + 7200);
  EXPECT_DOUBLE_EQ(hours[0].rows[0].fields["in_offered"], 6);  // from its intervals: 5 + 1
  EXPECT_DOUBLE_EQ(hours[0].rows[1].fields["in_offered"], 20);
  EXPECT_DOUBLE_EQ(hours[0].rows[2].fields["in_offered"], 4);
  // Hour rollups expire an hour after their last interval.
  EXPECT_EQ(std::stoll(redis({"EXPIRETIME", HistoryStore::hour_key(TallyScope::group, "sales",
                                                                   midnight + 7200)})),
            midnight + 7200 + 400 * 86400 + 3600);
}

TEST_F(HistoryStoreTest, WhatRedisDidNotTakeIsWrittenOnceItAnswers) {
  policy::IntervalTally tally;
  tally.add(TallyScope::campaign, "spring", "dials", 5, at(kMidnight + 10));
  history_->add(tally.take());
  server_.pause();
  history_->flush();
  ASSERT_TRUE(run_until([&] { return history_->idle() || !client_->connected(); }, 10s));
  run_until([&] { return false; }, 1s);  // the write's deadline passes
  server_.resume();
  ASSERT_TRUE(run_until([&] { return client_->connected(); }));
  tally.add(TallyScope::campaign, "spring", "dials", 2, at(kMidnight + 20));
  history_->add(tally.take());
  // The first flush after the outage may still find the failed batch in flight; the next sends.
  for (int i = 0; i < 5; ++i) {
    history_->flush();
    run_until([&] { return history_->idle(); }, 2s);
  }
  auto rows = read(TallyScope::campaign, {"spring"}, kMidnight, kMidnight + 900,
                   HistoryStore::Step::interval);
  EXPECT_DOUBLE_EQ(rows[0].rows[0].fields["dials"], 7) << "nothing lost, nothing counted twice";
}

TEST_F(HistoryStoreTest, AWriteTheFenceRefusesIsDroppedNotRetried) {
  redis({"HSET", queue::NodeLease::key("centre"), "epoch", "8", "node", "other"});
  targets_->fence_with(queue::NodeLease::key("centre"), 7);  // a stale epoch
  policy::IntervalTally tally;
  tally.add(TallyScope::group, "sales", "in_offered", 1, at(kMidnight));
  history_->add(tally.take());
  flushed();
  EXPECT_EQ(history_->fenced_dropped(), 1u);
  flushed();
  EXPECT_EQ(redis({"EXISTS", HistoryStore::key(TallyScope::group, "sales", kMidnight)}), "0");
  EXPECT_EQ(history_->fenced_dropped(), 1u) << "dropped, not sent again";
}
