#include "tests/support/ng_probe.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <vector>

namespace blendd::test {

std::optional<media::Bencode> ng_request(std::uint16_t port, const media::Bencode::Dict& command,
                                         std::chrono::milliseconds wait) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::optional<media::Bencode> out;
  // rtpengine answers a cookie it has seen from its cache: every probe needs its own.
  static std::atomic<unsigned> sequence{0};
  const std::string datagram = "probe" + std::to_string(::getpid()) + "_" +
                               std::to_string(++sequence) + " " + media::Bencode(command).encode();
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::send(fd, datagram.data(), datagram.size(), 0) > 0) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(wait.count())) == 1) {
      std::vector<char> buf(65536);
      const auto n = ::recv(fd, buf.data(), buf.size(), 0);
      const std::string reply(buf.data(), n > 0 ? static_cast<std::size_t>(n) : 0);
      const auto space = reply.find(' ');
      media::Bencode body;
      if (space != std::string::npos && !media::Bencode::decode(reply.substr(space + 1), body)) {
        out = std::move(body);
      }
    }
  }
  ::close(fd);
  return out;
}

std::optional<std::vector<std::string>> ng_calls(std::uint16_t port) {
  auto r = ng_request(port, {{"command", "list"}});
  if (!r || r->text("result") != "ok") return std::nullopt;
  std::vector<std::string> out;
  if (const auto* calls = r->find("calls"); calls != nullptr && calls->list() != nullptr) {
    for (const auto& c : *calls->list()) {
      if (c.string() != nullptr) out.push_back(*c.string());
    }
  }
  return out;
}

std::int64_t packets_in(const media::Bencode& value) {
  std::int64_t n = 0;
  if (const auto* d = value.dict()) {
    for (const auto& [k, v] : *d) {
      if (k == "packets" && v.integer() != nullptr) {
        n += *v.integer();
      } else {
        n += packets_in(v);
      }
    }
  } else if (const auto* l = value.list()) {
    for (const auto& v : *l) n += packets_in(v);
  }
  return n;
}

}  // namespace blendd::test
