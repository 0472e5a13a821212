#pragma once
// Relay mode's link to rtpengine (docs/media.md): the NG client and the SDP relay the SIP gateway
// asks, and a ping every 500 ms that says whether rtpengine is there — down until the first
// answer, down again after three pings in a row go unanswered, up at the next that is.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/steady_timer.hpp>

#include "daemon/centre/lifetime.hpp"
#include "daemon/centre/media_status.hpp"

namespace blendd::media {
class AmdListener;
class NgClient;
class RtpengineRelay;
}  // namespace blendd::media

namespace blendd::sip {
class AudioTap;
class SdpRelay;
}  // namespace blendd::sip

namespace blendd::daemon {

class MediaService {
 public:
  // `address`: rtpengine's NG host:port (relay mode), or empty for direct mode.
  // `browser_codec`: what WebRTC desk phones are offered (media.webrtc_codec).
  // `amd_address`: where rtpengine sends AMD calls' audio (media.amd_address).
  MediaService(boost::asio::io_context& io, std::string address, bool embedded,
               std::chrono::milliseconds timeout, std::string browser_codec = "opus",
               std::string amd_address = "127.0.0.1");
  ~MediaService();
  // The relay the gateway hands every SDP to; null in direct mode.
  std::shared_ptr<sip::SdpRelay> relay() const;
  // AMD's listener (relay mode; null in direct mode).
  std::shared_ptr<sip::AudioTap> audio_tap() const;
  // Starts the pings; on_change(up) runs on the event loop when rtpengine comes or goes.
  void start(std::function<void(bool)> on_change);
  MediaStatus status() const;
  // rtpengine is known to be gone (the private one exited): down now, whatever the pings say
  // next — a restarted rtpengine answers them but has lost every call.
  void mark_down(const std::string& why);

 private:
  void ping();

  boost::asio::io_context& io_;
  std::string address_;
  bool embedded_;
  std::shared_ptr<media::NgClient> ng_;
  std::shared_ptr<media::RtpengineRelay> relay_;
  std::shared_ptr<media::AmdListener> amd_;
  boost::asio::steady_timer timer_;
  std::function<void(bool)> on_change_;
  bool up_ = true;
  int missed_in_row_ = 0;
  bool ping_pending_ = false;
  std::uint64_t missed_ = 0;
  double ping_ms_ = 0;
  Lifetime lifetime_;  // last: a ping answered after the service is gone does nothing
};

}  // namespace blendd::daemon
