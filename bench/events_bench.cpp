// Benchmark of the CTI events' way to a CRM: the outbox appending to a private redis-server's
// stream, one webhook delivering to a loopback receiver (tests/support/webhook_receiver: its own
// sockets, keep-alive). A burst of events measures deliveries per second; a paced run at a busy
// centre's rate measures what a webhook adds per event (its time in the stream to its 2xx at the
// receiver). Lost = appended events the receiver never got. Usage: bench_events [burst] [paced/s]
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <set>

#include "daemon/integrations/event_outbox.hpp"
#include "daemon/integrations/webhook_dispatcher.hpp"
#include "queue/redis_client.hpp"
#include "tests/support/io_wait.hpp"
#include "tests/support/redis_server_process.hpp"
#include "tests/support/webhook_receiver.hpp"

using namespace blendd;
using namespace std::chrono;

namespace {

std::int64_t now_ms() {
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  const int burst = argc > 1 ? std::atoi(argv[1]) : 20000;
  const int rate = argc > 2 ? std::atoi(argv[2]) : 200;  // events/s in the paced run
  const int paced_s = 10;
  constexpr int kPort = 29399;
  test::RedisServerProcess server;
  test::WebhookReceiver receiver(kPort);
  boost::asio::io_context io;
  queue::RedisClient::Options o;
  std::string reason;
  queue::parse_redis_url(server.url(), o.endpoint, reason);
  o.command_timeout = seconds(5);
  queue::RedisClient redis(io, o);
  redis.start();
  test::run_io_until(io, [&] { return redis.connected(); });
  daemon::EventOutbox outbox(redis, 1000000, 1000000);
  config::WebhookConfig w;
  w.id = "bench";
  w.url = "http://127.0.0.1:" + std::to_string(kPort) + "/hook";
  w.secret = "bench-secret-0123456789";
  daemon::WebhookDispatcher hook(
      io, redis,
      [&](std::vector<std::string> argv, queue::RedisCallback done) {
        redis.command(std::move(argv), std::move(done));
      },
      w, daemon::WebhookDispatcher::Clock{now_ms, [] { return 0.5; }});
  outbox.observe_appended([&] { hook.wake(); });
  hook.set_active(true);
  test::run_io_until(io, [&] { return hook.status().state == "caught_up"; });

  int appended = 0;
  auto event = [&](int i) {
    outbox.append(daemon::CtiEvent{
        i % 4 == 0 ? "agent.state" : "call.offered", now_ms(), "call-" + std::to_string(i / 4), 0,
        R"({"agent":"a01","campaign":"spring","number":"+4930100)" + std::to_string(i) + R"("})",
        false});
    ++appended;
  };

  // 1. A burst: everything appended at once, delivered as fast as one webhook goes.
  const auto t0 = steady_clock::now();
  for (int i = 0; i < burst; ++i) event(i);
  test::run_io_until(
      io, [&] { return receiver.delivered_count() >= static_cast<std::size_t>(burst); },
      seconds(600));
  const double burst_s = duration<double>(steady_clock::now() - t0).count();
  const double per_s = receiver.delivered_count() / burst_s;
  std::printf("burst: %d events appended and delivered in %.2f s (%.0f/s)\n", burst, burst_s,
              per_s);

  // 2. Paced: a busy centre's rate, each event's time from its append to its 2xx.
  const std::size_t before = receiver.delivered_count();
  const auto start = steady_clock::now();
  int sent = 0;
  while (steady_clock::now() - start < seconds(paced_s)) {
    const auto due = start + microseconds(1000000LL * sent / rate);
    test::run_io_until(
        io, [&] { return steady_clock::now() >= due; }, seconds(2));
    event(burst + sent);
    ++sent;
  }
  test::run_io_until(
      io, [&] { return receiver.delivered_count() >= before + static_cast<std::size_t>(sent); },
      seconds(60));
  std::vector<double> latency;
  std::set<std::string> ids;
  const auto all = receiver.delivered();
  for (std::size_t i = 0; i < all.size(); ++i) {
    ids.insert(all[i].header("blendd-event-id"));
    if (i < before) continue;
    const auto body = boost::json::parse(all[i].body);
    const std::int64_t at = body.at("at_ms").as_int64();
    latency.push_back(
        static_cast<double>(duration_cast<microseconds>(all[i].at.time_since_epoch()).count() -
                            at * 1000) /
        1000.0);
  }
  const long lost = appended - static_cast<long>(ids.size());
  std::printf("paced: %d events at %d/s: event to delivery p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              sent, rate, percentile(latency, 0.5), percentile(latency, 0.99),
              percentile(latency, 1.0));
  std::printf("delivered %zu of %d appended (%zu requests: retries %zu)\n", ids.size(), appended,
              all.size(), all.size() - ids.size());
  std::printf("events: %.0f/s delivered, p99 event-to-delivery %.1f ms, lost %ld\n", per_s,
              percentile(latency, 0.99), lost);
  return lost == 0 ? 0 : 1;
}
