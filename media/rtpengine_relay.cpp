#include "media/rtpengine_relay.hpp"

namespace blendd::media {

namespace {

std::string why_of(const NgReply& r) {
  return r.why.empty() ? r.error.message() : r.error.message() + ": " + r.why;
}

}  // namespace

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
      // A party's side keeps its ports when the other party changes (AMD's listener to the
      // agent, one agent to the next): the customer needs no re-INVITE.
      {"flags", Bencode::List{Bencode("port latching")}},
  };
  if (e.browser_call && e.to_browser) {
    // Toward the page: what a browser insists on (DTLS-SRTP, ICE, one port for RTP and RTCP, a
    // mid), no SDES keys (browsers use DTLS only), and one codec so it cannot choose another.
    command["ICE"] = "force";
    command["transport-protocol"] = "UDP/TLS/RTP/SAVPF";
    command["rtcp-mux"] = Bencode::List{Bencode(offer ? "offer" : "accept")};
    command["SDES"] = Bencode::List{Bencode("off")};
    command["flags"] = Bencode::List{Bencode("generate mid")};
    if (offer) {
      const std::string codec = browser_codec_ == "pcma"   ? "PCMA"
                                : browser_codec_ == "pcmu" ? "PCMU"
                                                           : "opus";
      command["codec"] = Bencode::Dict{{"mask", Bencode::List{Bencode("all")}},
                                       {"transcode", Bencode::List{Bencode(codec)}}};
    }
  } else if (e.browser_call) {
    // Toward the trunk from a page: plain RTP, RTCP on its own port, no DTLS.
    command["transport-protocol"] = "RTP/AVP";
    command["DTLS"] = "off";
    command["rtcp-mux"] = Bencode::List{Bencode("demux")};
  }
  if (!e.to_tag.empty()) command["to-tag"] = e.to_tag;
  // Set on the offer, recording covers the whole call, SDP included (its pcap and metadata).
  if (e.record) command["record call"] = "yes";
  ng_->request(std::move(command), [done = std::move(done)](NgReply r) {
    sip::SdpOutcome out;
    if (!r.ok()) {
      out.error = why_of(r);
    } else {
      out.sdp = r.body.text("sdp");
      if (out.sdp.empty()) out.error = "rtpengine's reply has no SDP";
      if (const Bencode* files = r.body.find("recordings"); files != nullptr && files->list()) {
        for (const auto& f : *files->list()) {
          if (f.string() != nullptr) out.recording = *f.string();
        }
      }
    }
    done(std::move(out));
  });
}

void RtpengineRelay::release(const std::string& call_id, std::function<void()> done) {
  // `stop recording` first: it closes the capture file now, whatever rtpengine's delete delay;
  // for a call not recorded it is a no-op. Either answer (or none) goes on to the delete.
  auto remove = [ng = ng_, call_id, done = std::move(done)](NgReply) mutable {
    ng->request(Bencode::Dict{{"command", "delete"}, {"call-id", call_id}},
                [done = std::move(done)](NgReply) {
                  // A call rtpengine no longer knows (or never learnt) is as good as deleted;
                  // one it did not answer for is dropped by its own timeout when no RTP comes.
                  if (done) done();
                });
  };
  if (!done) return remove(NgReply{});
  ng_->request(Bencode::Dict{{"command", "stop recording"}, {"call-id", call_id}},
               std::move(remove));
}

void RtpengineRelay::play(const std::string& call_id, const std::string& tag,
                          const std::string& file, int repeat,
                          std::function<void(sip::PlayOutcome)> done) {
  Bencode::Dict command{
      {"command", "play media"}, {"call-id", call_id}, {"from-tag", tag}, {"file", file}};
  if (repeat > 1) command["repeat-times"] = repeat;
  ng_->request(std::move(command), [done = std::move(done)](NgReply r) {
    sip::PlayOutcome out;
    if (!r.ok()) {
      out.error = why_of(r);
    } else if (const Bencode* d = r.body.find("duration"); d != nullptr && d->integer()) {
      out.duration_ms = *d->integer();
    }
    done(std::move(out));
  });
}

void RtpengineRelay::stop_play(const std::string& call_id, const std::string& tag) {
  ng_->request(Bencode::Dict{{"command", "stop media"}, {"call-id", call_id}, {"from-tag", tag}},
               [](NgReply) {});  // a playback that already ended has nothing to stop
}

void RtpengineRelay::ping(std::function<void(bool)> done) {
  ng_->request(Bencode::Dict{{"command", "ping"}}, [done = std::move(done)](NgReply r) {
    done(r.ok() && r.body.text("result") == "pong");
  });
}

}  // namespace blendd::media
