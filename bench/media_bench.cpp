// bench/media: how many concurrent calls rtpengine relays on this machine with RTP both ways at
// < 0.5% loss, with recording on and off, beside the same calls sent directly (the limit of the
// machine and this generator); CPU per call (rtpengine, and blendd's WAV conversion per
// recorded call-hour); recording disk per call-hour. rtpengine is blendd's private one
// (media::EmbeddedRtpengine, userspace); each call is an offer and answer over NG as the gateway
// sends them, then two loopback endpoints send 50 packets/s of G.711 each way through it.
//   build/release/bench/bench_media [SECONDS per step] [N N ...]
// Last line: media: N concurrent relayed calls at L% loss with recording on; direct: M calls at
// L2% loss
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "media/embedded_rtpengine.hpp"
#include "media/recording_mixer.hpp"
#include "tests/support/ng_probe.hpp"
#include "tests/support/process_stats.hpp"
#include "tests/support/temp_dir.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kLossGoal = 0.005;

int udp_socket(std::uint16_t* port) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  int size = 1 << 20;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  *port = ntohs(a.sin_port);
  return fd;
}

std::uint16_t port_in(const std::string& sdp) {
  const auto at = sdp.find("m=audio ");
  return at == std::string::npos ? 0 : static_cast<std::uint16_t>(std::stoi(sdp.substr(at + 8)));
}

std::string sdp_for(const std::string& who, std::uint16_t port) {
  return "v=0\r\no=" + who + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
         "m=audio " + std::to_string(port) + " RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=ptime:20\r\n";
}

struct Endpoint {
  int fd = -1;
  std::uint16_t port = 0;
  sockaddr_in to{};
  std::uint64_t sent = 0, received = 0;
};

struct Call {
  std::string id;
  Endpoint customer, agent;
};

struct Step {
  int calls = 0;
  int set_up = 0;  // calls rtpengine took
  double loss = 1;
  double rtpengine_cpu_per_call = 0;  // share of one core
  double generator_cpu = 0;           // this process, share of one core
  double offered = 0;                 // packets sent / (2 × 50/s × calls × the step's length)
  bool valid() const { return offered >= 0.97; }  // the generator kept the 20 ms pace
};

