// RedisClient against a real redis-server: commands, pipelining, reconnect, deadlines.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "queue/redis_client.hpp"
#include "tests/support/redis_server_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

class RedisClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    queue::RedisClient::Options o;
    std::string reason;
    ASSERT_TRUE(queue::parse_redis_url(server_.url(), o.endpoint, reason)) << reason;
    o.command_timeout = 300ms;
    client_ = std::make_unique<queue::RedisClient>(io_, o);
    client_->start();
    ASSERT_TRUE(run_until([&] { return client_->connected(); }, 3s));
  }

  template <class Pred>
  bool run_until(Pred pred, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!pred() && std::chrono::steady_clock::now() < deadline) {
      io_.run_for(5ms);
      if (io_.stopped()) io_.restart();
    }
    return pred();
  }

  queue::RedisReply call(std::vector<std::string> argv) {
    std::optional<queue::RedisReply> reply;
    client_->command(std::move(argv), [&](queue::RedisReply r) { reply = std::move(r); });
    EXPECT_TRUE(run_until([&] { return reply.has_value(); }, 5s));
    return reply.value_or(queue::RedisReply{});
  }

  test::RedisServerProcess server_;
  boost::asio::io_context io_;
  std::unique_ptr<queue::RedisClient> client_;
};

}  // namespace

TEST_F(RedisClientTest, CommandsReturnTypedReplies) {
  auto r = call({"SET", "k", std::string("bin\0ary", 7)});
  ASSERT_TRUE(r.ok()) << r.error.message();
  EXPECT_EQ(r.value.type, queue::RedisValue::Type::status);
  EXPECT_EQ(r.value.str, "OK");

  r = call({"GET", "k"});
  EXPECT_EQ(r.value.str, std::string("bin\0ary", 7));  // argv is binary-safe
  EXPECT_TRUE(call({"GET", "missing"}).value.is_nil());
  EXPECT_EQ(call({"INCRBY", "n", "41"}).value.integer, 41);

  call({"RPUSH", "l", "a", "b"});
  r = call({"LRANGE", "l", "0", "-1"});
  ASSERT_EQ(r.value.elements.size(), 2u);
  EXPECT_EQ(r.value.elements[1].str, "b");

  r = call({"NOSUCHCOMMAND"});
  EXPECT_EQ(r.error, queue::RedisErrc::server_error);
  EXPECT_NE(r.value.str.find("unknown command"), std::string::npos);
}

TEST_F(RedisClientTest, PipelinedCommandsAllAnswerInOrder) {
  constexpr int kCount = 5000;
  std::vector<long long> seen;
  for (int i = 0; i < kCount; ++i) {
    client_->command({"INCR", "counter"}, [&](queue::RedisReply r) {
      ASSERT_TRUE(r.ok());
      seen.push_back(r.value.integer);
    });
  }
  ASSERT_TRUE(run_until([&] { return seen.size() == kCount; }, 10s));
  for (int i = 0; i < kCount; ++i) ASSERT_EQ(seen[i], i + 1);
  EXPECT_EQ(client_->in_flight(), 0u);
}

TEST_F(RedisClientTest, ReconnectsAfterServerRestart) {
  ASSERT_TRUE(call({"SET", "before", "1"}).ok());
  server_.restart();
  ASSERT_TRUE(run_until([&] { return !client_->connected(); }, 3s));
  ASSERT_TRUE(run_until([&] { return client_->connected(); }, 5s));
  EXPECT_GE(client_->reconnects(), 1u);
  auto r = call({"PING"});
  ASSERT_TRUE(r.ok()) << r.error.message();
  EXPECT_EQ(r.value.str, "PONG");
}

TEST_F(RedisClientTest, InFlightCommandFailsWhenServerDies) {
  server_.pause();
  std::optional<queue::RedisReply> reply;
  client_->command({"PING"}, [&](queue::RedisReply r) { reply = std::move(r); });
  io_.run_for(20ms);
  server_.kill();
  ASSERT_TRUE(run_until([&] { return reply.has_value(); }, 3s));
  // Either the loss was seen first or the deadline: never a fake success.
  EXPECT_TRUE(reply->error == queue::RedisErrc::connection_lost ||
              reply->error == queue::RedisErrc::timeout)
      << reply->error.message();
  server_.start();
}

TEST_F(RedisClientTest, DeadlineFiresWhenServerIsStopped) {
  server_.pause();
  const auto start = std::chrono::steady_clock::now();
  auto r = call({"PING"});
  const auto waited = std::chrono::steady_clock::now() - start;
  server_.resume();
  EXPECT_EQ(r.error, queue::RedisErrc::timeout);
  EXPECT_GE(waited, 300ms);
  // The late reply to the timed-out command is dropped, and the connection still works.
  ASSERT_TRUE(call({"PING"}).ok());
  EXPECT_EQ(client_->in_flight(), 0u);
}

TEST_F(RedisClientTest, AConnectedServerThatStopsAnsweringIsDroppedAndReconnected) {
  server_.pause();
  std::optional<queue::RedisReply> reply;
  client_->command({"PING"}, [&](queue::RedisReply r) { reply = std::move(r); });
  // Three deadlines without any answer: the connection is given up, not waited on for ever.
  ASSERT_TRUE(run_until([&] { return !client_->connected(); }, 5s));
  EXPECT_EQ(client_->dropped_unanswering(), 1u);
  EXPECT_EQ(reply->error, queue::RedisErrc::timeout);
  server_.resume();
  ASSERT_TRUE(run_until([&] { return client_->connected(); }, 5s));
  EXPECT_TRUE(call({"PING"}).ok());
  EXPECT_GE(client_->reconnects(), 1u);
}

TEST_F(RedisClientTest, CommandsWaitForAConnectionWithinTheirDeadline) {
  server_.kill();
  ASSERT_TRUE(run_until([&] { return !client_->connected(); }, 3s));
  std::optional<queue::RedisReply> reply;
  client_->command({"PING"}, [&](queue::RedisReply r) { reply = std::move(r); });
  ASSERT_TRUE(run_until([&] { return reply.has_value(); }, 3s));
  EXPECT_EQ(reply->error, queue::RedisErrc::timeout);  // nobody answered: a clear error

  server_.start();
  ASSERT_TRUE(run_until([&] { return client_->connected(); }, 5s));
  EXPECT_TRUE(call({"PING"}).ok());
}

TEST_F(RedisClientTest, StopFailsPendingCommands) {
  server_.pause();
  std::optional<queue::RedisReply> reply;
  client_->command({"PING"}, [&](queue::RedisReply r) { reply = std::move(r); });
  io_.run_for(10ms);
  client_->stop();
  ASSERT_TRUE(run_until([&] { return reply.has_value(); }, 1s));
  EXPECT_FALSE(reply->ok());
  server_.resume();
}
