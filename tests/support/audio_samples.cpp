#include "tests/support/audio_samples.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "media/g711.hpp"

namespace blendd::test {

namespace {

void le32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void be16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xff));
}
void be32(std::string& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

}  // namespace

std::vector<std::int16_t> tone(double hz, double seconds, int rate, double amplitude) {
  std::vector<std::int16_t> out(static_cast<std::size_t>(seconds * rate));
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<std::int16_t>(amplitude *
                                       std::sin(2 * M_PI * hz * static_cast<double>(i) / rate));
  }
  return out;
}

std::string pcap_of(const std::vector<RtpPacketSpec>& packets) {
  std::string out;
  le32(out, 0xa1b2c3d4);
  out += std::string("\x02\x00\x04\x00", 4);  // version 2.4
  le32(out, 0);
  le32(out, 0);
  le32(out, 65535);
  le32(out, 1);  // Ethernet
  for (const auto& p : packets) {
    std::string rtp;
    rtp.push_back(static_cast<char>(0x80));
    rtp.push_back(static_cast<char>(p.payload_type & 0x7f));
    be16(rtp, p.sequence);
    be32(rtp, p.timestamp);
    be32(rtp, p.ssrc);
    rtp += p.payload;
    std::string frame(12, '\0');
    frame += std::string("\x08\x00", 2);
    std::string ip;
    ip.push_back(0x45);
    ip.push_back(0);
    be16(ip, static_cast<std::uint16_t>(20 + 8 + rtp.size()));
    be32(ip, 0);
    ip.push_back(64);
    ip.push_back(17);
    be16(ip, 0);
    be32(ip, 0x7f000001);
    be32(ip, 0x7f000001);
    frame += ip;
    be16(frame, p.source_port);
    be16(frame, p.destination_port);
    be16(frame, static_cast<std::uint16_t>(8 + rtp.size()));
    be16(frame, 0);
    frame += rtp;
    le32(out, static_cast<std::uint32_t>(p.at_us / 1'000'000));
    le32(out, static_cast<std::uint32_t>(p.at_us % 1'000'000));
    le32(out, static_cast<std::uint32_t>(frame.size()));
    le32(out, static_cast<std::uint32_t>(frame.size()));
    out += frame;
  }
  return out;
}

std::vector<RtpPacketSpec> alaw_packets(const std::vector<std::int16_t>& samples,
                                        std::int64_t start_us, std::uint16_t destination_port,
                                        std::uint32_t ssrc) {
  std::vector<RtpPacketSpec> out;
  for (std::size_t at = 0; at + 160 <= samples.size(); at += 160) {
    RtpPacketSpec p;
    p.at_us = start_us + static_cast<std::int64_t>(at / 160) * 20'000;
    p.destination_port = destination_port;
    p.ssrc = ssrc;
    p.sequence = static_cast<std::uint16_t>(at / 160);
    p.timestamp = static_cast<std::uint32_t>(at + 1000);
    for (std::size_t i = 0; i < 160; ++i) {
      p.payload.push_back(static_cast<char>(media::linear_to_alaw(samples[at + i])));
    }
    out.push_back(std::move(p));
  }
  return out;
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

double strongest_of(const std::vector<std::int16_t>& samples, const std::vector<double>& candidates,
                    std::size_t from, std::size_t to, int rate) {
  double best = 0;
  double best_power = -1;
  for (double f : candidates) {
    const double k = 2 * std::cos(2 * M_PI * f / rate);
    double s1 = 0;
    double s2 = 0;
    for (std::size_t i = from; i < to && i < samples.size(); ++i) {
      const double s = samples[i] + k * s1 - s2;
      s2 = s1;
      s1 = s;
    }
    const double power = s1 * s1 + s2 * s2 - k * s1 * s2;
    if (power > best_power) {
      best_power = power;
      best = f;
    }
  }
  return best;
}

double mean_level(const std::vector<std::int16_t>& samples, std::size_t from, std::size_t to) {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t i = from; i < to && i < samples.size(); ++i, ++n) sum += std::abs(samples[i]);
  return n == 0 ? 0 : sum / static_cast<double>(n);
}

}  // namespace blendd::test
