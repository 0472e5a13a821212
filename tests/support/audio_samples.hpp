#pragma once
// Test audio: tones, G.711 RTP of them in pcap files (what sipp's play_pcap_audio sends, what
// rtpengine's recordings look like), and the frequency a channel carries.
#include <cstdint>
#include <string>
#include <vector>

namespace blendd::test {

std::vector<std::int16_t> tone(double hz, double seconds, int rate = 8000, double amplitude = 8000);

struct RtpPacketSpec {
  std::int64_t at_us = 0;
  std::uint16_t source_port = 4000;
  std::uint16_t destination_port = 5000;
  std::uint32_t ssrc = 1;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  int payload_type = 8;
  std::string payload;
};

// The pcap bytes of these packets over Ethernet/IPv4/UDP from 127.0.0.1 to 127.0.0.1.
std::string pcap_of(const std::vector<RtpPacketSpec>& packets);
// `samples` as 20 ms A-law RTP packets, 20 ms apart from `start_us`.
std::vector<RtpPacketSpec> alaw_packets(const std::vector<std::int16_t>& samples,
                                        std::int64_t start_us, std::uint16_t destination_port,
                                        std::uint32_t ssrc);
void write_file(const std::string& path, const std::string& bytes);
std::string read_file(const std::string& path);
// Every `from` in `text` replaced by `to` (a sipp scenario adapted to a test's ports and audio).
void replace_all(std::string& text, const std::string& from, const std::string& to);

// The frequency among `candidates` with the most energy in samples [from, to) (Goertzel), and
// the mean absolute amplitude there.
double strongest_of(const std::vector<std::int16_t>& samples, const std::vector<double>& candidates,
                    std::size_t from, std::size_t to, int rate = 8000);
double mean_level(const std::vector<std::int16_t>& samples, std::size_t from, std::size_t to);

}  // namespace blendd::test
