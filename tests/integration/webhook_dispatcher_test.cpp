// A webhook's deliveries from a real redis-server's event stream to a loopback receiver: every
// event once per id, in order, signed; through a receiver outage and a restart of the dispatcher
// nothing is lost or sent twice; a failing receiver's events end in the dead letters after their
// max age and come back with a replay; a refusal is dead-lettered at once; redirects are not
// followed; TLS is checked against the CA given; a standby delivers nothing.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <set>

#include "daemon/integrations/event_outbox.hpp"
#include "daemon/integrations/webhook_dispatcher.hpp"
#include "daemon/integrations/webhook_set.hpp"
#include "queue/redis_client.hpp"
#include "tests/support/io_wait.hpp"
#include "tests/support/redis_server_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_certificates.hpp"
#include "tests/support/webhook_receiver.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using daemon::CtiEvent;
using daemon::EventOutbox;
using daemon::WebhookDispatcher;
namespace json = boost::json;

namespace {

// Each test its own receiver port (ctest runs them side by side): 29650 + its place here.
int port_of_this_test() {
  static const char* kTests[] = {"DeliversEveryEventOnceInOrderSigned",
                                 "SendsOnlyTheEventTypesItWants",
                                 "AReceiverDownForAWhileGetsEverythingOnceInOrderWhenBack",
                                 "ANewDispatcherGoesOnFromTheCursorInRedis",
                                 "AFailingReceiverGetsAnEventAgainUntilItsMaxAge",
                                 "AFailingReceiversBacklogGoesToTheDeadLettersAndComesBackOnReplay",
                                 "ARefusedEventIsDeadLetteredAtOnceAndTheNextDelivered",
                                 "ARedirectIsNotFollowed",
                                 "TlsIsCheckedAgainstTheCaItIsGiven",
                                 "AStandbyDeliversNothing"};
  const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  for (int i = 0; i < static_cast<int>(std::size(kTests)); ++i) {
    if (name == kTests[i]) return 29650 + i;
  }
  ADD_FAILURE() << name << " has no port of its own";
  return 29649;
}
constexpr const char* kSecret = "webhook-test-secret-0123";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class WebhookDispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    queue::RedisClient::Options o;
    std::string reason;
    queue::parse_redis_url(server_.url(), o.endpoint, reason);
    o.command_timeout = 1s;
    client_ = std::make_unique<queue::RedisClient>(io_, o);
    client_->start();
    ASSERT_TRUE(run_until([&] { return client_->connected(); }));
    outbox_ = std::make_unique<EventOutbox>(*client_, 100000, 100000);
  }
  template <class Pred>
  bool run_until(Pred pred, std::chrono::milliseconds limit = 20s) {
    return test::run_io_until(io_, pred, limit);
  }
  void run_for(std::chrono::milliseconds d) {
    const auto until = std::chrono::steady_clock::now() + d;
    test::run_io_until(
        io_, [&] { return std::chrono::steady_clock::now() >= until; }, d + 1s);
  }
  config::WebhookConfig hook() {
    return hook("http://127.0.0.1:" + std::to_string(port_) + "/hooks/blendd");
  }
  config::WebhookConfig hook(std::string url) {
    config::WebhookConfig w;
    w.id = "crm";
    w.url = std::move(url);
    w.secret = kSecret;
    w.retry_s = {1};
    w.timeout_s = 2;
    return w;
  }
  std::unique_ptr<WebhookDispatcher> dispatcher(const config::WebhookConfig& w) {
    WebhookDispatcher::Clock clock{now_ms, [] { return 0.5; }};
    auto d = std::make_unique<WebhookDispatcher>(
        io_, *client_,
        [this](std::vector<std::string> argv, queue::RedisCallback done) {
          client_->command(std::move(argv), std::move(done));
        },
        w, clock);
    // As the daemon does: each event the stream takes wakes the deliveries.
    outbox_->observe_appended([d = d.get(), this] {
      if (woken_ == d) d->wake();
    });
    woken_ = d.get();
    return d;
  }
  // `n` events over three calls, interleaved: call cN's events numbered 1, 2, ... by the outbox.
  void append(int n, int from = 0) {
    for (int i = from; i < from + n; ++i) {
      outbox_->append(CtiEvent{i % 5 == 4 ? "agent.state" : "call.offered", now_ms(),
                               "c" + std::to_string(i % 3), 0, R"({"n":)" + std::to_string(i) + "}",
                               false});
    }
    ASSERT_TRUE(run_until([&] { return outbox_->counters().pending == 0; }));
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
  // The body's "n" of each delivery, in arrival order.
  static std::vector<int> numbers(const std::vector<test::ReceivedHook>& hooks) {
    std::vector<int> out;
    for (const auto& h : hooks) {
      out.push_back(static_cast<int>(json::parse(h.body).at("data").at("n").as_int64()));
    }
    return out;
  }
  static std::vector<int> range(int from, int to, bool agents_only = false) {
    std::vector<int> out;
    for (int i = from; i < to; ++i) {
      if (!agents_only || i % 5 == 4) out.push_back(i);
    }
    return out;
  }

  const int port_ = port_of_this_test();
  boost::asio::io_context io_;
  test::RedisServerProcess server_;
  std::unique_ptr<queue::RedisClient> client_;
  std::unique_ptr<EventOutbox> outbox_;
  WebhookDispatcher* woken_ = nullptr;  // the newest dispatcher (the wake must not outlive it)
};

}  // namespace

