// Hostile SIP input against the gateway (RFC 4475 torture classes, built here): garbage,
// malformed requests, lying Content-Length, unknown methods and schemes, several requests in
// one datagram, a huge header, a 70 KB INVITE over TCP. Nothing may crash (this also runs under
// ASan), no call may be created, no handle leaked — and a proper call still goes through.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <random>

#include "tests/support/child_process.hpp"
#include "tests/support/sip_peers.hpp"
#include "tests/support/temp_dir.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

constexpr int kPort = 25300;

sockaddr_in gateway_address() {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(kPort);
  ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  return to;
}

void udp_send(const std::string& datagram) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in to = gateway_address();
  ::sendto(fd, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  ::close(fd);
}

// Sends one datagram and returns the first answer's status line ("" if none within 500 ms).
std::string udp_exchange(const std::string& datagram) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  timeval tv{0, 500000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in to = gateway_address();
  ::sendto(fd, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  char buffer[65536];
  const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
  ::close(fd);
  if (n <= 0) return {};
  std::string answer(buffer, static_cast<std::size_t>(n));
  return answer.substr(0, answer.find("\r\n"));
}

std::string request(const std::string& method, const std::string& uri, const std::string& extra,
                    const std::string& body, int content_length) {
  return method + " " + uri +
         " SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.1:25399;branch=z9hG4bK" +
         std::to_string(std::rand()) +
         "\r\n"
         "From: <sip:attacker@127.0.0.1>;tag=1\r\nTo: <sip:8005550100@127.0.0.1>\r\n"
         "Call-ID: " +
         std::to_string(std::rand()) + "@hostile\r\nCSeq: 1 " + method +
         "\r\n"
         "Max-Forwards: 70\r\n" +
         extra + "Content-Length: " + std::to_string(content_length) + "\r\n\r\n" + body;
}

const std::string kSdp =
    "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP "
    "0\r\n";

}  // namespace

TEST(SipHostileInput, MalformedMessagesCreateNoCallAndTheGatewayKeepsWorking) {
  test::TempDir dir;
  test::LegEvents events;
  auto options = test::gateway_options(kPort);
  std::atomic<int> sofia_lines{0};
  options.log = [&sofia_lines](std::string_view) { ++sofia_lines; };  // sofia complains; fine
  auto gateway = test::started_gateway(options, events);
  ASSERT_TRUE(gateway);
  std::mt19937 rng(4475);
  // 1. Garbage datagrams, empty ones, binary noise.
  for (int i = 0; i < 200; ++i) {
    std::string noise(static_cast<std::size_t>(rng() % 1400), '\0');
    for (auto& ch : noise) ch = static_cast<char>(rng());
    udp_send(noise);
  }
  udp_send("");
  // 2. Torture classes: each answered sanely or dropped, never a call.
  const std::string ct = "Content-Type: application/sdp\r\n";
  const std::vector<std::pair<std::string, std::string>> torture = {
      {"invalid escape",
       request("INVITE", "sip:%zz%@127.0.0.1", ct, kSdp, static_cast<int>(kSdp.size()))},
      {"unknown scheme",
       request("INVITE", "foo:bar@127.0.0.1", ct, kSdp, static_cast<int>(kSdp.size()))},
      {"Content-Length too large", request("INVITE", "sip:8005550100@127.0.0.1", ct, kSdp, 5000)},
      {"Content-Length negative", request("INVITE", "sip:8005550100@127.0.0.1", ct, kSdp, -5)},
      {"unknown method", request("FOOBAR", "sip:8005550100@127.0.0.1", "", "", 0)},
      {"no SDP offer", request("INVITE", "sip:8005550100@127.0.0.1", "", "", 0)},
      {"huge header", request("OPTIONS", "sip:8005550100@127.0.0.1",
                              "X-Filler: " + std::string(30000, 'a') + "\r\n", "", 0)},
      {"two requests in one datagram", request("OPTIONS", "sip:a@127.0.0.1", "", "", 0) +
                                           request("OPTIONS", "sip:b@127.0.0.1", "", "", 0)},
      {"truncated", "INVITE sip:8005550100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP"},
      {"bad version", "INVITE sip:8005550100@127.0.0.1 SIP/7.0\r\n\r\n"},
  };
  for (const auto& [name, datagram] : torture) {
    const std::string status = udp_exchange(datagram);
    // A sane answer is a final error (4xx-6xx) or silence (unparseable); never 1xx/2xx.
    if (!status.empty()) {
      const int code = std::atoi(status.substr(8, 3).c_str());
      EXPECT_TRUE(code >= 400 && code < 700) << name << ": " << status;
    }
  }
  // 3. A 70 KB INVITE over TCP: refused by the 64 KiB message limit.
  {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to = gateway_address();
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to), 0);
    const std::string body(70 * 1024, 'x');
    std::string big =
        request("INVITE", "sip:8005550100@127.0.0.1", ct, body, static_cast<int>(body.size()));
    big.replace(big.find("SIP/2.0/UDP"), 11, "SIP/2.0/TCP");
    ::send(fd, big.data(), big.size(), MSG_NOSIGNAL);
    timeval tv{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buffer[4096];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      const std::string answer(buffer, static_cast<std::size_t>(n));
      EXPECT_NE(answer.rfind("SIP/2.0 4", 0), std::string::npos) << answer.substr(0, 80);
    }
    ::close(fd);
  }
  EXPECT_EQ(events.count(sip::LegEventKind::inbound_arrived), 0) << events.dump() << "no call";
  EXPECT_TRUE(test::no_handles_left(*gateway));
  // 4. And a proper caller still gets through.
  test::ChildProcess caller(test::sipp_uac("uac_inbound_cancel.xml", 25301, kPort, "8005550100", 1),
                            dir.file("caller.log"));
  EXPECT_TRUE(events.wait_first(sip::LegEventKind::cancelled, 10s)) << caller.log();
  EXPECT_EQ(caller.wait(10s), 0) << caller.log();
  EXPECT_TRUE(test::no_handles_left(*gateway));
}
