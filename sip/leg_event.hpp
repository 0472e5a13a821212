#pragma once
// What the SIP gateway reports: plain values, copied out of sofia's messages on its own thread.
#include <cstdint>
#include <string>

namespace blendd::sip {

using CallId = std::uint64_t;

enum class Leg { customer, agent };

enum class LegEventKind {
  inbound_arrived,     // customer leg: a trunk INVITE is queued (180 sent); from/to are set
  ringing,             // 180/181/182
  early_media,         // 183 with SDP
  answered,            // 2xx to our INVITE (outbound customer, or any agent leg)
  failed,              // final status >= 300 or a local failure; `failure` says which kind
  ended,               // an established leg ended; reason = "customer", "agent" or "blendd"
  cancelled,           // inbound: the caller hung up while queued
  reinvite_relayed,    // a hold/resume re-INVITE passed from `leg` to the other leg
  recorded,            // relay mode: a recorded call is over and its capture file complete
  browser_offer,       // agent leg in the desk page: the relay's offer for it (sdp)
  browser_answer,      // agent leg in the desk page: the answer to its re-offer (sdp)
  phone_dialled,       // a registered phone called a number through blendd (its digest checked):
                       // from = the agent, to = the number as dialled, sdp = the phone's offer
  transfer_requested,  // the agent's phone sent REFER (202 and NOTIFY 100 sent): to = the
                       // Refer-To user part (an agent, a group or a number)
  amd_decided,         // customer leg of an AMD call: the verdict (amd_cause, amd_ms)
  voicemail_left,      // the voicemail message played to its end (blendd hangs up next)
};

// How a failed INVITE is classified for dialling statistics and retry rules.
enum class FailureClass { busy, no_answer, rejected, unavailable, failed };

struct LegEvent {
  CallId call = 0;
  Leg leg = Leg::customer;
  LegEventKind kind = LegEventKind::ringing;
  int status = 0;      // SIP status of the response (failed: the final status)
  std::string reason;  // reason phrase, or who hung up
  std::string sdp;     // answered/early_media/inbound_arrived: the body
  FailureClass failure = FailureClass::failed;
  bool trunk_fault = false;  // failed customer leg: the trunk itself failed (its breaker counts it)
  std::string from;          // inbound_arrived: the caller's number (From user part)
  std::string to;            // inbound_arrived: the dialled number (Request-URI user part)
  // recorded: the capture file (on the relay's machine) and the relay ports each side sent its
  // RTP to (the channel of each packet in it).
  std::string recording;
  std::uint16_t customer_media_port = 0;
  std::uint16_t agent_media_port = 0;
  // amd_decided: the verdict and its cause ("machine/long_greeting"), and how long after the
  // customer's answer it came (ms, the gateway's clock).
  std::string amd_cause;
  int amd_ms = -1;
};

LegEvent leg_event(CallId call, Leg leg, LegEventKind kind, int status = 0, std::string reason = {},
                   std::string sdp = {});

const char* to_string(LegEventKind kind);
inline Leg other(Leg leg) {
  return leg == Leg::customer ? Leg::agent : Leg::customer;
}
const char* to_string(FailureClass failure);

}  // namespace blendd::sip
