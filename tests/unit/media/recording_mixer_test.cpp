// A recorded call's pcap into a two-channel WAV: sides by port, placement by RTP timestamps,
// what is left out, and files cut short.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "media/g711.hpp"
#include "media/recording_mixer.hpp"
#include "tests/support/audio_samples.hpp"
#include "tests/support/temp_dir.hpp"

namespace blendd::media {
namespace {

using test::alaw_packets;
using test::pcap_of;
using test::strongest_of;
using test::tone;

constexpr std::int64_t kStart = 1'700'000'000'000'000;

TEST(G711, EveryCodeDecodesAndEncodesBackToItself) {
  for (int code = 0; code < 256; ++code) {
    const auto byte = static_cast<std::uint8_t>(code);
    EXPECT_EQ(linear_to_alaw(alaw_to_linear(byte)), byte) << code;
    const auto back = linear_to_ulaw(ulaw_to_linear(byte));
    // µ-law has two codes for zero (0x7f and 0xff): either is right for silence.
    if (ulaw_to_linear(byte) == 0) {
      EXPECT_EQ(ulaw_to_linear(back), 0);
    } else {
      EXPECT_EQ(back, byte) << code;
    }
  }
  EXPECT_NEAR(alaw_to_linear(linear_to_alaw(10000)), 10000, 10000 * 0.04);
  EXPECT_NEAR(ulaw_to_linear(linear_to_ulaw(-10000)), -10000, 10000 * 0.04);
}

TEST(RecordingMixer, EachSideIsTheChannelOfThePortItSentToPlacedByItsTimestamps) {
  auto customer = alaw_packets(tone(440, 1.0), kStart, 5000, 11);
  auto agent = alaw_packets(tone(1000, 1.0), kStart + 500'000, 5002, 22);
  std::vector<test::RtpPacketSpec> all;
  for (std::size_t i = 0; i < customer.size() || i < agent.size(); ++i) {
    if (i < customer.size()) all.push_back(customer[i]);
    if (i < agent.size()) all.push_back(agent[i]);
  }
  std::swap(all[10], all[12]);  // reordered on the way: the timestamps still place them
  for (auto& p : all) p.at_us += (p.sequence % 3) * 3000;  // and jitter
  test::RtpPacketSpec rtcp = customer[0];
  rtcp.destination_port = 5001;
  all.push_back(rtcp);
  test::RtpPacketSpec dtmf = customer[3];
  dtmf.payload_type = 101;
  all.push_back(dtmf);

  RecordingMixer mixer(5000, 5002);
  const std::string bytes = pcap_of(all);
  ASSERT_FALSE(read_pcap_bytes(bytes, [&](const UdpDatagram& d) { mixer.add(d); }));
  const WavAudio audio = mixer.audio();
  ASSERT_EQ(audio.channels.size(), 2u);
  EXPECT_NEAR(static_cast<double>(audio.channels[0].size()) / 8000, 1.5, 0.01);
  const std::vector<double> candidates{440, 1000};
  EXPECT_EQ(strongest_of(audio.channels[0], candidates, 0, 8000), 440);
  EXPECT_EQ(strongest_of(audio.channels[1], candidates, 4000, 12000), 1000);
  EXPECT_LT(test::mean_level(audio.channels[1], 0, 3900), 1.0);  // the agent was not there yet
  EXPECT_LT(test::mean_level(audio.channels[0], 8100, 12000), 1.0);
  EXPECT_GT(test::mean_level(audio.channels[0], 0, 8000), 4000);
  EXPECT_EQ(mixer.counters().customer_packets, customer.size());
  EXPECT_EQ(mixer.counters().agent_packets, agent.size());
  EXPECT_EQ(mixer.counters().other_ports, 1u);
  EXPECT_EQ(mixer.counters().not_g711, 1u);
}

TEST(RecordingMixer, ANewSsrcReanchorsOnItsArrival) {
  auto first = alaw_packets(tone(440, 0.4), kStart, 5000, 1);
  auto second = alaw_packets(tone(440, 0.4), kStart + 1'000'000, 5000, 2);
  for (auto& p : second) p.timestamp += 77777;  // a new stream's own clock
  first.insert(first.end(), second.begin(), second.end());
  RecordingMixer mixer(5000, 5002);
  ASSERT_FALSE(read_pcap_bytes(pcap_of(first), [&](const UdpDatagram& d) { mixer.add(d); }));
  const WavAudio audio = mixer.audio();
  EXPECT_NEAR(static_cast<double>(audio.channels[0].size()) / 8000, 1.4, 0.01);
  EXPECT_LT(test::mean_level(audio.channels[0], 3300, 7900), 1.0);
  EXPECT_GT(test::mean_level(audio.channels[0], 8100, 11000), 4000);
}

TEST(PcapReader, AFileCutShortEndsTheReadingAndIsSaidSo) {
  std::string bytes = pcap_of(alaw_packets(tone(440, 0.2), kStart, 5000, 1));
  bytes.resize(bytes.size() - 30);
  PcapSummary summary;
  int seen = 0;
  EXPECT_FALSE(read_pcap_bytes(
      bytes, [&](const UdpDatagram&) { ++seen; }, &summary));
  EXPECT_TRUE(summary.truncated);
  EXPECT_EQ(seen, 9);
}

TEST(PcapReader, WhatIsNotPcapIsAnError) {
  auto why = read_pcap_bytes("RIFF....WAVEfmt and a lot more than that", [](const UdpDatagram&) {});
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("magic"), std::string::npos);
  EXPECT_TRUE(read_pcap("/nonexistent/x.pcap", [](const UdpDatagram&) {}));
}

TEST(MixPcapToWav, TheWavReadsBackWithBothChannels) {
  test::TempDir dir;
  const std::string pcap = dir.path() + "/call.pcap";
  auto packets = alaw_packets(tone(440, 0.5), kStart, 5000, 1);
  auto agent = alaw_packets(tone(1000, 0.5), kStart, 5002, 2);
  packets.insert(packets.end(), agent.begin(), agent.end());
  test::write_file(pcap, pcap_of(packets));
  MixedRecording mixed;
  ASSERT_FALSE(mix_pcap_to_wav(pcap, 5000, 5002, dir.path() + "/call.wav", &mixed));
  EXPECT_NEAR(mixed.duration_s, 0.5, 0.01);
  EXPECT_EQ(mixed.started_us, kStart);
  std::string error;
  auto audio = read_wav(dir.path() + "/call.wav", &error);
  ASSERT_TRUE(audio) << error;
  ASSERT_EQ(audio->channels.size(), 2u);
  EXPECT_EQ(strongest_of(audio->channels[1], {440, 1000}, 0, 4000), 1000);
  EXPECT_TRUE(mix_pcap_to_wav(pcap, 5000, 5002, "/nonexistent/dir/call.wav", &mixed));
}

}  // namespace
}  // namespace blendd::media
