// Relay mode against a real rtpengine (blendd's private one) and sipp on loopback: each call's
// SDP goes through rtpengine both ways (the phones check the rewrite), RTP flows through it both
// ways (sipp plays G.711 toward it, the phones echo), and rtpengine holds no call after the run.
// Killed mid-call, rtpengine takes the calls with it: blendd ends them, stops dialling, says why
// in /healthz and the figures, answers inbound 503, and dials again once it is back.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <thread>

#include "tests/support/call_centre_run.hpp"
#include "tests/support/ng_probe.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;
using Centre = test::CallCentreRun;

namespace {

// The relay's ports: outside the system rtpengine's 30000-40000 and the kernel's ephemeral range
// (32768-60999), so nothing else on the machine holds one.
test::CentreSpec relayed(int agents, int targets, int talk_ms, int base) {
  test::CentreSpec spec = test::centre_spec(agents, targets, talk_ms);
  spec.media_lines = {"mode: relay", "port_min: 61400", "port_max: 61499"};
  spec.customer_scenario = "uas_customer_relayed.xml";
  spec.trunk_extra = {"-mp", std::to_string(base + 20)};
  spec.phone_scenario = "uas_agent_relayed.xml";
  spec.phone_extra = {"-mp", std::to_string(base + 30), "-rtp_echo"};
  return spec;
}

json::object health(const Centre& run) {
  auto r = run.api("GET", "/healthz", "");
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  return !ec && v.is_object() ? v.as_object() : json::object();
}

std::uint16_t ng_port(const Centre& run) {
  const auto h = health(run);
  const auto* media = h.if_contains("media");
  if (media == nullptr) return 0;
  const std::string address(media->as_object().at("rtpengine").as_string());
  return static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return pred();
}

// Each tag's packets in rtpengine's query of the call (customer, agent).
std::pair<std::int64_t, std::int64_t> packets(std::uint16_t port, const std::string& call) {
  auto q = test::ng_request(port, {{"command", "query"}, {"call-id", call}});
  if (!q) return {0, 0};
  const auto* tags = q->find("tags");
  if (tags == nullptr) return {0, 0};
  const auto* c = tags->find("customer");
  const auto* a = tags->find("agent");
  return {c != nullptr ? test::packets_in(*c) : 0, a != nullptr ? test::packets_in(*a) : 0};
}

}  // namespace

TEST(MediaRelay, CallsFlowThroughRtpengineBothWaysAndNoneIsLeftThere) {
  Centre run(relayed(1, 3, 2500, 29500), 29500);
  ASSERT_TRUE(run.up()) << run.log();
  const auto h = health(run);
  ASSERT_TRUE(h.contains("media")) << json::serialize(h);
  EXPECT_EQ(h.at("media").at("mode"), "relay");
  EXPECT_EQ(h.at("media").at("embedded"), true);
  const std::uint16_t port = ng_port(run);
  ASSERT_GT(port, 0);
  auto agents = run.start_agents(1, 300ms);
  // A call up in rtpengine with RTP from both sides (the customer's pcap, the phone's echo).
  std::pair<std::int64_t, std::int64_t> seen{0, 0};
  const bool flowed = eventually(
      [&] {
        const auto calls = test::ng_calls(port);
        if (!calls || calls->empty()) return false;
        seen = packets(port, calls->front());
        return seen.first > 20 && seen.second > 20;
      },
      30s);
  EXPECT_TRUE(flowed) << "customer " << seen.first << ", agent " << seen.second << " packets\n"
                      << run.log();
  std::cout << "relayed RTP: " << seen.first << " packets from the customer's side, " << seen.second
            << " from the agent's\n";
  // Every target called and talked through the relay (the phones refuse an unrelayed offer),
  // and inbound callers too (the B2BUA's offer and answer go through it likewise).
  ASSERT_TRUE(
      eventually([&] { return Centre::campaign_figure(run.figures(), "connected") >= 3; }, 60s))
      << run.log();
  run.start_callers(1, 1, 1500);
  const bool inbound = eventually(
      [&] {
        const auto f = run.figures();
        const auto* g = run.group(f, "sales");
        return g != nullptr && g->at("inbound_answered").to_number<double>() >= 2;
      },
      30s);
  run.stop_callers();
  EXPECT_TRUE(inbound) << run.log();
  ASSERT_TRUE(eventually([&] { return run.figure("calls_active") == 0; }, 30s)) << run.log();
  // Nothing is left in rtpengine: every call was deleted when it ended.
  std::optional<std::vector<std::string>> left;
  EXPECT_TRUE(eventually(
      [&] {
        left = test::ng_calls(port);
        return left && left->empty();
      },
      5s))
      << (left ? std::to_string(left->size()) : std::string("no answer")) << " call(s) left";
}

