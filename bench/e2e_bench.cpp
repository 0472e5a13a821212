// End-to-end benchmark: a real blendd with its embedded Redis, sipp customers and agent phones,
// simulated agents on the WebSocket desktop. Prints sustained blended (bridged) calls per second,
// the latency from the event that freed an agent to the customer INVITE handed to the SIP stack,
// blendd's RSS and CPU, and — in a second run — blendd's RSS with 1,000 agents and 1,000,000
// targets loaded.  Usage: bench_e2e [agents=500] [seconds=30] [talk_ms=3000]
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "desk/agent_bot.hpp"
#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/process_stats.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using test::cpu_seconds;
using test::rss_kib;
namespace json = boost::json;

namespace {

double num(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_number() ? v->to_number<double>() : 0.0;
}

double connected(const json::object& f) {
  const auto* c = f.if_contains("campaigns");
  return c == nullptr ? 0.0 : num(c->as_array().at(0).as_object(), "connected");
}

}  // namespace

int main(int argc, char** argv) {
  const int agents = argc > 1 ? std::atoi(argv[1]) : 500;
  const int seconds = argc > 2 ? std::atoi(argv[2]) : 30;
  const int talk_ms = argc > 3 ? std::atoi(argv[3]) : 3000;
  {
    test::CentreSpec spec;
    spec.agents = agents;
    spec.targets = 200000;
    spec.talk_ms = talk_ms;
    spec.start_threshold = 0.05;
    spec.stop_threshold = 0.02;
    test::CallCentreRun run(spec, 28000);
    if (!run.up()) {
      std::fprintf(stderr, "blendd did not start:\n%s\n", run.log().c_str());
      return 1;
    }
    const pid_t pid = run.blendd().pid();
    auto bots = run.start_agents(agents, 100ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(talk_ms) + 5s);  // ramp up
    const auto f0 = run.figures();
    const double cpu0 = cpu_seconds(pid);
    const auto t0 = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    const auto f1 = run.figures();
    const double cpu1 = cpu_seconds(pid);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double rate = (connected(f1) - connected(f0)) / wall;
    const double cpu = (cpu1 - cpu0) / wall;
    int overlaps = 0;
    for (const auto& b : bots) overlaps += b->overlaps();
    std::printf("%d agents, customers talk %d ms, measured over %.0f s after ramp-up:\n", agents,
                talk_ms, wall);
    std::printf("  blended (bridged) calls/s: %.1f\n", rate);
    std::printf(
        "  event that freed an agent -> customer INVITE handed to SIP: p50 %.0f us, p99 %.0f us\n",
        num(f1, "event_to_invite_p50_us"), num(f1, "event_to_invite_p99_us"));
    std::printf("  customer 200 -> agent INVITE: p99 %.0f us\n",
                num(f1, "answer_to_agent_invite_p99_us"));
    std::printf("  blendd CPU: %.0f%% of one core; %.1f%% per 100 calls/s\n", 100 * cpu,
                rate > 0 ? 100 * cpu / rate * 100 : 0.0);
    std::printf("  blendd RSS: %.1f MB; offers to an agent already on a call: %d\n",
                rss_kib(pid) / 1024.0, overlaps);
    bots.clear();
  }
  {
    test::CentreSpec spec;
    spec.agents = 1000;
    spec.targets = 1000000;
    test::CallCentreRun run(spec, 28100);
    if (!run.up()) return 1;
    const auto t0 = std::chrono::steady_clock::now();
    test::eventually([&] { return run.redis({"HLEN", "{c:spring}:targets"}) == "1000000"; }, 120s);
    const double import_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("1,000 agents, 1,000,000 targets loaded (import %.1f s): blendd RSS %.1f MB\n",
                import_s, rss_kib(run.blendd().pid()) / 1024.0);
  }
  return 0;
}
