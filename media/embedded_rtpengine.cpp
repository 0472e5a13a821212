#include "media/embedded_rtpengine.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

namespace blendd::media {

namespace {

std::uint16_t free_udp_port() {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  std::uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace

bool ng_ping_blocking(std::uint16_t port, std::chrono::milliseconds wait) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool pong = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    const char ping[] = "start d7:command4:pinge";
    if (::send(fd, ping, sizeof ping - 1, 0) > 0) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(wait.count())) == 1) {
        char buf[256];
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        pong = n > 0 &&
               std::string(buf, static_cast<std::size_t>(n)).find("4:pong") != std::string::npos;
      }
    }
  }
  ::close(fd);
  return pong;
}

EmbeddedRtpengine::EmbeddedRtpengine(Options options) : options_(std::move(options)) {}

EmbeddedRtpengine::~EmbeddedRtpengine() {
  stop();
}

std::string EmbeddedRtpengine::start() {
  std::error_code ec;
  // rtpengine makes pcaps/ and metadata/ in its recording spool, but not the spool itself.
  std::filesystem::create_directories(options_.dir + "/recordings", ec);
  if (ec) return "cannot create " + options_.dir + "/recordings: " + ec.message();
  if (options_.port_min == 0 || options_.port_max < options_.port_min) {
    return "media.port_min/port_max do not give a port range";
  }
  if (options_.ng_port == 0) options_.ng_port = free_udp_port();
  if (options_.ng_port == 0) return "no free loopback UDP port for rtpengine's NG socket";
  const std::string ng = "127.0.0.1:" + std::to_string(options_.ng_port);
  // --config-file=none: the system instance's /etc/rtpengine/rtpengine.conf would add its own
  // listeners (HTTP, CLI) and interfaces.
  std::vector<std::string> args = {
      options_.binary, "--config-file=none", "--interface=" + options_.interface,
      "--listen-ng=" + ng, "--foreground", "--table=-1",
      "--port-min=" + std::to_string(options_.port_min),
      "--port-max=" + std::to_string(options_.port_max),
      "--pidfile=" + options_.dir + "/rtpengine.pid", "--log-stderr", "--log-level=5",
      "--delete-delay=0",  // a deleted call is gone at once
      // Calls blendd asks to record (`record call`) are captured to
      // pcap under recordings/pcaps, in userspace.
      "--recording-dir=" + options_.dir + "/recordings", "--recording-method=pcap"};
  const std::string log = options_.dir + "/rtpengine.log";
  if (std::string err = child_.spawn(args, log); !err.empty()) return err;
  const auto deadline = std::chrono::steady_clock::now() + options_.start_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ng_ping_blocking(options_.ng_port, std::chrono::milliseconds(50))) return {};
    if (auto status = child_.reap()) {
      if (os::SupervisedChild::could_not_run(*status)) {
        return "cannot run '" + options_.binary + "' (is rtpengine-daemon installed?)";
      }
      return "rtpengine exited at start; see " + log;
    }
  }
  stop();
  return "rtpengine did not answer on " + ng + " in time; see " + log;
}

bool EmbeddedRtpengine::running() {
  return child_.running();
}

void EmbeddedRtpengine::stop(std::chrono::milliseconds timeout) {
  child_.stop(timeout);
}

}  // namespace blendd::media
