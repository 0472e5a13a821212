// The NG client against a fake rtpengine on loopback: replies matched by cookie, garbage and
// strangers' datagrams dropped and counted, retransmission under the same cookie, deadlines.
#include "media/ng_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <optional>

using namespace blendd::media;
namespace asio = boost::asio;
using asio::ip::udp;
using namespace std::chrono_literals;

namespace {

// Answers each datagram as `answer(cookie, body)` says; nullopt: stays silent.
class FakeRtpengine {
 public:
  explicit FakeRtpengine(asio::io_context& io)
      : socket_(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    receive();
  }
  std::uint16_t port() const { return socket_.local_endpoint().port(); }
  std::function<std::vector<std::string>(const std::string& cookie, const std::string& body)>
      answer;
  int received = 0;

 private:
  void receive() {
    socket_.async_receive_from(asio::buffer(buf_), from_, [this](auto ec, std::size_t n) {
      if (ec) return;
      ++received;
      const std::string d(buf_.data(), n);
      const auto space = d.find(' ');
      for (const auto& reply : answer(d.substr(0, space), d.substr(space + 1))) {
        socket_.send_to(asio::buffer(reply), from_);
      }
      receive();
    });
  }
  udp::socket socket_;
  udp::endpoint from_;
  std::array<char, 65536> buf_{};
};

template <class Pred>
void run_until(asio::io_context& io, Pred pred) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!pred() && std::chrono::steady_clock::now() < deadline) {
    io.run_for(5ms);
    if (io.stopped()) io.restart();
  }
}

}  // namespace

TEST(NgClient, AReplyIsMatchedByItsCookieAndGarbageIsDroppedAndCounted) {
  asio::io_context io;
  FakeRtpengine fake(io);
  fake.answer = [](const std::string& cookie, const std::string& body) {
    EXPECT_EQ(body, "d7:command4:pinge");
    return std::vector<std::string>{"no-space-at-all", "other d6:result4:ponge",
                                    cookie + " d6:result4", cookie + " d6:result4:ponge"};
  };
  NgClient client(io, {"127.0.0.1", fake.port(), 1000ms, 250ms});
  std::optional<NgReply> reply;
  client.request({{"command", "ping"}}, [&](NgReply r) { reply = std::move(r); });
  run_until(io, [&] { return reply.has_value(); });
  ASSERT_TRUE(reply);
  EXPECT_TRUE(reply->ok()) << reply->why;
  EXPECT_EQ(reply->body.text("result"), "pong");
  EXPECT_EQ(client.counters().bad_datagrams, 3u);
}

TEST(NgClient, ALostRequestIsSentAgainUnderTheSameCookie) {
  asio::io_context io;
  FakeRtpengine fake(io);
  std::vector<std::string> cookies;
  fake.answer = [&](const std::string& cookie, const std::string&) {
    cookies.push_back(cookie);
    if (cookies.size() < 3) return std::vector<std::string>{};  // lost twice
    return std::vector<std::string>{cookie + " d6:result2:ok3:sdp3:v=0e"};
  };
  NgClient client(io, {"127.0.0.1", fake.port(), 2000ms, 100ms});
  std::optional<NgReply> reply;
  client.request({{"command", "offer"}}, [&](NgReply r) { reply = std::move(r); });
  run_until(io, [&] { return reply.has_value(); });
  ASSERT_TRUE(reply);
  EXPECT_TRUE(reply->ok());
  ASSERT_EQ(cookies.size(), 3u);
  EXPECT_EQ(cookies[0], cookies[2]);
  EXPECT_EQ(client.counters().retransmits, 2u);
}

TEST(NgClient, SilenceEndsInATimeoutAndAnErrorReplyIsARefusal) {
  asio::io_context io;
  FakeRtpengine fake(io);
  fake.answer = [](const std::string& cookie, const std::string& body) {
    if (body.find("answer") != std::string::npos) return std::vector<std::string>{};
    return std::vector<std::string>{cookie + " d12:error-reason12:Unknown call6:result5:errore"};
  };
  NgClient client(io, {"127.0.0.1", fake.port(), 300ms, 100ms});
  std::optional<NgReply> silent, refused;
  client.request({{"command", "answer"}}, [&](NgReply r) { silent = std::move(r); });
  client.request({{"command", "delete"}}, [&](NgReply r) { refused = std::move(r); });
  run_until(io, [&] { return silent && refused; });
  ASSERT_TRUE(silent && refused);
  EXPECT_EQ(silent->error, make_error_code(NgErrc::timeout));
  EXPECT_EQ(refused->error, make_error_code(NgErrc::refused));
  EXPECT_EQ(refused->why, "Unknown call");
  EXPECT_EQ(client.counters().timeouts, 1u);
}
