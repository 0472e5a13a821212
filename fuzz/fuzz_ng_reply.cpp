// The NG client's receive path with untrusted datagrams: a request goes out to a fake rtpengine
// on loopback, which answers with the input under the request's cookie (and, for inputs starting
// with '!', as it is). The client must drop or complete the request, never crash or hang.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "media/ng_client.hpp"

namespace {

struct Rig {
  Rig() {
    fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    timeval tv{0, 200000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    blendd::media::NgClient::Options o;
    o.port = ntohs(a.sin_port);
    o.timeout = std::chrono::milliseconds(50);
    o.retransmit = std::chrono::milliseconds(50);
    client = std::make_unique<blendd::media::NgClient>(io, o);
  }
  boost::asio::io_context io;
  int fd = -1;
  std::unique_ptr<blendd::media::NgClient> client;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Rig rig;
  const std::string input(reinterpret_cast<const char*>(data), size);
  // Shared: a request whose reply was dropped times out during a later input.
  auto done = std::make_shared<bool>(false);
  const auto bad_before = rig.client->counters().bad_datagrams;
  rig.client->request({{"command", "query"}, {"call-id", "x"}}, [done](blendd::media::NgReply r) {
    *done = true;
    (void)r.body.text("result");
    (void)r.body.encode();
  });
  rig.io.poll();  // sends it
  char buf[4096];
  sockaddr_in from{};
  socklen_t len = sizeof from;
  const auto n = ::recvfrom(rig.fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
  if (n <= 0) return 0;
  const std::string request(buf, static_cast<std::size_t>(n));
  const std::string cookie = request.substr(0, request.find(' '));
  const std::string reply =
      !input.empty() && input[0] == '!' ? input.substr(1) : cookie + " " + input;
  ::sendto(rig.fd, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
  // Until the reply is taken or dropped (a dropped one's request times out later, unwaited).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
  while (!*done && rig.client->counters().bad_datagrams == bad_before &&
         std::chrono::steady_clock::now() < deadline) {
    rig.io.run_for(std::chrono::milliseconds(1));
    if (rig.io.stopped()) rig.io.restart();
  }
  return 0;
}
