#include "media/pcap_reader.hpp"

#include <fstream>
#include <sstream>

namespace blendd::media {

namespace {

constexpr std::uint32_t kMagicMicro = 0xa1b2c3d4;
constexpr std::uint32_t kMagicNano = 0xa1b23c4d;
constexpr std::uint32_t kLinkEthernet = 1;
constexpr std::uint32_t kLinkRaw = 101;  // LINKTYPE_RAW
constexpr std::uint32_t kLinkRawBsd = 12;
constexpr std::uint32_t kLinkIpv4 = 228;
constexpr std::uint32_t kLinkIpv6 = 229;

std::uint32_t u32(std::string_view b, std::size_t at, bool swap) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    const auto byte = static_cast<std::uint8_t>(b[at + (swap ? 3 - i : i)]);
    v |= static_cast<std::uint32_t>(byte) << (8 * i);
  }
  return v;
}

std::uint16_t be16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<std::uint8_t>(b[at]) << 8) |
                                    static_cast<std::uint8_t>(b[at + 1]));
}

// The UDP datagram inside an IP packet, or false.
bool udp_in_ip(std::string_view ip, UdpDatagram& out) {
  if (ip.empty()) return false;
  const int version = static_cast<std::uint8_t>(ip[0]) >> 4;
  std::size_t header = 0;
  int protocol = 0;
  if (version == 4) {
    header = static_cast<std::size_t>(static_cast<std::uint8_t>(ip[0]) & 0x0f) * 4;
    if (header < 20 || ip.size() < header) return false;
    protocol = static_cast<std::uint8_t>(ip[9]);
  } else if (version == 6) {
    header = 40;  // rtpengine writes no extension headers
    if (ip.size() < header) return false;
    protocol = static_cast<std::uint8_t>(ip[6]);
  } else {
    return false;
  }
  if (protocol != 17) return false;
  std::string_view udp = ip.substr(header);
  if (udp.size() < 8) return false;
  const std::size_t length = be16(udp, 4);
  if (length < 8 || length > udp.size()) return false;
  out.source_port = be16(udp, 0);
  out.destination_port = be16(udp, 2);
  out.payload = udp.substr(8, length - 8);
  return true;
}

}  // namespace

std::optional<std::string> read_pcap_bytes(std::string_view bytes,
                                           const std::function<void(const UdpDatagram&)>& each,
                                           PcapSummary* summary) {
  PcapSummary local;
  PcapSummary& s = summary != nullptr ? *summary : local;
  if (bytes.size() < 24) return "not a pcap file: shorter than its 24-byte header";
  bool swap = false;
  bool nano = false;
  const std::uint32_t magic = u32(bytes, 0, false);
  if (magic == kMagicMicro || magic == kMagicNano) {
    nano = magic == kMagicNano;
  } else if (u32(bytes, 0, true) == kMagicMicro || u32(bytes, 0, true) == kMagicNano) {
    swap = true;
    nano = u32(bytes, 0, true) == kMagicNano;
  } else {
    return "not a pcap file: unknown magic number";
  }
  const std::uint32_t link = u32(bytes, 20, swap) & 0x0fffffff;
  if (link != kLinkEthernet && link != kLinkRaw && link != kLinkRawBsd && link != kLinkIpv4 &&
      link != kLinkIpv6) {
    return "pcap link type " + std::to_string(link) + " is neither raw IP nor Ethernet";
  }
  std::size_t at = 24;
  while (at < bytes.size()) {
    if (bytes.size() - at < 16) {
      s.truncated = true;
      break;
    }
    const std::int64_t sec = u32(bytes, at, swap);
    const std::int64_t frac = u32(bytes, at + 4, swap);
    const std::size_t captured = u32(bytes, at + 8, swap);
    at += 16;
    if (captured > bytes.size() - at) {
      s.truncated = true;
      break;
    }
    std::string_view record = bytes.substr(at, captured);
    at += captured;
    if (link == kLinkEthernet) {
      if (record.size() < 14) {
        ++s.skipped;
        continue;
      }
      const std::uint16_t type = be16(record, 12);
      if (type != 0x0800 && type != 0x86dd) {
        ++s.skipped;
        continue;
      }
      record.remove_prefix(14);
    }
    UdpDatagram d;
    if (!udp_in_ip(record, d)) {
      ++s.skipped;
      continue;
    }
    d.at_us = sec * 1'000'000 + (nano ? frac / 1000 : frac);
    ++s.datagrams;
    each(d);
  }
  return std::nullopt;
}

std::optional<std::string> read_pcap(const std::string& path,
                                     const std::function<void(const UdpDatagram&)>& each,
                                     PcapSummary* summary) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot open " + path;
  std::ostringstream content;
  content << in.rdbuf();
  return read_pcap_bytes(content.view(), each, summary);
}

}  // namespace blendd::media