TEST_F(WebhookDispatcherTest, DeliversEveryEventOnceInOrderSigned) {
  test::WebhookReceiver receiver(port_);
  append(2);  // before the webhook existed: not its business
  auto d = dispatcher(hook());
  d->set_active(true);
  ASSERT_TRUE(run_until([&] { return d->status().state == "caught_up"; }));
  append(30, 2);
  ASSERT_TRUE(run_until([&] { return receiver.delivered_count() >= 30; }))
      << d->status().last_error;
  run_for(300ms);
  const auto got = receiver.delivered();
  EXPECT_EQ(numbers(got), range(2, 32));
  std::map<std::string, int> last_seq;
  for (const auto& h : got) {
    EXPECT_TRUE(test::WebhookReceiver::signature_ok(h, kSecret)) << h.body;
    EXPECT_FALSE(test::WebhookReceiver::signature_ok(h, "another-secret-entirely"));
    const auto body = json::parse(h.body);
    EXPECT_EQ(h.header("blendd-event-id"), body.at("id").as_string());
    EXPECT_EQ(h.header("blendd-event-type"), body.at("type").as_string());
    EXPECT_EQ(h.header("content-type"), "application/json");
    EXPECT_EQ(h.target, "/hooks/blendd");
    const std::string call(body.at("call").as_string());
    const int seq = static_cast<int>(body.at("seq").as_int64());
    if (last_seq.count(call) != 0) {
      EXPECT_EQ(seq, last_seq[call] + 1) << call;  // in order per call, no gap
    }
    last_seq[call] = seq;
  }
  EXPECT_EQ(d->status().delivered, 30u);
  EXPECT_EQ(redis({"GET", WebhookDispatcher::cursor_key("crm")}),
            std::string(json::parse(got.back().body).at("id").as_string()));
}

TEST_F(WebhookDispatcherTest, SendsOnlyTheEventTypesItWants) {
  test::WebhookReceiver receiver(port_);
  auto w = hook();
  w.events = {"agent."};
  auto d = dispatcher(w);
  d->set_active(true);
  ASSERT_TRUE(run_until([&] { return d->status().state == "caught_up"; }));
  append(20);
  ASSERT_TRUE(run_until([&] { return receiver.delivered_count() >= 4; }));
  run_for(500ms);
  EXPECT_EQ(numbers(receiver.delivered()), range(0, 20, true));
}

TEST_F(WebhookDispatcherTest, AReceiverDownForAWhileGetsEverythingOnceInOrderWhenBack) {
  test::WebhookReceiver receiver(port_);
  auto d = dispatcher(hook());
  d->set_active(true);
  ASSERT_TRUE(run_until([&] { return d->status().state == "caught_up"; }));
  receiver.stop();
  append(20);
  ASSERT_TRUE(run_until([&] { return d->status().failed_attempts >= 2; }));
  EXPECT_EQ(d->status().state, "retrying");
  EXPECT_GT(d->status().backlog_ms, 0);
  receiver.start();
  ASSERT_TRUE(run_until([&] { return receiver.delivered_count() >= 20; }));
  run_for(300ms);
  const auto got = receiver.delivered();
  EXPECT_EQ(numbers(got), range(0, 20));
  std::set<std::string> ids;
  for (const auto& h : got) ids.insert(h.header("blendd-event-id"));
  EXPECT_EQ(ids.size(), 20u);
  EXPECT_EQ(d->status().dead_lettered, 0u);
}

