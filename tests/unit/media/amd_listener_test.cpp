// AMD's listener over loopback UDP: RTP in, the verdict and the greeting's end out, on the
// listener's own thread. Missing RTP is heard as silence, so a phrase followed by nothing is a
// person, no packet at all is "unsure/no_audio", and a greeting's beep ends it; datagrams that are
// not G.711 RTP are counted and change nothing.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cmath>
#include <condition_variable>
#include <mutex>

#include "media/amd_listener.hpp"
#include "media/g711.hpp"
#include "tests/support/audio_samples.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::udp;

namespace {

class Reports {
 public:
  std::function<void(sip::TapReport)> sink() {
    return [this](sip::TapReport r) {
      std::lock_guard<std::mutex> lock(mutex_);
      got_.push_back(std::move(r));
      cv_.notify_all();
    };
  }
  // The n-th report (from 0), waiting up to `limit` for it.
  std::optional<sip::TapReport> wait(std::size_t n, std::chrono::milliseconds limit = 5s) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!cv_.wait_for(lock, limit, [&] { return got_.size() > n; })) return std::nullopt;
    return got_[n];
  }
  std::size_t count() {
    std::lock_guard<std::mutex> lock(mutex_);
    return got_.size();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<sip::TapReport> got_;
};

// Audio as A-law RTP datagrams of 20 ms.
std::vector<std::string> rtp_of(const std::vector<std::int16_t>& samples, std::uint16_t seq0 = 1) {
  std::vector<std::string> out;
  for (std::size_t at = 0, i = 0; at + 160 <= samples.size(); at += 160, ++i) {
    const auto seq = static_cast<std::uint16_t>(seq0 + i);
    const auto ts = static_cast<std::uint32_t>(at);
    std::string p = {char(0x80),
                     char(8),
                     char(seq >> 8),
                     char(seq & 0xff),
                     char(ts >> 24),
                     char(ts >> 16),
                     char(ts >> 8),
                     char(ts),
                     0,
                     0,
                     0,
                     7};
    for (std::size_t k = 0; k < 160; ++k) p += char(media::linear_to_alaw(samples[at + k]));
    out.push_back(std::move(p));
  }
  return out;
}

// Speech-like: three partials whose loudness moves, so no single frequency holds the energy.
std::vector<std::int16_t> voice(double seconds) {
  std::vector<std::int16_t> out(static_cast<std::size_t>(seconds * 8000));
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double t = static_cast<double>(i) / 8000;
    const double envelope = 0.6 + 0.4 * std::sin(2 * M_PI * 4 * t);
    out[i] = static_cast<std::int16_t>(envelope * (3000 * std::sin(2 * M_PI * 310 * t) +
                                                   2500 * std::sin(2 * M_PI * 730 * t) +
                                                   2000 * std::sin(2 * M_PI * 1270 * t)));
  }
  return out;
}

struct Sender {
  asio::io_context io;
  udp::socket socket{io, udp::v4()};
  udp::endpoint to;
  explicit Sender(const sip::TapAddress& at) : to(asio::ip::make_address(at.address), at.port) {}
  void send(const std::vector<std::string>& datagrams) {
    for (const auto& d : datagrams) socket.send_to(asio::buffer(d), to);
  }
};

}  // namespace

TEST(AmdListener, ABeepIsAMachineAndItsEndIsTheGreetingsEnd) {
  media::AmdListener listener({});
  Reports reports;
  const sip::TapAddress at = listener.open("call-1", amd::AmdParams{}, reports.sink());
  ASSERT_TRUE(at.ok()) << at.error;
  EXPECT_EQ(at.address, "127.0.0.1");
  Sender sender(at);
  sender.send(rtp_of(test::tone(1000, 0.6)));
  auto verdict = reports.wait(0);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->kind, sip::TapReport::Kind::verdict);
  EXPECT_EQ(verdict->cause, "machine/tone");
  EXPECT_LE(verdict->audio_ms, 300);
  listener.follow_greeting("call-1");
  // The beep stopped (no more RTP: silence): the greeting is over at its end.
  auto over = reports.wait(1);
  ASSERT_TRUE(over);
  EXPECT_EQ(over->kind, sip::TapReport::Kind::greeting_over);
  EXPECT_EQ(over->cause, "beep");
  EXPECT_EQ(listener.counters().packets, 30u);
  EXPECT_GT(listener.counters().silent_ms, 0u) << "the silence after it was made up";
}

TEST(AmdListener, APhraseFollowedByNoRtpIsAPerson) {
  media::AmdListener listener({});
  Reports reports;
  const sip::TapAddress at = listener.open("call-2", amd::AmdParams{}, reports.sink());
  ASSERT_TRUE(at.ok()) << at.error;
  Sender sender(at);
  sender.send(rtp_of(voice(0.5)));  // "Hallo?" — then the phone sends nothing (silence)
  auto verdict = reports.wait(0);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->cause, "human/pause_after_greeting");
  EXPECT_GE(verdict->audio_ms, 900) << "about 0.5 s of words, then 0.6 s of pause";
  listener.follow_greeting("call-2");  // a person has no greeting to follow
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(reports.count(), 1u);
}

TEST(AmdListener, NoRtpAtAllIsUnsureNoAudio) {
  media::AmdListener listener({});
  Reports reports;
  amd::AmdParams p;
  p.initial_silence_ms = 500;
  const sip::TapAddress at = listener.open("call-3", p, reports.sink());
  ASSERT_TRUE(at.ok()) << at.error;
  auto verdict = reports.wait(0);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->cause, "unsure/no_audio");
}

TEST(AmdListener, DatagramsThatAreNotG711RtpAreCountedAndChangeNothing) {
  media::AmdListener listener({});
  Reports reports;
  const sip::TapAddress at = listener.open("call-4", amd::AmdParams{}, reports.sink());
  ASSERT_TRUE(at.ok()) << at.error;
  Sender sender(at);
  std::string opus = rtp_of(test::tone(1000, 0.02))[0];
  opus[1] = char(111);  // a dynamic payload type: not G.711
  sender.send({"", "x", std::string(1500, '\xff'), opus});
  sender.send(rtp_of(test::tone(1000, 0.6), 100));
  auto verdict = reports.wait(0);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->cause, "machine/tone");
  EXPECT_GE(listener.counters().refused_packets, 3u);
}

TEST(AmdListener, AClosedCallReportsNothingMore) {
  media::AmdListener listener({});
  Reports reports;
  amd::AmdParams p;
  p.initial_silence_ms = 500;
  listener.open("call-5", p, reports.sink());
  listener.open("call-6", p, reports.sink());
  listener.close("call-5");
  ASSERT_TRUE(reports.wait(0));
  std::this_thread::sleep_for(700ms);
  EXPECT_EQ(reports.count(), 1u) << "only call-6's verdict";
  listener.close("call-6");
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(listener.open_sessions(), 0u);
}
