#pragma once
// The UDP datagrams of a pcap file, as rtpengine's `--recording-method=pcap` writes them: classic
// pcap (either byte order, micro- or nanosecond stamps), link type raw IP or Ethernet, IPv4 or
// IPv6. Each datagram is the packet rtpengine received: source = the sender, destination = the
// rtpengine port it arrived on. A record cut short at the end (a file still being written, a
// full disk) ends the reading without an error; a header that is not pcap is one.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace blendd::media {

struct UdpDatagram {
  std::int64_t at_us = 0;  // capture time, microseconds since the epoch
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::string_view payload;  // valid during the callback only
};

struct PcapSummary {
  std::uint64_t datagrams = 0;  // UDP datagrams handed on
  std::uint64_t skipped = 0;    // records that were not UDP over IP
  bool truncated = false;       // the last record was cut short
};

// Reads `path`, calling `each` for every UDP datagram in file order. Returns why it could not
// (the file does not open, is not pcap, or has a link type other than raw IP or Ethernet).
std::optional<std::string> read_pcap(const std::string& path,
                                     const std::function<void(const UdpDatagram&)>& each,
                                     PcapSummary* summary = nullptr);

// The same over bytes already in memory (the fuzz harness and the tests).
std::optional<std::string> read_pcap_bytes(std::string_view bytes,
                                           const std::function<void(const UdpDatagram&)>& each,
                                           PcapSummary* summary = nullptr);

}  // namespace blendd::media
