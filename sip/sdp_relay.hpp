#pragma once
// Where a call's SDP goes in media relay mode (media.mode: relay): each offer and answer is
// rewritten by a media relay (rtpengine) so that RTP flows through it, and the relay forgets the
// call when it ends. The gateway numbers the parties: the customer's side is tag "customer", the
// agent's (or the announcement's) "agent". Implemented in media/; the gateway sees only this.
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
};

struct SdpOutcome {
  std::string sdp;    // the rewritten SDP, to send on
  std::string error;  // empty on success; otherwise why the relay did not rewrite it
  bool ok() const { return error.empty(); }
};

class SdpRelay {
 public:
  virtual ~SdpRelay() = default;
  // `done` may run on any thread (the gateway posts it back to its own).
  virtual void exchange(SdpExchange exchange, std::function<void(SdpOutcome)> done) = 0;
  // The call ended: the relay frees its ports. Fire and forget.
  virtual void release(const std::string& call_id) = 0;
};

}  // namespace blendd::sip
