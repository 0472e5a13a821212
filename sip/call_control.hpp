#pragma once
// What the call centre asks of the SIP side. SipGateway implements it; nothing else in blendd
// needs to know about sofia.
#include <string>

#include "sip/gateway_options.hpp"
#include "sip/leg_event.hpp"

namespace blendd::sip {

class CallControl {
 public:
  virtual ~CallControl() = default;
  virtual void originate(OriginateRequest request) = 0;
  virtual void connect_agent(CallId call, const std::string& agent_uri) = 0;
  // Stops the agent leg of `call` that rings (CANCEL; a late answer is hung up) without touching
  // the customer: the next connect_agent may follow at once. Nothing is reported for the old leg.
  virtual void cancel_agent(CallId call) = 0;
  virtual void hang_up(CallId call) = 0;
  virtual void overflow_inbound(CallId call, const std::string& redirect_uri) = 0;
  // Relay mode. Records the call from its next offer to the relay on (before connect_agent).
  virtual void record(CallId call) = 0;
  // An answered outbound customer no agent will take: `file` (a WAV on the relay's machine) is
  // played to them, then the call ends. Without a relay, or if it fails, the call just ends.
  virtual void announce_and_hang_up(CallId call, const std::string& file) = 0;
  // A queued inbound caller hears `file` over early media (183), repeated, until an agent
  // is connected or the call ends. Nothing happens without a relay.
  virtual void play_while_queued(CallId call, const std::string& file) = 0;
  // The agent put the customer on hold (on) or took them back: relay mode plays `file` (empty:
  // nothing, the customer hears the silence the page sends) in place of the agent's audio.
  virtual void hold_customer(CallId call, bool on, const std::string& file) = 0;
  // AMD (relay mode): a machine's call gets `file` (a WAV on the relay's machine) once its
  // greeting is over (its beep, a silence), then blendd hangs up — voicemail_left then ended; a
  // greeting that never ends or a message that cannot play: ended alone.
  virtual void leave_voicemail(CallId call, const std::string& file) = 0;

  // The agent's phone is the desk page (WebRTC, relay mode). connect_browser makes the relay's
  // offer for the page (reported as LegEventKind::browser_offer); the page's answer and its
  // hang-up (or refusal while it rang) come back through browser_answer and browser_hang_up,
  // and a page that lost its media offers again with browser_reoffer (answered as
  // browser_answer). cancel_agent and hang_up apply as to any agent leg.
  virtual void connect_browser(CallId call) = 0;
  virtual void browser_answer(CallId call, const std::string& sdp) = 0;
  virtual void browser_reoffer(CallId call, const std::string& sdp) = 0;
  virtual void browser_hang_up(CallId call) = 0;
  // A phone's call (LegEventKind::phone_dialled) blendd will not place: answered `status` with
  // `why` in a Warning header (the phone shows it). A dialled one goes through originate with
  // OriginateRequest::agent_call.
  virtual void refuse_phone_call(CallId call, int status, const std::string& why) = 0;

  // Blind transfers (sofia_gateway_transfer.cpp). cancel_agent on a bridged call lets its agent
  // go and keeps the customer; the next connect_agent (or connect_number) bridges the customer
  // to the new party — in direct mode with a re-INVITE carrying the new party's SDP.
  // connect_number rings a number through the trunk as the agent leg: From `from_uri` (the
  // campaign's caller ID), the trunk's credentials; reported like an agent leg.
  virtual void connect_number(CallId call, const std::string& uri, const std::string& from_uri) = 0;
  // The verdict on a phone's REFER (LegEventKind::transfer_requested): `status` in the final
  // NOTIFY's sipfrag (200: blendd took the customer over; 403, 404, 480...: refused, `why` in
  // its reason phrase), which ends the REFER's subscription.
  virtual void answer_transfer(CallId call, int status, const std::string& why) = 0;
};

}  // namespace blendd::sip
