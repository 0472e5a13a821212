// Failover under load: two blendd nodes on one Redis, agents at the active node's desks, sipp
// customers. K times: SIGKILL the active, time until the standby says it is active (/healthz,
// polled every 20 ms), put the agents on it, restart the killed node (it comes back as the
// standby). Then across both trunks' sipp traces: customers dialled twice; and every result a
// desk was told is stored must be in Redis. First, what WAIT on one replica costs a result
// (queue::TargetStore against a master with a replica).
// Usage: bench_failover [kills=20]
#include <signal.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <set>
#include <sstream>

#include "queue/redis_client.hpp"
#include "queue/target_store.hpp"
#include "tests/support/call_centre_run.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/redis_server_process.hpp"
#include "tests/support/sentinel_cluster.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * v.size()))];
}

// Milliseconds per stored result, n results one after the other, with or without WAIT.
std::vector<double> result_latencies(int port, int n, bool wait) {
  boost::asio::io_context io;
  queue::RedisClient::Options o;
  o.endpoint.host = "127.0.0.1";
  o.endpoint.port = port;
  queue::RedisClient redis(io, o);
  redis.start();
  auto run_until = [&](auto pred) {
    while (!pred()) io.run_one_for(10ms);
  };
  run_until([&] { return redis.connected(); });
  queue::TargetStore store(redis, std::string("bench:") + (wait ? "wait" : "plain"));
  if (wait) store.confirm_writes_with(std::make_shared<queue::ReplicaWait>(redis, 1, 250ms));
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    bool done = false;
    const auto t0 = std::chrono::steady_clock::now();
    store.add_result("bench", {{"call", std::to_string(i)}, {"disposition", "success"}},
                     [&](std::error_code) { done = true; });
    run_until([&] { return done; });
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  redis.stop();
  return ms;
}

// The numbers in the campaign's results stream (redis-cli XRANGE output).
std::set<std::string> stored_numbers(const test::CallCentreRun& run) {
  std::set<std::string> out;
  std::istringstream lines(run.redis({"XRANGE", "{c:spring}:results", "-", "+"}));
  std::string line;
  bool next = false;
  while (std::getline(lines, line)) {
    if (next) out.insert(line);
    next = line == "number";
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const int kills = argc > 1 ? std::atoi(argv[1]) : 20;
  {
    test::SentinelCluster replicated(26600);
    if (!replicated.up()) {
      std::fprintf(stderr, "master and replica did not come up\n");
      return 1;
    }
    const int master = replicated.master_port();
    const auto plain = result_latencies(master, 2000, false);
    const auto waited = result_latencies(master, 2000, true);
    std::printf(
        "result stored: p50 %.3f ms p99 %.3f ms; with WAIT 1: p50 %.3f ms p99 %.3f ms "
        "(+%.3f ms p50)\n",
        quantile(plain, 0.5), quantile(plain, 0.99), quantile(waited, 0.5), quantile(waited, 0.99),
        quantile(waited, 0.5) - quantile(plain, 0.5));
  }

  test::RedisServerProcess redis;
  auto [spec, spec_b] = test::node_pair(test::centre_spec(4, 3000, 400), redis.url(), 26650, 26660);
  test::CallCentreRun a(spec, 26650);
  if (!a.up() || !test::eventually([&] { return a.role() == "active"; }, 10s)) {
    std::fprintf(stderr, "node a did not start:\n%s\n", a.log().c_str());
    return 1;
  }
  test::CallCentreRun b(spec_b, 26660);
  if (!b.up()) {
    std::fprintf(stderr, "node b did not start:\n%s\n", b.log().c_str());
    return 1;
  }
  test::CallCentreRun* nodes[2] = {&a, &b};
  int active = 0;
  auto bots = nodes[active]->start_agents(spec.agents, 50ms);
  std::vector<desk::HandledCall> handled;
  std::vector<double> takeovers;
  for (int k = 0; k < kills; ++k) {
    std::this_thread::sleep_for(3s);  // calls flowing
    test::CallCentreRun& dying = *nodes[active];
    test::CallCentreRun& standby = *nodes[1 - active];
    dying.blendd().signal(SIGKILL);
    const auto killed = std::chrono::steady_clock::now();
    if (!test::eventually([&] { return standby.role() == "active"; }, 15s)) {
      std::fprintf(stderr, "kill %d: no takeover within 15 s\n%s\n", k + 1, standby.log().c_str());
      return 1;
    }
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
    takeovers.push_back(s);
    std::printf("kill %2d: takeover %.2f s\n", k + 1, s);
    std::fflush(stdout);
    for (const auto& bot : bots)
      for (const auto& h : bot->handled()) handled.push_back(h);
    bots.clear();
    active = 1 - active;
    bots = nodes[active]->start_agents(spec.agents, 50ms);
    if (!dying.restart(SIGKILL)) {
      std::fprintf(stderr, "kill %d: the killed node did not come back\n", k + 1);
      return 1;
    }
  }
  std::this_thread::sleep_for(3s);
  for (const auto& bot : bots)
    for (const auto& h : bot->handled()) handled.push_back(h);
  bots.clear();
  std::this_thread::sleep_for(1s);
  a.stop_trunk();
  b.stop_trunk();
  const int twice = test::dialled_twice(a, b);
  auto dials = a.trunk_dials();
  for (const auto& [number, ids] : b.trunk_dials()) dials[number].insert(ids.begin(), ids.end());
  std::size_t invites = 0;
  for (const auto& [number, ids] : dials) invites += ids.size();
  const auto stored = stored_numbers(*nodes[active]);
  int acknowledged = 0, lost = 0;
  for (const auto& h : handled) {
    if (!h.acknowledged) continue;
    ++acknowledged;
    if (stored.count(h.number) == 0) ++lost;
  }
  std::printf("customers dialled: %zu (%zu INVITE transactions); results acknowledged: %d\n",
              dials.size(), invites, acknowledged);
  std::printf(
      "failover: %d kills, takeover p50 %.2f s p99 %.2f s max %.2f s, dialled twice %d, results "
      "lost %d\n",
      kills, quantile(takeovers, 0.5), quantile(takeovers, 0.99),
      *std::max_element(takeovers.begin(), takeovers.end()), twice, lost);
  return 0;
}