TEST_F(WebhookDispatcherTest, ANewDispatcherGoesOnFromTheCursorInRedis) {
  test::WebhookReceiver receiver(port_);
  auto d = dispatcher(hook());
  d->set_active(true);
  ASSERT_TRUE(run_until([&] { return d->status().state == "caught_up"; }));
  append(10);
  ASSERT_TRUE(run_until([&] { return receiver.delivered_count() >= 10; }));
  ASSERT_TRUE(run_until([&] {
    return redis({"GET", WebhookDispatcher::cursor_key("crm")}) == d->status().cursor;
  }));
  d.reset();  // blendd stops (or dies)
  woken_ = nullptr;
  append(10, 10);  // meanwhile
  d = dispatcher(hook());
  d->set_active(true);
  ASSERT_TRUE(run_until([&] { return receiver.delivered_count() >= 20; }));
  run_for(300ms);
  EXPECT_EQ(numbers(receiver.delivered()), range(0, 20));
}

TEST_F(WebhookDispatcherTest, AFailingReceiverGetsAnEventAgainUntilItsMaxAge) {
  test::WebhookReceiver receiver(port_);
  receiver.answer_with(500);
  auto w = hook();
  w.max_age_s = 2;
  auto d = dispatcher(w);
  d->set_active(true);
  ASSERT_TRUE(run_until([&] { return d->status().state == "caught_up"; }));
  append(1);
  ASSERT_TRUE(run_until([&] { return d->status().dead_lettered >= 1; }));
  EXPECT_GE(receiver.requests().size(), 2u);  // tried again after its wait, then its age ran out
  EXPECT_EQ(d->status().delivered, 0u);
  EXPECT_EQ(redis({"LLEN", WebhookDispatcher::dead_key("crm")}), "1");
}

TEST_F(WebhookDispatcherTest, AFailingReceiversBacklogGoesToTheDeadLettersAndComesBackOnReplay) {
  test::WebhookReceiver receiver(port_);
  receiver.answer_with(500);
  auto w = hook();
  w.max_age_s = 2;
  bool active = true;
  daemon::WebhookSet set(
      io_, *client_,
      [this](std::vector<std::string> argv, queue::RedisCallback done) {
        client_->command(std::move(argv), std::move(done));
      },
      WebhookDispatcher::Clock{now_ms, [] { return 0.5; }}, [&] { return active; });
  set.apply({w});
  ASSERT_TRUE(run_until([&] { return set.status().at(0).state == "caught_up"; }));
  active = false;  // blendd is away (a standby) while the events pile up past their max age
  ASSERT_TRUE(run_until([&] { return set.status().at(0).state == "standby"; }));
  append(8);
  run_for(2500ms);
  active = true;
  ASSERT_TRUE(run_until([&] { return set.status().at(0).dead_lettered >= 8; }));
  const auto s = set.status().at(0);
  EXPECT_EQ(s.delivered, 0u);
  EXPECT_EQ(s.last_status, 500);
  // The first was tried once and failed; the rest, past their age with the receiver failing,
  // went to the dead letters untried rather than one attempt (or timeout) each.
  EXPECT_EQ(receiver.requests().size(), 1u);
  std::string listed;
  set.dead_letters("crm", 100, [&](std::error_code, std::string items) { listed = items; });
  ASSERT_TRUE(run_until([&] { return !listed.empty(); }));
  const auto dead = json::parse(listed).as_array();
  ASSERT_EQ(dead.size(), 8u);
  EXPECT_EQ(dead[7].at("cause").as_string(), "max_age");  // the oldest, listed last
  EXPECT_EQ(dead[7].at("event").at("data").at("n").as_int64(), 0);
  EXPECT_EQ(dead[7].at("last_status").as_int64(), 500);

  receiver.answer_with(200);
  long moved = -1;
  set.replay("crm", {}, [&](std::error_code, long n) { moved = n; });
  ASSERT_TRUE(run_until([&] { return moved >= 0; }));
  EXPECT_EQ(moved, 8);
  ASSERT_TRUE(run_until([&] { return receiver.delivered_count() >= 8; }));
  const auto again = receiver.delivered();
  EXPECT_EQ(numbers(again), range(0, 8));
  for (const auto& h : again) {
    EXPECT_EQ(h.header("blendd-replay"), "1");
    EXPECT_TRUE(test::WebhookReceiver::signature_ok(h, kSecret));
  }
  EXPECT_EQ(redis({"LLEN", WebhookDispatcher::dead_key("crm")}), "0");
  ASSERT_TRUE(run_until([&] {
    return redis({"LLEN", WebhookDispatcher::replay_key("crm")}) == "0";
  }));
  EXPECT_EQ(set.status().at(0).replayed, 8u);
}

