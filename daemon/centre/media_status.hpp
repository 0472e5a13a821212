#pragma once
// What /healthz, the figures and /metrics say of the media relay (daemon/centre/media_service).
#include <cstdint>
#include <string>

namespace blendd::daemon {

struct MediaStatus {
  bool relay = false;  // media.mode relay
  bool up = true;      // rtpengine answers (always true in direct mode)
  bool embedded = false;
  std::string address;  // rtpengine's NG address
  std::uint64_t pings_missed = 0;
  std::uint64_t requests = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t bad_datagrams = 0;
  double ping_ms = 0;  // round trip of the last answered ping
  // AMD's listener (relay mode): calls listened to, RTP packets received and refused.
  std::uint64_t amd_opened = 0;
  std::uint64_t amd_packets = 0;
  std::uint64_t amd_refused_packets = 0;
};

}  // namespace blendd::daemon
