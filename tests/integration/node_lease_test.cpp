// The lease two nodes contend for, on a real redis-server: one holder at a time, a larger epoch
// at every takeover, renewals by the holder only, expiry and a clean hand-back.
#include "queue/node_lease.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <optional>
#include <thread>

#include "tests/support/redis_server_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

class NodeLeaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    queue::RedisClient::Options o;
    std::string reason;
    queue::parse_redis_url(server_.url(), o.endpoint, reason);
    o.command_timeout = 5s;
    client_ = std::make_unique<queue::RedisClient>(io_, o);
    client_->start();
    run_until([&] { return client_->connected(); });
  }

  template <class Pred>
  void run_until(Pred pred) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!pred() && std::chrono::steady_clock::now() < deadline) {
      io_.run_for(2ms);
      if (io_.stopped()) io_.restart();
    }
    ASSERT_TRUE(pred());
  }

  policy::LeaseAnswer ask(queue::NodeLease& lease) {
    std::optional<policy::LeaseAnswer> got;
    lease.acquire_or_renew([&](std::error_code ec, policy::LeaseAnswer a) {
      EXPECT_FALSE(ec) << ec.message();
      got = a;
    });
    run_until([&] { return got.has_value(); });
    return got.value_or(policy::LeaseAnswer{});
  }

  test::RedisServerProcess server_;
  boost::asio::io_context io_;
  std::unique_ptr<queue::RedisClient> client_;
};

}  // namespace

TEST_F(NodeLeaseTest, OneHolderAtATimeAndOnlyItRenews) {
  queue::NodeLease a(*client_, "centre", "node-a", 3000ms);
  queue::NodeLease b(*client_, "centre", "node-b", 3000ms);
  const auto first = ask(a);
  EXPECT_TRUE(first.granted);
  EXPECT_EQ(first.epoch, 1u);
  const auto other = ask(b);
  EXPECT_FALSE(other.granted);
  EXPECT_EQ(other.holder, "node-a");
  EXPECT_EQ(other.epoch, 1u);
  const auto renewed = ask(a);
  EXPECT_TRUE(renewed.granted);
  EXPECT_EQ(renewed.epoch, 1u) << "a renewal keeps the epoch";
}

TEST_F(NodeLeaseTest, AnExpiredLeaseGoesToTheNextNodeWithALargerEpoch) {
  queue::NodeLease a(*client_, "centre", "node-a", 300ms);
  queue::NodeLease b(*client_, "centre", "node-b", 300ms);
  ASSERT_TRUE(ask(a).granted);
  std::this_thread::sleep_for(400ms);  // node-a is paused past its lease
  const auto taken = ask(b);
  EXPECT_TRUE(taken.granted);
  EXPECT_EQ(taken.epoch, 2u);
  const auto woke = ask(a);  // node-a wakes and tries to renew
  EXPECT_FALSE(woke.granted);
  EXPECT_EQ(woke.holder, "node-b");
  EXPECT_EQ(woke.epoch, 2u);
}

TEST_F(NodeLeaseTest, AReleaseHandsItBackOnlyByItsHolder) {
  queue::NodeLease a(*client_, "centre", "node-a", 3000ms);
  queue::NodeLease b(*client_, "centre", "node-b", 3000ms);
  ASSERT_TRUE(ask(a).granted);
  std::optional<std::error_code> released;
  b.release([&](std::error_code ec) { released = ec; });  // not its lease: nothing happens
  run_until([&] { return released.has_value(); });
  EXPECT_FALSE(ask(b).granted);
  released.reset();
  a.release([&](std::error_code ec) { released = ec; });
  run_until([&] { return released.has_value(); });
  const auto next = ask(b);
  EXPECT_TRUE(next.granted) << "no wait for the expiry after a clean stop";
  EXPECT_EQ(next.epoch, 2u);
}

TEST_F(NodeLeaseTest, TheLeadershipFollowsTheStoresAnswers) {
  // The two together as a node runs them: the node fences itself by its own clock.
  queue::NodeLease a(*client_, "centre", "node-a", 3000ms);
  policy::Leadership leader({});
  const policy::TimePoint t0{};
  ASSERT_TRUE(leader.request_sent(t0));
  leader.answered(ask(a), t0 + 10ms);
  EXPECT_TRUE(leader.may_act(t0 + 10ms));
  EXPECT_EQ(leader.epoch(), 1u);
  EXPECT_FALSE(leader.may_act(t0 + 2500ms));
}
