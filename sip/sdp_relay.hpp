#pragma once
// Where a call's SDP goes in media relay mode (media.mode: relay): each offer and answer is
// rewritten by a media relay (rtpengine) so that RTP flows through it, and the relay forgets the
// call when it ends. It also records calls and plays announcements to a party. The gateway numbers
// the parties: the customer's side is tag "customer", the agent's (or the announcement's) "agent".
// Implemented in media/; the gateway sees only this.
#include <cstdint>
#include <functional>
#include <string>

namespace blendd::sip {

struct SdpExchange {
  enum class Step { offer, answer };
  Step step = Step::offer;
  std::string call_id;   // the relay's call: unique per gateway run and call
  std::string from_tag;  // the side whose SDP this is when offering; the offerer when answering
  std::string to_tag;    // the other side (empty for a first offer)
  std::string sdp;
  bool record = false;  // the relay records the call's RTP from here on
  // The agent's side is a WebRTC page (DTLS-SRTP, ICE, rtcp-mux, the page's codec) and the
  // rewritten SDP goes to it (`to_browser`) or to the SIP side (plain RTP/AVP).
  bool browser_call = false;
  bool to_browser = false;
};

struct SdpOutcome {
  std::string sdp;        // the rewritten SDP, to send on
  std::string error;      // empty on success; otherwise why the relay did not rewrite it
  std::string recording;  // a recorded call: the capture file the relay writes (its path)
  bool ok() const { return error.empty(); }
};

struct PlayOutcome {
  std::string error;             // empty: playing
  std::int64_t duration_ms = 0;  // of one playback, when the relay knows it
  bool ok() const { return error.empty(); }
};

class SdpRelay {
 public:
  virtual ~SdpRelay() = default;
  // `done` may run on any thread (the gateway posts it back to its own).
  virtual void exchange(SdpExchange exchange, std::function<void(SdpOutcome)> done) = 0;
  // The call ended: the relay frees its ports. `done` (may be empty; any thread) runs once the
  // relay has let go of the call — for a recorded call, once its capture file is complete.
  virtual void release(const std::string& call_id, std::function<void()> done) = 0;
  // Plays a WAV file (a path on the relay's machine) to the party `tag`, `repeat` times, in
  // place of what the other side sends.
  virtual void play(const std::string& call_id, const std::string& tag, const std::string& file,
                    int repeat, std::function<void(PlayOutcome)> done) = 0;
  virtual void stop_play(const std::string& call_id, const std::string& tag) = 0;
};

}  // namespace blendd::sip