void aim(Endpoint& e, std::uint16_t port) {
  e.to.sin_family = AF_INET;
  e.to.sin_port = htons(port);
  e.to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

Step run_step(int n, bool relayed, bool record, std::uint16_t ng, pid_t rtpengine, double seconds,
              int round) {
  Step step;
  step.calls = n;
  std::vector<Call> calls(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    Call& c = calls[static_cast<std::size_t>(i)];
    c.id = "bench-" + std::to_string(round) + "-" + std::to_string(i);
    c.customer.fd = udp_socket(&c.customer.port);
    c.agent.fd = udp_socket(&c.agent.port);
    if (!relayed) {
      aim(c.customer, c.agent.port);
      aim(c.agent, c.customer.port);
      ++step.set_up;
      continue;
    }
    media::Bencode::Dict offer{
        {"command", "offer"},
        {"call-id", c.id},
        {"from-tag", "customer"},
        {"sdp", sdp_for("customer", c.customer.port)},
        {"ICE", "remove"},
        {"replace",
         media::Bencode::List{media::Bencode("origin"), media::Bencode("session-connection")}}};
    if (record) offer["record call"] = "yes";
    auto o = test::ng_request(ng, offer, 2s);
    if (!o || o->text("result") != "ok") continue;
    auto a = test::ng_request(
        ng,
        {{"command", "answer"},
         {"call-id", c.id},
         {"from-tag", "customer"},
         {"to-tag", "agent"},
         {"sdp", sdp_for("agent", c.agent.port)},
         {"ICE", "remove"},
         {"replace",
          media::Bencode::List{media::Bencode("origin"), media::Bencode("session-connection")}}},
        2s);
    if (!a || a->text("result") != "ok") continue;
    aim(c.agent, port_in(o->text("sdp")));     // the agent sends to rtpengine's agent side
    aim(c.customer, port_in(a->text("sdp")));  // the customer to its customer side
    ++step.set_up;
  }
  // 20 ms of A-law silence-ish (0xd5) behind an RTP header, 50 per second per direction.
  std::vector<char> packet(12 + 160, static_cast<char>(0xd5));
  packet[0] = static_cast<char>(0x80);
  packet[1] = 8;
  std::vector<char> buf(2048);
  // One read per endpoint per tick (one packet arrives per tick), everything left at the end:
  // the generator's syscalls are the limit of this bench, not rtpengine's.
  auto drain = [&](Endpoint& e, bool all) {
    do {
      const auto r = ::recv(e.fd, buf.data(), buf.size(), 0);
      if (r <= 0) break;
      ++e.received;
    } while (all);
  };
  const double cpu0 = rtpengine > 0 ? test::cpu_seconds(rtpengine) : 0;
  const double self0 = test::cpu_seconds(::getpid());
  const auto start = Clock::now();
  const int ticks = static_cast<int>(seconds * 50);
  std::uint32_t seq = 0;
  for (int t = 0; t < ticks; ++t) {
    ++seq;
    for (auto& c : calls) {
      for (Endpoint* e : {&c.customer, &c.agent}) {
        const std::uint32_t ts = seq * 160;
        packet[2] = static_cast<char>(seq >> 8);
        packet[3] = static_cast<char>(seq);
        packet[4] = static_cast<char>(ts >> 24);
        packet[5] = static_cast<char>(ts >> 16);
        packet[6] = static_cast<char>(ts >> 8);
        packet[7] = static_cast<char>(ts);
        packet[11] = static_cast<char>(e == &c.customer ? 1 : 2);
        if (e->to.sin_port == 0) continue;
        if (::sendto(e->fd, packet.data(), packet.size(), 0,
                     reinterpret_cast<const sockaddr*>(&e->to), sizeof e->to) > 0) {
          ++e->sent;
        }
      }
    }
    for (auto& c : calls) {
      drain(c.customer, false);
      drain(c.agent, false);
    }
    std::this_thread::sleep_until(start + std::chrono::milliseconds(20 * (t + 1)));
  }
  std::this_thread::sleep_for(200ms);  // what is still on its way
  for (auto& c : calls) {
    drain(c.customer, true);
    drain(c.agent, true);
  }
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  std::uint64_t sent = 0, received = 0;
  for (auto& c : calls) {
    sent += c.customer.sent + c.agent.sent;
    received += c.customer.received + c.agent.received;
  }
  step.loss = sent > 0 ? 1.0 - static_cast<double>(received) / static_cast<double>(sent) : 1;
  // The pace is measured over the sending time only (the 200 ms drain is not sending).
  step.offered =
      step.set_up > 0 ? static_cast<double>(sent) / (2.0 * 50 * step.set_up * (wall - 0.2)) : 0;
  if (step.set_up < n) step.loss = std::max(step.loss, 1.0 - static_cast<double>(step.set_up) / n);
  if (rtpengine > 0 && step.set_up > 0) {
    step.rtpengine_cpu_per_call = (test::cpu_seconds(rtpengine) - cpu0) / wall / step.set_up;
  }
  step.generator_cpu = (test::cpu_seconds(::getpid()) - self0) / wall;
  for (auto& c : calls) {
    if (relayed) test::ng_request(ng, {{"command", "delete"}, {"call-id", c.id}}, 2s);
    ::close(c.customer.fd);
    ::close(c.agent.fd);
  }
  return step;
}

std::uintmax_t bytes_under(const std::string& dir) {
  std::uintmax_t total = 0;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return 0;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (f.is_regular_file(ec)) total += f.file_size(ec);
  }
  return total;
}

