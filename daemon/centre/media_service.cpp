#include "daemon/centre/media_service.hpp"

#include <boost/asio/io_context.hpp>

#include "config/value_checks.hpp"
#include "log/log.hpp"
#include "media/amd_listener.hpp"
#include "media/ng_client.hpp"
#include "media/rtpengine_relay.hpp"

namespace blendd::daemon {

namespace {
constexpr auto kPingPeriod = std::chrono::milliseconds(500);
constexpr int kMissesForDown = 3;
}  // namespace

MediaService::MediaService(boost::asio::io_context& io, std::string address, bool embedded,
                           std::chrono::milliseconds timeout, std::string browser_codec,
                           std::string amd_address)
    : io_(io), address_(std::move(address)), embedded_(embedded), timer_(io) {
  if (address_.empty()) return;
  std::string reason;
  const auto hp = config::parse_host_port(address_, reason);
  media::NgClient::Options o;
  o.host = hp.host;
  o.port = hp.port;
  o.timeout = timeout;
  o.retransmit = std::max(std::chrono::milliseconds(50), timeout / 4);
  ng_ = std::make_shared<media::NgClient>(io_, o);
  relay_ = std::make_shared<media::RtpengineRelay>(ng_, std::move(browser_codec));
  media::AmdListener::Options amd;
  amd.address = std::move(amd_address);
  amd_ = std::make_shared<media::AmdListener>(amd);
}

MediaService::~MediaService() = default;

std::shared_ptr<sip::AudioTap> MediaService::audio_tap() const {
  return amd_;
}

std::shared_ptr<sip::SdpRelay> MediaService::relay() const {
  return relay_;
}

void MediaService::start(std::function<void(bool)> on_change) {
  on_change_ = std::move(on_change);
  if (!relay_) return;
  // Down until rtpengine first answers: no call is placed that could have no audio.
  up_ = false;
  missed_in_row_ = kMissesForDown;
  if (on_change_) on_change_(false);
  ping();
}

void MediaService::ping() {
  timer_.expires_after(kPingPeriod);
  timer_.async_wait(lifetime_.guard([this](const boost::system::error_code& ec) {
    if (ec) return;
    ping();
  }));
  if (ping_pending_) return;
  ping_pending_ = true;
  const auto sent = std::chrono::steady_clock::now();
  // A ping waits at most one period: a slow answer is a missed one.
  relay_->ping(lifetime_.guard([this, sent](bool pong) {
    ping_pending_ = false;
    const auto took = std::chrono::steady_clock::now() - sent;
    if (pong && took <= kPingPeriod * 2) {
      ping_ms_ = std::chrono::duration<double, std::milli>(took).count();
      missed_in_row_ = 0;
      if (!up_) {
        up_ = true;
        log::info("media: rtpengine at {} answers again", address_);
        if (on_change_) on_change_(true);
      }
      return;
    }
    ++missed_;
    if (++missed_in_row_ >= kMissesForDown && up_) {
      up_ = false;
      log::error("media: rtpengine at {} does not answer ({} pings in a row)", address_,
                 missed_in_row_);
      if (on_change_) on_change_(false);
    }
  }));
}

void MediaService::mark_down(const std::string& why) {
  if (!relay_ || !up_) return;
  up_ = false;
  missed_in_row_ = kMissesForDown;
  log::error("media: {}", why);
  if (on_change_) on_change_(false);
}

MediaStatus MediaService::status() const {
  MediaStatus s;
  s.relay = relay_ != nullptr;
  s.up = up_;
  s.embedded = embedded_;
  s.address = address_;
  s.pings_missed = missed_;
  s.ping_ms = ping_ms_;
  if (ng_) {
    const auto c = ng_->counters();
    s.requests = c.requests;
    s.timeouts = c.timeouts;
    s.bad_datagrams = c.bad_datagrams;
  }
  if (amd_) {
    const auto c = amd_->counters();
    s.amd_opened = c.opened;
    s.amd_packets = c.packets;
    s.amd_refused_packets = c.refused_packets;
  }
  return s;
}

}  // namespace blendd::daemon
