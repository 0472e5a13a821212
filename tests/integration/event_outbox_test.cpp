// The CTI events' outbox in a real redis-server: events reach the stream `events` in the order
// they happened, numbered per call (a call's numbering ends with its last event); through an
// outage they wait and then go in the same order, none lost, none twice.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "daemon/integrations/event_outbox.hpp"
#include "queue/redis_client.hpp"
#include "tests/support/io_wait.hpp"
#include "tests/support/redis_server_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using daemon::CtiEvent;
using daemon::EventOutbox;

namespace {

class EventOutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    queue::RedisClient::Options o;
    std::string reason;
    queue::parse_redis_url(server_.url(), o.endpoint, reason);
    o.command_timeout = 1s;
    client_ = std::make_unique<queue::RedisClient>(io_, o);
    client_->start();
    ASSERT_TRUE(run_until([&] { return client_->connected(); }));
  }
  template <class Pred>
  bool run_until(Pred pred, std::chrono::milliseconds limit = 20s) {
    return test::run_io_until(io_, pred, limit);
  }
  // Every event in the stream as "type call seq", oldest first.
  std::vector<std::string> stream() {
    std::vector<std::string> out;
    bool done = false;
    client_->command({"XRANGE", EventOutbox::kStream, "-", "+"}, [&](queue::RedisReply r) {
      for (const auto& item : r.value.elements) {
        std::map<std::string, std::string> f;
        const auto& kv = item.elements[1].elements;
        for (std::size_t i = 0; i + 1 < kv.size(); i += 2) f[kv[i].str] = kv[i + 1].str;
        out.push_back(f["type"] + " " + f["call"] + " " + f["seq"]);
      }
      done = true;
    });
    run_until([&] { return done; });
    return out;
  }
  static CtiEvent event(const std::string& type, const std::string& call, bool last = false) {
    return CtiEvent{type, 1781085600000, call, 0, R"({"agent":"a01"})", last};
  }

  boost::asio::io_context io_;
  test::RedisServerProcess server_;
  std::unique_ptr<queue::RedisClient> client_;
};

}  // namespace

TEST_F(EventOutboxTest, EventsReachTheStreamInOrderNumberedPerCall) {
  EventOutbox outbox(*client_, 1000, 1000);
  outbox.append(event("call.answered", "7"));
  outbox.append(event("agent.state", ""));
  outbox.append(event("call.offered", "7"));
  outbox.append(event("call.queued", "9"));
  outbox.append(event("call.ended", "7", true));
  outbox.append(event("call.offered", "7"));  // a new call that reuses the id starts again
  ASSERT_TRUE(run_until([&] { return outbox.counters().appended == 6; }))
      << outbox.counters().pending;
  EXPECT_EQ(stream(),
            (std::vector<std::string>{"call.answered 7 1", "agent.state  0", "call.offered 7 2",
                                      "call.queued 9 1", "call.ended 7 3", "call.offered 7 1"}));
}

TEST_F(EventOutboxTest, ThroughAnOutageEventsWaitAndGoInOrderNoneLostNoneTwice) {
  EventOutbox outbox(*client_, 1000, 1000);
  outbox.append(event("call.answered", "1"));
  ASSERT_TRUE(run_until([&] { return outbox.counters().appended == 1; }));
  server_.kill();
  for (int i = 0; i < 5; ++i) outbox.append(event("agent.state", ""));
  run_until([] { return false; }, 2s);  // the first XADD fails; the rest wait behind it
  EXPECT_EQ(outbox.counters().appended, 1u);
  EXPECT_EQ(outbox.counters().pending, 5u);
  server_.start();
  ASSERT_TRUE(run_until([&] { return client_->connected(); }));
  outbox.append(event("call.ended", "1", true));
  outbox.retry_unwritten();
  ASSERT_TRUE(run_until([&] { return outbox.counters().pending == 0; }));
  auto all = stream();
  // What the killed server kept of before the outage depends on its persistence; everything
  // after it came in order, once.
  ASSERT_GE(all.size(), 6u) << testing::PrintToString(all);
  all.erase(all.begin(), all.end() - 6);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(all[i], "agent.state  0");
  EXPECT_EQ(all[5], "call.ended 1 2");
  EXPECT_EQ(outbox.counters().dropped, 0u);
}

TEST_F(EventOutboxTest, AFullOutboxDropsTheOldestAndCountsThem) {
  server_.kill();
  EventOutbox outbox(*client_, 1000, 3);
  for (int i = 0; i < 5; ++i) outbox.append(event("agent.state", ""));
  EXPECT_EQ(outbox.counters().pending, 3u);
  EXPECT_EQ(outbox.counters().dropped, 2u);
}
