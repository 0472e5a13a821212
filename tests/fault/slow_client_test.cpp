// Slow and silent clients on a real blendd (http.idle_timeout_s: 2): a slowloris that never
// finishes its header, a body that stops half-way, and a WebSocket that answers no ping are all
// dropped after the idle timeout, while other clients are served meanwhile.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/call_centre_run.hpp"
#include "tests/support/http_client.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads what the server sends until it closes; returns when it did (or the limit passed).
std::chrono::milliseconds time_to_close(int fd, std::chrono::seconds limit) {
  timeval tv{static_cast<long>(limit.count()), 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  const auto start = std::chrono::steady_clock::now();
  char buf[4096];
  while (::recv(fd, buf, sizeof buf, 0) > 0) {
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

void send_all(int fd, const std::string& text) {
  ASSERT_EQ(::send(fd, text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size()));
}

}  // namespace

TEST(SlowClients, SlowlorisHalfBodiesAndSilentWebSocketsAreDroppedOthersServed) {
  auto spec = test::centre_spec(1, 0);
  spec.http_idle_timeout_s = 2;
  test::CallCentreRun run(spec, 28780);
  ASSERT_TRUE(run.up()) << run.log();
  std::vector<int> slow;
  for (int i = 0; i < 50; ++i) {  // a header that never ends
    const int fd = connect_to(run.http_port());
    ASSERT_GE(fd, 0);
    send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    slow.push_back(fd);
  }
  const int half_body = connect_to(run.http_port());
  send_all(half_body,
           "PUT /api/v1/groups/sales/thresholds HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n"
           "Authorization: Bearer " +
               std::string(test::CallCentreRun::kSupervisor) + "\r\n\r\n{\"start\":");
  const int silent_ws = connect_to(run.http_port());
  send_all(silent_ws,
           "GET /agent/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
  // Meanwhile everyone else is served at once.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(test::http_get(run.http_port(), "/healthz").status, 200);
  const auto waited = time_to_close(slow.front(), 10s);
  EXPECT_GE(waited, 1s) << "not before the idle timeout";
  for (int fd : slow) {
    EXPECT_LT(time_to_close(fd, 10s), 6s) << "a slowloris client must be dropped";
    ::close(fd);
  }
  EXPECT_LT(time_to_close(half_body, 10s), 6s) << "a body that stopped half-way";
  ::close(half_body);
  // The silent WebSocket got its 101 and pings, answered none: dropped.
  EXPECT_LT(time_to_close(silent_ws, 10s), 8s);
  ::close(silent_ws);
  EXPECT_EQ(test::http_get(run.http_port(), "/healthz").status, 200);
  EXPECT_TRUE(run.blendd().running());
}
