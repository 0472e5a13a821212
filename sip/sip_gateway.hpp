#pragma once
// The SIP side of blendd (sofia-sip). It owns a thread that owns the su_root, the nua stack and
// every nua handle; requests cross in through the root's su_msg mailbox, events come out as
// value types (never pointers into sofia messages). Signalling only: media flows between the
// customer and the agent (media.mode direct) or through rtpengine, which rewrites every offer and
// answer (relay; GatewayOptions::relay).
//
// Outbound calls follow RFC 3725 flow I: the customer is INVITEd without SDP; their offer goes
// to the agent; the agent's answer goes back in the customer's ACK. Inbound trunk calls are a
// queueing B2BUA: 180 while queued, then the caller's offer goes to the agent and the agent's
// answer back in our 200. Re-INVITEs (hold/resume) are relayed between the legs.
#include <functional>
#include <memory>
#include <string>

#include "sip/call_control.hpp"
#include "sip/gateway_options.hpp"
#include "sip/latency_histogram.hpp"
#include "sip/leg_event.hpp"
#include "sip/registration.hpp"

namespace blendd::sip {

class SofiaGateway;

struct GatewayCounters {
  long live_handles = 0;       // nua handles alive: back to zero once every call has ended
  long calls = 0;              // calls in the gateway's table
  long inbound_refused = 0;    // INVITEs from sources outside the allow-list
  long auth_challenges = 0;    // 401/407 answered with credentials
  long standby_refused = 0;    // INVITEs and OPTIONS answered 503 while this node stood by
  long media_refused = 0;      // inbound INVITEs answered 503 while the media relay was away
  long register_refused = 0;   // REGISTERs refused: wrong credentials, another's address, bad
  long registered_agents = 0;  // agents with at least one phone registered
};

class SipGateway final : public CallControl {
 public:
  // on_event runs on the sofia thread: copy the value and hand it to your own thread.
  SipGateway(GatewayOptions options, std::function<void(LegEvent)> on_event);
  ~SipGateway() override;  // ordered shutdown: nua_shutdown, nua_destroy, su_root_break, join
  SipGateway(const SipGateway&) = delete;
  SipGateway& operator=(const SipGateway&) = delete;

  // Starts the thread and binds; returns an empty string or why it failed.
  std::string start();

  void originate(OriginateRequest request) override;
  // Outbound: the customer answered, offer their SDP to the agent. Inbound: the queued caller's
  // offer goes to the agent. Either way the agent's answer completes the customer's leg.
  // Also used for the abandon announcement (agent_uri = the announcement's URI).
  void connect_agent(CallId call, const std::string& agent_uri) override;
  void cancel_agent(CallId call) override;
  // Ends every leg of the call (CANCEL while ringing, BYE once answered, 480 to a queued caller).
  void hang_up(CallId call) override;
  // A queued inbound caller the centre will not serve: 302 to redirect_uri, or 486 if empty.
  void overflow_inbound(CallId call, const std::string& redirect_uri) override;
  void record(CallId call) override;
  void announce_and_hang_up(CallId call, const std::string& file) override;
  void play_while_queued(CallId call, const std::string& file) override;
  void hold_customer(CallId call, bool on, const std::string& file) override;
  void leave_voicemail(CallId call, const std::string& file) override;
  void connect_browser(CallId call) override;
  void browser_answer(CallId call, const std::string& sdp) override;
  void browser_reoffer(CallId call, const std::string& sdp) override;
  void browser_hang_up(CallId call) override;
  void refuse_phone_call(CallId call, int status, const std::string& why) override;
  void connect_number(CallId call, const std::string& uri, const std::string& from_uri) override;
  void answer_transfer(CallId call, int status, const std::string& why) override;

  // A standby node answers new INVITEs and out-of-dialog OPTIONS 503 (Retry-After: 5); calls
  // already up go on. Any thread.
  void set_accepting(bool accepting);
  // Relay mode: whether the media relay answers (its pings). While not, new inbound INVITEs get
  // 503; when it goes away every relayed call is ended, reported like a hang-up. Any thread.
  void set_media_up(bool up);
  // Registrations the store kept, back into the registrar (a restart, a takeover). Any thread.
  void restore_registrations(std::vector<Registration> registrations);
  GatewayCounters counters() const;
  long live_handles() const { return counters().live_handles; }
  // Outbound: from the customer's 200 reaching the gateway to the agent
  // INVITE handed to the stack: the time blendd itself adds before an agent's phone rings.
  const LatencyHistogram& answer_to_agent_invite() const;
  // From OriginateRequest::decided_at to the customer INVITE handed to nua.
  const LatencyHistogram& decision_to_invite() const;

 private:
  std::unique_ptr<SofiaGateway> impl_;
};

}  // namespace blendd::sip
