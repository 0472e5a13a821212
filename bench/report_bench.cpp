// What a report costs over a big history, and what the history costs Redis: a group of 70
// agents (one campaign) runs 31 days round the clock in the simulator — its real core records
// the history as blendd's does — until about 1,000,000 calls; the records go into a real
// redis-server through the daemon's HistoryStore (interval keys, day rollups, expiries), then
// a real blendd on that Redis answers each report over the 31 days (median of 5).
// Usage: bench_report [DAYS]
// Last line: "report: N calls over D days, slowest report X ms; history Y KiB per group-day".
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "daemon/centre/history_store.hpp"
#include "policy/history_figures.hpp"
#include "queue/redis_client.hpp"
#include "sim/simulator.hpp"
#include "tests/support/call_centre_run.hpp"
#include "tests/support/redis_server_process.hpp"

using namespace blendd;
using Clock = std::chrono::steady_clock;

namespace {

long long used_memory(const std::string& socket) {
  const std::string info = test::command_output("redis-cli -s " + socket + " INFO memory");
  const auto at = info.find("used_memory:");
  return at == std::string::npos ? 0 : std::atoll(info.c_str() + at + 12);
}

std::string date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  const int days = argc > 1 ? std::atoi(argv[1]) : 31;
  const std::time_t today = std::time(nullptr) / 86400 * 86400;
  auto loaded = sim::load_scenario_text(R"(
duration_h: 24
warmup_h: 0
replications: 1
groups:
  - id: sales
    agents: 70
    reserve_agents: 2
    start_threshold: 0.2
    stop_threshold: 0.1
    wrap_up: { dist: gamma, mean_s: 20, cv: 0.5 }
    answer_delay: { dist: gamma, mean_s: 3, cv: 0.5 }
inbound:
  - group: sales
    calls_per_hour: 900
    handle: { dist: gamma, mean_s: 150, cv: 0.7 }
    patience: { dist: exponential, mean_s: 120 }
campaigns:
  - id: spring
    group: sales
    pacing: progressive
    answer_probability: 0.4
    busy_probability: 0.1
    ring: { dist: gamma, mean_s: 9, cv: 0.5 }
    handle: { dist: gamma, mean_s: 150, cv: 0.5 }
)",
                                        "report bench");
  if (!std::holds_alternative<sim::Scenario>(loaded)) {
    std::fprintf(stderr, "scenario: %s\n",
                 config::format_errors(std::get<std::vector<config::ConfigError>>(loaded)).c_str());
    return 1;
  }
  sim::Scenario scenario = std::get<sim::Scenario>(loaded);
  scenario.duration_h = 24.0 * days;
  scenario.epoch_s = today - static_cast<std::int64_t>(days) * 86400;

  test::RedisServerProcess redis;
  redis.start();
  boost::asio::io_context io;
  queue::RedisClient::Options options;
  std::string reason;
  queue::parse_redis_url(redis.url(), options.endpoint, reason);
  options.command_timeout = std::chrono::seconds(30);
  options.max_waiting = 10'000'000;
  queue::RedisClient client(io, options);
  client.start();
  while (!client.connected()) io.run_for(std::chrono::milliseconds(10));
  const long long before = used_memory(redis.socket_path());

  daemon::HistoryStore history(client, "bench", policy::TimeZone::fixed("UTC", 0), 400);
  history.write_with([&client](const std::vector<std::vector<std::string>>& commands,
                               const std::string&, queue::RedisCallback done) {
    auto left = std::make_shared<std::size_t>(commands.size());
    auto failed = std::make_shared<queue::RedisReply>();
    for (const auto& c : commands) {
      client.command(c, [left, failed, done](queue::RedisReply r) {
        if (!r.ok()) *failed = r;
        if (--*left == 0) done(failed->error ? *failed : r);
      });
    }
  });

  // The simulation hands its history over as it goes; a day at a time goes to Redis.
  double calls = 0;
  const auto t0 = Clock::now();
  sim::Simulator run(scenario, 7);
  std::vector<policy::TallyRecord> day;
  auto write = [&] {
    history.add(std::move(day));
    day.clear();
    history.flush();
    while (!history.idle()) {
      io.run_for(std::chrono::milliseconds(5));
      history.flush();
    }
  };
  run.on_history([&](std::vector<policy::TallyRecord> records) {
    for (auto& r : records) {
      if (r.scope == policy::TallyScope::group)
        calls += policy::field(r.fields, "in_offered") + policy::field(r.fields, "out_dials");
      day.push_back(std::move(r));
    }
    if (day.size() > 3000) write();
  });
  run.run();
  write();
  const double simulated_s = std::chrono::duration<double>(Clock::now() - t0).count();
  const long long after = used_memory(redis.socket_path());
  const double per_day_kib = static_cast<double>(after - before) / days / 1024.0;
  std::printf(
      "simulated and stored %.0f calls (inbound offered + outbound dials) over %d days in "
      "%.1f s; Redis used_memory +%.1f MiB\n",
      calls, days, simulated_s, static_cast<double>(after - before) / 1048576.0);

  test::CentreSpec spec = test::centre_spec(2, 10);
  spec.redis_url = redis.url();
  test::CallCentreRun centre(spec, 29450);
  if (!centre.up()) {
    std::fprintf(stderr, "blendd did not start:\n%s\n", centre.log().c_str());
    return 1;
  }
  const std::string range =
      "from=" + date(static_cast<std::time_t>(scenario.epoch_s)) + "&to=" + date(today);
  const std::pair<const char*, std::string> reports[] = {
      {"intervals by interval", "/api/v1/reports/intervals?group=sales&" + range},
      {"intervals by day", "/api/v1/reports/intervals?group=sales&step=day&" + range},
      {"intervals by hour", "/api/v1/reports/intervals?group=sales&step=hour&" + range},
      {"agents", "/api/v1/reports/agents?" + range},
      {"campaigns", "/api/v1/reports/campaigns?" + range},
      {"products", "/api/v1/reports/products?" + range},
      {"intervals as CSV", "/api/v1/reports/intervals?group=sales&format=csv&" + range},
  };
  double slowest = 0;
  for (const auto& [name, path] : reports) {
    std::vector<double> ms;
    std::size_t bytes = 0;
    int status = 0;
    for (int i = 0; i < 5; ++i) {
      const auto s = Clock::now();
      auto r = centre.api("GET", path, test::CallCentreRun::kViewer);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - s).count());
      status = r.status;
      bytes = r.body.size();
    }
    std::sort(ms.begin(), ms.end());
    std::printf("  %-22s %6.1f ms (median of 5; %d, %zu bytes)\n", name, ms[2], status, bytes);
    if (status != 200) return 1;
    slowest = std::max(slowest, ms[2]);
  }
  std::printf(
      "report: %.0f calls over %d days, slowest report %.0f ms; history %.0f KiB per "
      "group-day\n",
      calls, days, slowest, per_day_kib);
  return 0;
}