void remove_under(const std::string& dir) {
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(dir, ec)) std::filesystem::remove(f, ec);
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 8;
  std::vector<int> ladder{250, 500, 600, 750, 1000, 1500};
  if (argc > 1) seconds = std::stod(argv[1]);
  if (argc > 2) {
    ladder.clear();
    for (int i = 2; i < argc; ++i) ladder.push_back(std::stoi(argv[i]));
  }
  test::TempDir dir;
  media::EmbeddedRtpengine::Options o;
  o.dir = dir.path() + "/rtpengine";
  // Four ports a call: room for 2,500 calls, below the kernel's ephemeral ports (which the
  // generator's own sockets take) and the system rtpengine's 30000-40000.
  o.port_min = 20000;
  o.port_max = 29999;
  media::EmbeddedRtpengine rtpengine(o);
  if (auto err = rtpengine.start(); !err.empty()) {
    std::fprintf(stderr, "bench_media: %s\n", err.c_str());
    return 1;
  }
  const std::string address = rtpengine.ng_address();
  const auto ng = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
  const std::string pcaps = o.dir + "/recordings/pcaps";
  std::printf("%-10s %6s %8s %9s %8s %14s %10s\n", "mode", "calls", "set up", "loss %", "paced %",
              "rtpengine/call", "generator");
  int round = 0;
  Step best_recorded, best_direct;
  bool recorded_met = false;
  std::uintmax_t capture_bytes = 0;
  double captured_call_seconds = 0;
  for (const char* mode : {"relay", "record", "direct"}) {
    const bool relayed = std::string(mode) != "direct";
    const bool record = std::string(mode) == "record";
    for (int n : ladder) {
      const Step s =
          run_step(n, relayed, record, ng, relayed ? rtpengine.pid() : 0, seconds, ++round);
      std::printf("%-10s %6d %8d %9.3f %8.1f %13.2f%% %9.0f%%%s\n", mode, n, s.set_up, s.loss * 100,
                  s.offered * 100, s.rtpengine_cpu_per_call * 100, s.generator_cpu * 100,
                  s.valid() ? "" : "  (generator behind: not counted)");
      std::fflush(stdout);
      if (record) {
        std::this_thread::sleep_for(300ms);  // deleted calls' captures are closed
        capture_bytes = bytes_under(pcaps);
        captured_call_seconds = static_cast<double>(s.set_up) * seconds;
        if (s.loss < kLossGoal && s.valid()) {
          best_recorded = s;
          recorded_met = true;
        }
        if (n == ladder.back() || s.loss >= kLossGoal || !s.valid()) {
          // One call's capture into a WAV, as blendd's converter does it.
          std::error_code ec;
          for (const auto& f : std::filesystem::directory_iterator(pcaps, ec)) {
            // Its two sides: the two rtpengine ports packets arrived on.
            std::vector<std::uint16_t> ports;
            media::read_pcap(f.path().string(), [&](const media::UdpDatagram& d) {
              if (ports.size() < 2 && (ports.empty() || ports[0] != d.destination_port))
                ports.push_back(d.destination_port);
            });
            if (ports.size() < 2) continue;
            media::MixedRecording mixed;
            const auto t0 = Clock::now();
            media::mix_pcap_to_wav(f.path().string(), ports[0], ports[1], dir.path() + "/one.wav",
                                   &mixed);
            const double convert_s = std::chrono::duration<double>(Clock::now() - t0).count();
            std::printf(
                "one capture: %.0f KiB, %.1f s of call, into a WAV in %.1f ms (%.2f s of "
                "blendd's CPU per recorded call-hour)\n",
                static_cast<double>(f.file_size()) / 1024, mixed.duration_s, convert_s * 1000,
                mixed.duration_s > 0 ? convert_s / mixed.duration_s * 3600 : 0.0);
            break;
          }
        }
        remove_under(pcaps);
        remove_under(o.dir + "/recordings/metadata");
      }
      if (!relayed && s.loss < kLossGoal && s.valid()) best_direct = s;
      if (!relayed && s.loss >= kLossGoal && best_direct.calls == 0) best_direct = s;
      // Well past the knee (or the generator's own limit): the next step says nothing new.
      if (s.loss >= kLossGoal * 4 || !s.valid()) break;
    }
  }
  if (captured_call_seconds > 0) {
    std::printf(
        "recording disk: %.1f MB of capture per call-hour (pcap, both directions); the WAV "
        "is %.1f MB per call-hour (8 kHz, 16 bit, two channels)\n",
        static_cast<double>(capture_bytes) / captured_call_seconds * 3600 / 1e6,
        8000.0 * 2 * 2 * 3600 / 1e6);
  }
  rtpengine.stop();
  std::printf(
      "media: %d concurrent relayed calls at %.2f%% loss with recording on; direct: %d calls "
      "at %.2f%% loss\n",
      recorded_met ? best_recorded.calls : 0, recorded_met ? best_recorded.loss * 100 : 100.0,
      best_direct.calls, best_direct.loss * 100);
  return 0;
}