TEST(MediaRelay, RtpengineKilledMidCallEndsItStopsDiallingAndDiallingResumesWhenItIsBack) {
  Centre run(relayed(1, 6, 20000, 29540), 29540);
  ASSERT_TRUE(run.up()) << run.log();
  const std::uint16_t port = ng_port(run);
  ASSERT_GT(port, 0);
  auto agents = run.start_agents(1, 300ms);
  ASSERT_TRUE(eventually([&] { return run.figure("calls_active") >= 1; }, 20s)) << run.log();
  ASSERT_TRUE(eventually(
      [&] {
        const auto calls = test::ng_calls(port);
        return calls && !calls->empty();
      },
      10s));
  std::ifstream pidfile(run.dir().file("state") + "/rtpengine/rtpengine.pid");
  int pid = 0;
  pidfile >> pid;
  ASSERT_GT(pid, 0);
  const auto dials_before = Centre::campaign_figure(run.figures(), "dials");
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  // The call went with rtpengine's state: blendd ends it and says why.
  EXPECT_TRUE(eventually([&] { return run.figure("calls_active") == 0; }, 10s)) << run.log();
  // blendd's supervision saw the private rtpengine exit (a restarted one answers pings but has
  // lost its calls): media down, dialling stopped, then restarted.
  const auto log = run.log();
  EXPECT_NE(log.find("private rtpengine exited; restarting it"), std::string::npos) << log;
  EXPECT_NE(log.find("no new calls, relayed calls ended"), std::string::npos) << log;
  // Back: pings answer, /healthz is ok again and dialling resumes.
  EXPECT_TRUE(eventually([&] { return health(run).at("media").at("up") == true; }, 15s));
  EXPECT_TRUE(eventually(
      [&] { return Centre::campaign_figure(run.figures(), "dials") > dials_before; }, 20s))
      << run.log();
  EXPECT_EQ(run.api("GET", "/healthz", "").status, 200);
}

// A configured rtpengine (media.rtpengine) that does not answer: nothing is dialled, inbound
// callers get 503, /healthz, the figures and /metrics say why; once it answers, dialling starts.
TEST(MediaRelay, WithoutAnAnsweringRtpengineNothingIsDialledAndInboundIsRefused) {
  auto spec = relayed(1, 3, 1500, 29580);
  spec.media_lines = {"mode: relay", "rtpengine: '127.0.0.1:29591'", "ng_timeout_ms: 300"};
  Centre run(spec, 29580);
  // /healthz answers 503 (degraded) while rtpengine is away: wait for blendd itself.
  ASSERT_TRUE(eventually([&] { return run.api("GET", "/healthz", "").status != 0; }, 10s));
  auto agents = run.start_agents(1, 300ms);
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(Centre::campaign_figure(run.figures(), "dials"), 0) << run.log();
  const auto h = run.api("GET", "/healthz", "");
  EXPECT_EQ(h.status, 503) << h.body;
  EXPECT_NE(h.body.find("\"up\":false"), std::string::npos) << h.body;
  EXPECT_EQ(run.figures().at("media").at("dialling_stopped"), true);
  const auto metrics = run.api("GET", "/metrics", Centre::kViewer);
  EXPECT_NE(metrics.body.find("blendd_media_up 0"), std::string::npos) << metrics.body;
  run.start_callers(1, 1, 1000);
  EXPECT_TRUE(eventually(
      [&] {
        const auto m = health(run).at("media").as_object();
        return m.at("inbound_refused").to_number<double>() >= 1;
      },
      10s))
      << run.log();
  run.stop_callers();
  // rtpengine arrives: pings answer, dialling starts and the calls go through it.
  test::ChildProcess rtpengine(
      {"rtpengine", "--config-file=none", "--interface=127.0.0.1", "--listen-ng=127.0.0.1:29591",
       "--foreground", "--table=-1", "--port-min=61400", "--port-max=61499", "--log-stderr",
       "--delete-delay=0"},
      run.dir().file("rtpengine.log"));
  EXPECT_TRUE(
      eventually([&] { return Centre::campaign_figure(run.figures(), "connected") >= 1; }, 20s))
      << run.log() << rtpengine.log();
  EXPECT_EQ(run.api("GET", "/healthz", "").status, 200);
}
