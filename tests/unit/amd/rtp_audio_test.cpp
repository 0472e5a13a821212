// The customer's RTP as the detectors hear it: G.711 decoded into 20 ms frames on the RTP clock; a
// lost packet is silence of its length, a late or repeated one is dropped, a new stream (SSRC)
// starts afresh; what is not G.711 audio is refused with the reason. And the voicemail drop's
// wait for the greeting's end: a beep's end, or a silence.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "amd/g711.hpp"
#include "amd/greeting_end.hpp"
#include "amd/rtp_audio.hpp"

using namespace blendd::amd;

namespace {

std::vector<std::uint8_t> rtp(std::uint16_t seq, std::uint32_t ts, std::uint8_t fill, int pt = 0,
                              std::uint32_t ssrc = 0x1234, std::size_t n = 160) {
  std::vector<std::uint8_t> p{0x80,
                              static_cast<std::uint8_t>(pt),
                              static_cast<std::uint8_t>(seq >> 8),
                              static_cast<std::uint8_t>(seq),
                              static_cast<std::uint8_t>(ts >> 24),
                              static_cast<std::uint8_t>(ts >> 16),
                              static_cast<std::uint8_t>(ts >> 8),
                              static_cast<std::uint8_t>(ts),
                              static_cast<std::uint8_t>(ssrc >> 24),
                              static_cast<std::uint8_t>(ssrc >> 16),
                              static_cast<std::uint8_t>(ssrc >> 8),
                              static_cast<std::uint8_t>(ssrc)};
  p.insert(p.end(), n, fill);
  return p;
}

struct Heard {
  std::vector<std::vector<std::int16_t>> frames;
  RtpAudio audio{[this](const std::int16_t* s, std::size_t n) { frames.emplace_back(s, s + n); }};
  std::string send(const std::vector<std::uint8_t>& p) { return audio.packet(p.data(), p.size()); }
};

}  // namespace

TEST(RtpAudio, DecodesG711IntoFramesOnTheRtpClock) {
  Heard h;
  const std::uint8_t loud = linear_to_ulaw(8000);
  EXPECT_EQ(h.send(rtp(1, 1000, loud)), "");
  EXPECT_EQ(h.send(rtp(2, 1160, loud)), "");
  ASSERT_EQ(h.frames.size(), 2u);
  EXPECT_NEAR(h.frames[0][0], 8000, 300);
  // Packet 3 is lost: its 20 ms come as silence before packet 4's audio.
  EXPECT_EQ(h.send(rtp(4, 1480, loud)), "");
  ASSERT_EQ(h.frames.size(), 4u);
  EXPECT_EQ(h.frames[2][0], 0);
  EXPECT_EQ(h.audio.concealed_ms(), 20u);
  // Packet 3 arrives late: dropped, the clock does not go back.
  EXPECT_EQ(h.send(rtp(3, 1320, loud)), "late or repeated");
  EXPECT_EQ(h.frames.size(), 4u);
  // A-law on a new stream.
  EXPECT_EQ(h.send(rtp(9, 50, linear_to_alaw(-4000), 8, 0x9999)), "");
  ASSERT_EQ(h.frames.size(), 5u);
  EXPECT_NEAR(h.frames[4][0], -4000, 200);
}

TEST(RtpAudio, RefusesWhatIsNotG711AudioWithTheReason) {
  Heard h;
  EXPECT_EQ(h.send({0x80, 0, 1}), "shorter than an RTP header");
  auto v1 = rtp(1, 0, 0xff);
  v1[0] = 0x40;
  EXPECT_EQ(h.send(v1), "not RTP version 2");
  EXPECT_EQ(h.send(rtp(1, 0, 0xff, 18)), "payload type 18 is not G.711");
  auto padded = rtp(1, 0, 0xff);
  padded[0] |= 0x20;
  padded.back() = 250;
  EXPECT_EQ(h.send(padded), "padding longer than the packet");
  // Twelve CSRCs and padding on a 29-byte packet (what the fuzzer found): the header is checked
  // before the padding is taken off.
  auto csrcs = rtp(1, 0, 0x55, 0, 0x1234, 17);
  csrcs[0] = 0xac;
  EXPECT_EQ(h.send(csrcs), "a header longer than the packet");
  EXPECT_EQ(h.send(rtp(1, 0, 0xff, 13)), "") << "comfort noise is quietly skipped";
  EXPECT_TRUE(h.frames.empty());
}

TEST(GreetingEnd, IsTheEndOfTheBeepOrASilence) {
  AmdParams p;
  std::vector<std::int16_t> a(8000 / 2, 0);  // the greeting's last half second: quiet speech
  for (std::size_t i = 0; i < a.size(); ++i)
    a[i] = static_cast<std::int16_t>(4000 * std::sin(i * 0.37) * std::sin(i * 0.011));
  for (int i = 0; i < 8000 / 2; ++i)
    a.push_back(static_cast<std::int16_t>(9000 * std::sin(2 * 3.14159265 * 1000 * i / 8000)));
  a.resize(a.size() + 8000, 0);
  GreetingEndDetector beep(p);
  std::optional<GreetingEnd> end;
  for (std::size_t at = 0; at + 160 <= a.size() && !end; at += 160)
    end = beep.frame(a.data() + at, 160);
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(end->cause, "beep");
  EXPECT_NEAR(end->at_ms, 1000, 40);  // right after the 0.5 s beep that began at 0.5 s

  std::vector<std::int16_t> quiet(8000 * 3, 0);
  GreetingEndDetector silence(p);
  end.reset();
  for (std::size_t at = 0; at + 160 <= quiet.size() && !end; at += 160)
    end = silence.frame(quiet.data() + at, 160);
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(end->cause, "silence");
  EXPECT_EQ(end->at_ms, p.voicemail_silence_ms);
}
