#pragma once
// sip::SdpRelay over rtpengine's NG protocol: offer, answer and delete for plain SIP legs on both
// sides (RTP/AVP; ICE removed, the SDP's origin and connection replaced by rtpengine's),
// recording (`record call`, closed by `stop recording`), `play media`, and the ping that says
// whether rtpengine is there.
#include <functional>
#include <memory>
#include <string>

#include "media/ng_client.hpp"
#include "sip/sdp_relay.hpp"

namespace blendd::media {

class RtpengineRelay final : public sip::SdpRelay {
 public:
  explicit RtpengineRelay(std::shared_ptr<NgClient> ng) : ng_(std::move(ng)) {}
  void exchange(sip::SdpExchange exchange, std::function<void(sip::SdpOutcome)> done) override;
  void release(const std::string& call_id, std::function<void()> done) override;
  void play(const std::string& call_id, const std::string& tag, const std::string& file, int repeat,
            std::function<void(sip::PlayOutcome)> done) override;
  void stop_play(const std::string& call_id, const std::string& tag) override;
  // `done(true)` on a pong, on the NG client's thread.
  void ping(std::function<void(bool)> done);

 private:
  std::shared_ptr<NgClient> ng_;
};

}  // namespace blendd::media
