// Packet-loss probe: a real blendd whose SIP stack drops a share of the datagrams it receives
// (sip.debug_drop_permille, sofia's TPTAG_DEBUG_DROP; this kernel has no netem), 4 agents,
// short calls. Dials every target once, waits until every dial has its outcome, and prints the
// outcomes, how long the list took, and what was left: calls, open attempts, SIP handles.
// tests/fault/packet_loss_test.cpp checks the same at 5% in CI.
// Usage: bench_packet_loss [permille=50] [calls=30]   (BLENDD_LOG_LEVEL=debug for every leg)
#include <boost/json.hpp>
#include <cstdio>

#include "tests/support/call_centre_run.hpp"

using namespace blendd;
using namespace std::chrono_literals;

using Centre = test::CallCentreRun;

int main(int argc, char** argv) {
  const int permille = argc > 1 ? std::atoi(argv[1]) : 50;
  const int calls = argc > 2 ? std::atoi(argv[2]) : 30;
  test::CentreSpec spec;
  spec.agents = 4;
  spec.targets = calls;
  spec.talk_ms = 500;
  spec.sip_drop_permille = permille;
  spec.sip_keepalive_s = 2;
  test::CallCentreRun run(spec, 28750);
  if (!run.up()) {
    std::fprintf(stderr, "blendd did not start:\n%s\n", run.log().c_str());
    return 1;
  }
  const auto started = std::chrono::steady_clock::now();
  {
    auto bots = run.start_agents(spec.agents, 50ms);
    test::eventually([&] { return Centre::campaign_figure(run.figures(), "dials") >= calls; },
                     300s);
    test::eventually(
        [&] {
          const auto f = run.figures();
          return run.figure("calls_active") == 0 &&
                 Centre::dial_outcomes(f) == Centre::campaign_figure(f, "dials");
        },
        120s);
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const auto f = run.figures();
    std::printf(
        "%d/1000 SIP datagrams dropped, %d targets, %.1f s: %lld dials: %lld bridged, "
        "%lld abandoned, %lld no answer, %lld failed, %lld other; %lld calls still up\n",
        permille, calls, took, static_cast<long long>(Centre::campaign_figure(f, "dials")),
        static_cast<long long>(Centre::campaign_figure(f, "connected")),
        static_cast<long long>(Centre::campaign_figure(f, "abandons")),
        static_cast<long long>(Centre::campaign_figure(f, "no_answer")),
        static_cast<long long>(Centre::campaign_figure(f, "failed")),
        static_cast<long long>(Centre::campaign_figure(f, "busy") +
                               Centre::campaign_figure(f, "rejected")),
        static_cast<long long>(run.figure("calls_active")));
    run.stop_trunk();
  }
  test::eventually([&] { return run.figure("sip_live_handles") == 0; }, 60s);
  std::printf("after the desks closed: %lld SIP handles, %s attempts open, %s in review\n",
              static_cast<long long>(run.figure("sip_live_handles")),
              run.redis({"ZCARD", "{c:spring}:leases"}).c_str(),
              run.redis({"HLEN", "{c:spring}:review"}).c_str());
  return 0;
}
