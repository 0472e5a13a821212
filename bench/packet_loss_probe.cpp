// Packet-loss probe (not a pass/fail test: it found calls that do not end, see docs/faults.md):
// a real blendd whose SIP stack drops a share of its datagrams (sip.debug_drop_permille, sofia's
// TPTAG_DEBUG_DROP; this kernel has no netem), 4 agents, short calls. Prints how many calls were
// bridged, how many ended, how many were still up a minute after dialling stopped, and SIP
// handles and open attempts left. Usage: bench_packet_loss [permille=50] [calls=30]
#include <boost/json.hpp>
#include <cstdio>

#include "tests/support/call_centre_run.hpp"

using namespace blendd;
using namespace std::chrono_literals;

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
  auto connected = [&run] {
    const auto f = run.figures();
    return f.contains("campaigns")
               ? f.at("campaigns").as_array().at(0).at("connected").to_number<int>()
               : 0;
  };
  {
    auto bots = run.start_agents(spec.agents, 50ms);
    test::eventually([&] { return connected() >= calls * 2 / 3; }, 120s);
    test::eventually([&] { return run.figure("calls_active") == 0; }, 60s);
    std::printf(
        "%d/1000 SIP datagrams dropped, %d targets: %d calls bridged; %lld still up a "
        "minute later\n",
        permille, calls, connected(), static_cast<long long>(run.figure("calls_active")));
    run.stop_trunk();
  }
  test::eventually([&] { return run.figure("sip_live_handles") == 0; }, 60s);
  std::printf("after the desks closed: %lld SIP handles, %s attempts open, %s in review\n",
              static_cast<long long>(run.figure("sip_live_handles")),
              run.redis({"ZCARD", "{c:spring}:leases"}).c_str(),
              run.redis({"HLEN", "{c:spring}:review"}).c_str());
  return 0;
}
