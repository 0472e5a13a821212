// Soak: a real blendd (embedded Redis, sipp trunk and phones, simulated agents, sipp inbound
// callers) at ten times a 1,000-agent centre's call rate for a long time. Every interval it
// prints blendd's RSS, open descriptors, live SIP handles, Redis memory (and how much of it is
// the call history streams, which grow by design), calls bridged, abandon rate, Redis's
// append-only file (size, rewrites, writes delayed by a slow fsync) and how often blendd found
// Redis not answering (it stops dialling then); at the end the growth over the second half. Not a
// test: figures for docs/performance.md. Usage: bench_soak [minutes=30] [agents=250] [talk_ms=4000]
// [inbound_per_s=5] A 1,000-agent centre places ~5.6 calls/s (180 s handle time); ten times that is
// ~56/s.
#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <sstream>
#include <vector>

#include "tests/support/call_centre_run.hpp"
#include "tests/support/process_stats.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

struct Sample {
  double minute = 0;
  long rss_kib = 0;
  int fds = 0;
  int handles = 0;
  long redis_bytes = 0;
  long history_bytes = 0;  // the log and results streams: every call's record, kept by design
  double connected = 0;
  double abandon_rate = 0;
  double inbound_answered = 0;
  long aof_bytes = 0;      // Redis's append-only file
  long aof_rewrites = 0;   // background rewrites of it so far (each one forks Redis)
  long delayed_fsync = 0;  // writes Redis made wait for a slow fsync
  int store_outages = 0;   // times blendd found Redis not answering its probe (no dialling)
};

double num(const json::value* v) {
  return v != nullptr && v->is_number() ? v->to_number<double>() : 0.0;
}

long redis_number(const test::CallCentreRun& run, std::vector<std::string> args) {
  const std::string out = run.redis(args);
  return out.empty() || !std::isdigit(static_cast<unsigned char>(out[0])) ? 0 : std::stol(out);
}

// One numeric field of Redis's INFO section, 0 if absent.
long redis_info(const test::CallCentreRun& run, const char* section, const std::string& field) {
  std::istringstream in(run.redis({"INFO", section}));
  for (std::string line; std::getline(in, line);)
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  return 0;
}

int count_lines(const std::string& log, const std::string& what) {
  int n = 0;
  for (auto at = log.find(what); at != std::string::npos; at = log.find(what, at + 1)) ++n;
  return n;
}

Sample sample(test::CallCentreRun& run, double minute) {
  Sample s;
  s.minute = minute;
  s.rss_kib = test::rss_kib(run.blendd().pid());
  s.fds = test::open_descriptors(run.blendd().pid());
  const auto f = run.figures();
  s.handles = static_cast<int>(num(f.if_contains("sip_live_handles")));
  if (const auto* c = f.if_contains("campaigns"); c != nullptr && !c->as_array().empty()) {
    const auto& spring = c->as_array().at(0).as_object();
    s.connected = num(spring.if_contains("connected"));
    s.abandon_rate = num(spring.if_contains("abandon_rate_24h"));
  }
  if (const auto* g = run.group(f, "sales"))
    s.inbound_answered = num(g->if_contains("inbound_answered"));
  s.redis_bytes = redis_info(run, "memory", "used_memory");
  s.aof_bytes = redis_info(run, "persistence", "aof_current_size");
  s.aof_rewrites = redis_info(run, "persistence", "aof_rewrites");
  s.delayed_fsync = redis_info(run, "persistence", "aof_delayed_fsync");
  // The first "not ready" is the start's (reconciliation pending).
  s.store_outages = std::max(0, count_lines(run.log(), "store: not ready") - 1);
  s.history_bytes = redis_number(run, {"MEMORY", "USAGE", "{c:spring}:log"}) +
                    redis_number(run, {"MEMORY", "USAGE", "{c:spring}:results"});
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const int minutes = argc > 1 ? std::atoi(argv[1]) : 30;
  const int agents = argc > 2 ? std::atoi(argv[2]) : 250;
  const int talk_ms = argc > 3 ? std::atoi(argv[3]) : 4000;
  const int inbound_per_s = argc > 4 ? std::atoi(argv[4]) : 5;
  test::CentreSpec spec;
  spec.agents = agents;
  spec.targets = 60 * minutes * 80;  // more than the run can dial
  spec.talk_ms = talk_ms;
  spec.pacing = "predictive";
  spec.start_threshold = 0.05;
  spec.stop_threshold = 0.02;
  test::CallCentreRun run(spec, 28900);
  if (!run.up()) {
    std::fprintf(stderr, "blendd did not start:\n%s\n", run.log().c_str());
    return 1;
  }
  auto bots = run.start_agents(agents, 200ms);
  run.start_callers(inbound_per_s, agents / 4, talk_ms);
  std::printf("soak: %d min, %d agents, customers talk %d ms, %d inbound calls/s, predictive\n",
              minutes, agents, talk_ms, inbound_per_s);
  std::printf("%6s %9s %5s %8s %10s %10s %9s %8s %8s %7s %7s %6s %6s %9s\n", "minute", "RSS_MB",
              "fds", "handles", "redis_MB", "history_MB", "bridged", "calls/s", "inbound", "aband%",
              "aof_MB", "aof_rw", "fsync", "store_off");
  std::vector<Sample> samples;
  const auto start = std::chrono::steady_clock::now();
  const auto interval = 30s;
  for (auto next = start + interval; next <= start + std::chrono::minutes(minutes);
       next += interval) {
    std::this_thread::sleep_until(next);
    const double minute = std::chrono::duration<double>(next - start).count() / 60;
    Sample s = sample(run, minute);
    const double rate =
        samples.empty() ? s.connected / 30.0 : (s.connected - samples.back().connected) / 30.0;
    std::printf("%6.1f %9.1f %5d %8d %10.1f %10.1f %9.0f %8.1f %8.0f %7.2f %7.1f %6ld %6ld %9d\n",
                s.minute, s.rss_kib / 1024.0, s.fds, s.handles, s.redis_bytes / 1048576.0,
                s.history_bytes / 1048576.0, s.connected, rate, s.inbound_answered,
                100 * s.abandon_rate, s.aof_bytes / 1048576.0, s.aof_rewrites, s.delayed_fsync,
                s.store_outages);
    std::fflush(stdout);
    samples.push_back(s);
  }
  run.stop_callers();
  bots.clear();
  if (samples.size() < 4) return 0;
  const Sample& mid = samples[samples.size() / 2];
  const Sample& end = samples.back();
  const double calls = end.connected - mid.connected;
  std::printf("\nsecond half (minute %.1f to %.1f), %.0f calls bridged:\n", mid.minute, end.minute,
              calls);
  std::printf("  blendd RSS %+.1f MB, descriptors %+d, SIP handles at the end %d\n",
              (end.rss_kib - mid.rss_kib) / 1024.0, end.fds - mid.fds, end.handles);
  std::printf(
      "  Redis %+.1f MB, of which call history %+.1f MB (%.0f bytes per call); the rest "
      "%+.1f MB\n",
      (end.redis_bytes - mid.redis_bytes) / 1048576.0,
      (end.history_bytes - mid.history_bytes) / 1048576.0,
      calls > 0 ? (end.history_bytes - mid.history_bytes) / calls : 0.0,
      ((end.redis_bytes - mid.redis_bytes) - (end.history_bytes - mid.history_bytes)) / 1048576.0);
  std::printf("  abandon rate at the end %.2f%% (cap 3%%)\n", 100 * end.abandon_rate);
  return 0;
}
