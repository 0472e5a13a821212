#pragma once
// sip::SdpRelay over rtpengine's NG protocol: offer, answer and delete for plain SIP legs on both
// sides (RTP/AVP; ICE removed, the SDP's origin and connection replaced by rtpengine's) or a
// WebRTC page on the agent's side (DTLS-SRTP with ICE and rtcp-mux toward it),
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
  // `browser_codec`: what a WebRTC page is offered (opus: transcoded from and to the SIP side's
  // G.711; pcmu or pcma: passed through).
  explicit RtpengineRelay(std::shared_ptr<NgClient> ng, std::string browser_codec = "opus")
      : ng_(std::move(ng)), browser_codec_(std::move(browser_codec)) {}
  void exchange(sip::SdpExchange exchange, std::function<void(sip::SdpOutcome)> done) override;
  void release(const std::string& call_id, std::function<void()> done) override;
  void play(const std::string& call_id, const std::string& tag, const std::string& file, int repeat,
            std::function<void(sip::PlayOutcome)> done) override;
  void stop_play(const std::string& call_id, const std::string& tag) override;
  // `done(true)` on a pong, on the NG client's thread.
  void ping(std::function<void(bool)> done);

 private:
  std::shared_ptr<NgClient> ng_;
  std::string browser_codec_;
};

}  // namespace blendd::media
