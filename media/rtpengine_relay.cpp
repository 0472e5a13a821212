#include "media/rtpengine_relay.hpp"

namespace blendd::media {

void RtpengineRelay::exchange(sip::SdpExchange e, std::function<void(sip::SdpOutcome)> done) {
  const bool offer = e.step == sip::SdpExchange::Step::offer;
  Bencode::Dict command{
      {"command", offer ? "offer" : "answer"},
      {"call-id", e.call_id},
      {"from-tag", e.from_tag},
      {"sdp", e.sdp},
      // Both sides are SIP phones or trunks: plain RTP, no ICE; the SDP names rtpengine.
      {"ICE", "remove"},
      {"replace", Bencode::List{Bencode("origin"), Bencode("session-connection")}},
  };
  if (!e.to_tag.empty()) command["to-tag"] = e.to_tag;
  ng_->request(std::move(command), [done = std::move(done)](NgReply r) {
    sip::SdpOutcome out;
    if (!r.ok()) {
      out.error = r.why.empty() ? r.error.message() : r.error.message() + ": " + r.why;
    } else {
      out.sdp = r.body.text("sdp");
      if (out.sdp.empty()) out.error = "rtpengine's reply has no SDP";
    }
    done(std::move(out));
  });
}

void RtpengineRelay::release(const std::string& call_id) {
  ng_->request(Bencode::Dict{{"command", "delete"}, {"call-id", call_id}}, [](NgReply) {
    // A call rtpengine no longer knows (or never learnt) is as good as deleted; one it did not
    // answer for is dropped by its own timeout when no RTP comes.
  });
}

void RtpengineRelay::ping(std::function<void(bool)> done) {
  ng_->request(Bencode::Dict{{"command", "ping"}}, [done = std::move(done)](NgReply r) {
    done(r.ok() && r.body.text("result") == "pong");
  });
}

}  // namespace blendd::media
