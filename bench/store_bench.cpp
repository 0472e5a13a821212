// Benchmark of the campaign store against a private redis-server: import rate and peak RSS for a
// generated 1,000,000-row CSV, claims per second, Redis round trips per dial attempt and Redis
// memory per target.
#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>

#include "queue/import/target_importer.hpp"
#include "tests/support/redis_server_process.hpp"

using namespace blendd;
using namespace std::chrono;

namespace {

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  const int rows = argc > 1 ? std::atoi(argv[1]) : 1000000;
  test::RedisServerProcess server;
  boost::asio::io_context io;
  queue::RedisClient::Options o;
  std::string reason;
  queue::parse_redis_url(server.url(), o.endpoint, reason);
  o.command_timeout = seconds(30);
  queue::RedisClient redis(io, o);
  redis.start();
  auto run_until = [&](auto pred) {
    while (!pred()) io.run_one_for(milliseconds(10));
  };
  run_until([&] { return redis.connected(); });
  auto info_memory = [&] {
    std::optional<long long> used;
    redis.command({"INFO", "memory"}, [&](queue::RedisReply r) {
      auto pos = r.value.str.find("used_memory:");
      used = std::stoll(r.value.str.substr(pos + 12));
    });
    run_until([&] { return used.has_value(); });
    return *used;
  };

  // A CSV with five short fields per row, written to a temp file and streamed back.
  const std::string path = "/tmp/blendd-bench-targets.csv";
  {
    std::ofstream out(path);
    out << "number,name,timezone,product,segment\n";
    for (int i = 0; i < rows; ++i) {
      out << "030 " << (2000000 + i) << ",Kunde " << i << ",Europe/Berlin,dp" << (i % 7) << ",s"
          << (i % 3) << "\n";
    }
  }
  const long long before = info_memory();
  const long rss_before = peak_rss_kb();
  queue::TargetStore store(redis, "bench");
  policy::TimeZone berlin = policy::TimeZone::fixed("Europe/Berlin", 3600);
  queue::ImportOptions opts;
  opts.campaign = "bench";
  opts.import_id = "b1";
  opts.default_country = "49";
  opts.window = {0x7f, 0, 24 * 60};
  opts.now_ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  const policy::CallingZones in_berlin{&berlin};
  opts.zone_lookup = [&](const std::string&) -> const policy::CallingZones& { return in_berlin; };
  std::optional<queue::ImportReport> report;
  const auto t0 = steady_clock::now();
  auto importer = std::make_shared<queue::TargetImporter>(
      store, opts, [&] { return std::make_unique<std::ifstream>(path); });
  importer->start([&](const queue::ImportReport& r) { report = r; });
  run_until([&] { return report.has_value(); });
  const double import_s = duration<double>(steady_clock::now() - t0).count();
  const long long after = info_memory();
  std::printf("import: %s\n", report->summary().c_str());
  std::printf("import: %d rows in %.2f s = %.0f rows/s; peak RSS %ld MB (before %ld MB)\n", rows,
              import_s, rows / import_s, peak_rss_kb() / 1024, rss_before / 1024);
  std::printf("redis memory: %.1f bytes per target (five short fields, schedule entry included)\n",
              static_cast<double>(after - before) / rows);

  // Claims: batches of 50 as the core asks for them; then one outcome per attempt.
  int claimed = 0;
  bool empty = false;
  std::vector<std::string> attempts;
  const auto t1 = steady_clock::now();
  const int claim_target = std::min(rows, 200000);
  while (!empty && claimed < claim_target) {
    std::optional<int> got;
    store.claim("bench", 50, opts.now_ms, 600000,
                [&](std::error_code, std::vector<queue::ClaimedTarget> c) {
                  for (auto& x : c) attempts.push_back(x.attempt_id);
                  got = static_cast<int>(c.size());
                });
    run_until([&] { return got.has_value(); });
    claimed += *got;
    empty = *got == 0;
  }
  const double claim_s = duration<double>(steady_clock::now() - t1).count();
  // The last word before each INVITE: one confirm per attempt (pipelined, as the call centre
  // sends them when its core dials several lines at once).
  int confirms = 0;
  int confirmed = 0;
  const auto tc = steady_clock::now();
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    store.confirm("bench", attempts[i], opts.now_ms, 4, "", "",
                  [&](std::error_code ec, queue::TargetStore::Confirmation c) {
                    ++confirms;
                    confirmed += !ec && c.ok();
                  });
    // At most 2,000 in flight: a call centre's confirms are as many as its lines dialling.
    if ((i + 1) % 2000 == 0) run_until([&] { return confirms == static_cast<int>(i + 1); });
  }
  run_until([&] { return confirms == static_cast<int>(attempts.size()); });
  const double confirm_s = duration<double>(steady_clock::now() - tc).count();
  int outcomes = 0;
  const auto t2 = steady_clock::now();
  for (const auto& id : attempts) {
    store.record_outcome("bench", id, "no_answer", opts.now_ms + 7200000, "", opts.now_ms, "",
                         [&](std::error_code, bool) { ++outcomes; });
  }
  run_until([&] { return outcomes == static_cast<int>(attempts.size()); });
  const double outcome_s = duration<double>(steady_clock::now() - t2).count();
  std::printf("claims: %d targets in %.2f s = %.0f claims/s (batches of 50, one round trip each)\n",
              claimed, claim_s, claimed / claim_s);
  std::printf("outcomes: %d in %.2f s = %.0f/s (pipelined)\n", outcomes, outcome_s,
              outcomes / outcome_s);
  std::printf("confirms: %d (%d dialable) in %.2f s = %.0f/s (pipelined)\n", confirms, confirmed,
              confirm_s, confirms / confirm_s);
  std::printf("round trips per dial attempt: %.2f (1/50 claim + 1 confirm + 1 outcome)\n",
              1.0 / 50 + 2.0);
  ::unlink(path.c_str());
  return 0;
}