TEST_F(WebhookDispatcherTest, ARefusedEventIsDeadLetteredAtOnceAndTheNextDelivered) {
  test::WebhookReceiver receiver(port_);
  receiver.answer_next({422});
  auto d = dispatcher(hook());
  d->set_active(true);
  ASSERT_TRUE(run_until([&] { return d->status().state == "caught_up"; }));
  append(3);
  ASSERT_TRUE(run_until([&] { return receiver.delivered_count() >= 2; }));
  EXPECT_EQ(numbers(receiver.delivered()), range(1, 3));
  EXPECT_EQ(d->status().dead_lettered, 1u);
  EXPECT_EQ(receiver.requests().size(), 3u);  // the refused one was not tried again
}

TEST_F(WebhookDispatcherTest, ARedirectIsNotFollowed) {
  test::WebhookReceiver receiver(port_);
  receiver.answer_next({302, 302});
  auto d = dispatcher(hook());
  d->set_active(true);
  ASSERT_TRUE(run_until([&] { return d->status().state == "caught_up"; }));
  append(1);
  ASSERT_TRUE(run_until([&] { return receiver.delivered_count() >= 1; }));
  const auto all = receiver.requests();
  ASSERT_EQ(all.size(), 3u);  // 302, 302 (tried again after its wait), then 200: all here
  for (const auto& h : all) EXPECT_EQ(h.target, "/hooks/blendd");
  EXPECT_NE(d->status().last_error.find("not followed"), std::string::npos)
      << d->status().last_error;
}

TEST_F(WebhookDispatcherTest, TlsIsCheckedAgainstTheCaItIsGiven) {
  test::TempDir dir;
  const auto pki = test::make_test_certificate(dir.path(), "hook");
  ASSERT_TRUE(pki.made);
  test::WebhookReceiver receiver(port_, pki.certificate, pki.key);
  const std::string url = "https://127.0.0.1:" + std::to_string(port_) + "/hooks/blendd";
  auto untrusting = dispatcher(hook(url));  // the system's CAs only: the test CA is not one
  untrusting->set_active(true);
  ASSERT_TRUE(run_until([&] { return untrusting->status().state == "caught_up"; }));
  append(1);
  ASSERT_TRUE(run_until([&] { return untrusting->status().failed_attempts >= 1; }));
  EXPECT_NE(untrusting->status().last_error.find("tls"), std::string::npos)
      << untrusting->status().last_error;
  EXPECT_EQ(receiver.requests().size(), 0u);
  untrusting.reset();
  woken_ = nullptr;

  auto w = hook(url);
  w.ca_file = pki.ca;
  auto trusting = dispatcher(w);
  trusting->set_active(true);
  ASSERT_TRUE(run_until([&] { return receiver.delivered_count() >= 1; }))
      << trusting->status().last_error;
  EXPECT_TRUE(test::WebhookReceiver::signature_ok(receiver.delivered()[0], kSecret));
}

TEST_F(WebhookDispatcherTest, AStandbyDeliversNothing) {
  test::WebhookReceiver receiver(port_);
  auto d = dispatcher(hook());
  d->set_active(true);
  ASSERT_TRUE(run_until([&] { return d->status().state == "caught_up"; }));
  d->set_active(false);
  append(5);
  run_for(1500ms);
  EXPECT_EQ(receiver.requests().size(), 0u);
  EXPECT_EQ(d->status().state, "standby");
  d->set_active(true);  // it takes over: from the cursor in Redis
  ASSERT_TRUE(run_until([&] { return receiver.delivered_count() >= 5; }));
  EXPECT_EQ(numbers(receiver.delivered()), range(0, 5));
}
