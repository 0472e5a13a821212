// SIP benchmark: the full outbound flow (customer INVITE → 200 → agent INVITE with the customer's
// offer → agent 200 → ACKs → BYE both legs) through blendd's gateway against sipp UASs on
// loopback, with a fixed number of calls in flight. Prints bridged calls per second, the
// gateway's latency from the customer's 200 to the agent INVITE (including the hop to this
// "core" thread and back, as in the daemon), the handle gauge after the run, and — as the
// ceiling of this machine — the raw sipp-to-sipp call rate of the same two processes' kind.
// Usage: bench_sip_bridge [calls] [in_flight]
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>

#include "tests/support/child_process.hpp"
#include "tests/support/sip_peers.hpp"
#include "tests/support/temp_dir.hpp"

using namespace blendd;
using Clock = std::chrono::steady_clock;

namespace {

// sipp's built-in UAC calling sipp's built-in UAS directly: the peers' own ceiling.
double sipp_to_sipp_rate(test::TempDir& dir, int calls, int in_flight) {
  test::ChildProcess uas(test::sipp_uas("uas", 26095, calls), dir.file("ceiling_uas.log"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto t0 = Clock::now();
  test::ChildProcess uac({"sipp", "127.0.0.1:26095", "-sn", "uac", "-i", "127.0.0.1", "-p", "26096",
                          "-m", std::to_string(calls), "-l", std::to_string(in_flight), "-r",
                          "100000", "-nostdin", "-timeout", "120s"},
                         dir.file("ceiling_uac.log"));
  const auto rc = uac.wait(std::chrono::seconds(130));
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  uas.wait(std::chrono::seconds(5));
  return rc == 0 ? calls / secs : 0.0;
}

}  // namespace

int main(int argc, char** argv) {
  const int calls = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int in_flight = argc > 2 ? std::atoi(argv[2]) : 20;
  test::TempDir dir;
  test::ChildProcess customers(test::sipp_uas("uas", 26080, calls), dir.file("customers.log"));
  test::ChildProcess agents(test::sipp_uas("uas", 26090, calls), dir.file("agents.log"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  std::mutex mutex;
  std::condition_variable cv;
  std::deque<sip::LegEvent> inbox;
  auto options = test::gateway_options(26070);
  sip::SipGateway gateway(options, [&](sip::LegEvent e) {
    std::lock_guard<std::mutex> lock(mutex);
    inbox.push_back(std::move(e));
    cv.notify_one();
  });
  if (auto err = gateway.start(); !err.empty()) {
    std::fprintf(stderr, "%s\n", err.c_str());
    return 1;
  }
  int started = 0, bridged = 0, failed = 0;
  const auto t0 = Clock::now();
  auto start_one = [&] {
    ++started;
    gateway.originate(test::dial(static_cast<sip::CallId>(started),
                                 "sip:c" + std::to_string(started) + "@127.0.0.1:26080"));
  };
  for (int i = 0; i < in_flight && started < calls; ++i) start_one();
  const auto deadline = Clock::now() + std::chrono::seconds(120);
  while (bridged + failed < calls && Clock::now() < deadline) {
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return !inbox.empty(); });
    while (!inbox.empty()) {
      sip::LegEvent e = std::move(inbox.front());
      inbox.pop_front();
      lock.unlock();
      if (e.kind == sip::LegEventKind::answered && e.leg == sip::Leg::customer) {
        gateway.connect_agent(e.call, "sip:a@127.0.0.1:26090");
      } else if (e.kind == sip::LegEventKind::answered && e.leg == sip::Leg::agent) {
        gateway.hang_up(e.call);
        ++bridged;
        if (started < calls) start_one();
      } else if (e.kind == sip::LegEventKind::failed) {
        ++failed;
        if (started < calls) start_one();
      }
      lock.lock();
    }
  }
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  for (int i = 0; i < 100 && gateway.live_handles() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto& latency = gateway.answer_to_agent_invite();
  std::printf(
      "bridged %d of %d calls (%d failed) in %.2f s = %.0f bridged calls/s with %d in flight\n",
      bridged, calls, failed, secs, bridged / secs, in_flight);
  std::printf(
      "customer 200 -> agent INVITE (via the deciding thread): p50 %.0f us, p99 %.0f us, "
      "max %.0f us over %llu calls\n",
      latency.quantile(0.5), latency.quantile(0.99), latency.quantile(1.0),
      static_cast<unsigned long long>(latency.count()));
  std::printf("live nua handles after the run: %ld\n", gateway.live_handles());
  customers.wait(std::chrono::seconds(5));
  agents.wait(std::chrono::seconds(5));
  std::printf("ceiling: sipp uac -> sipp uas directly, same calls and concurrency: %.0f calls/s\n",
              sipp_to_sipp_rate(dir, calls, in_flight));
  return 0;
}
