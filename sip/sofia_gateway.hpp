#pragma once
// The sofia side of the gateway. Private to sip/: everything here runs on the gateway's own
// thread, except the constructor, start(), stop(), post() and counters().
//
// Split by responsibility: sofia_gateway.cpp (thread, stack, mailbox, event dispatch, timers),
// sofia_gateway_calls.cpp (outbound legs, bridging, hang-up, digest auth),
// sofia_gateway_reinvite.cpp (re-INVITEs between the legs),
// sofia_gateway_inbound.cpp (the queueing B2BUA for trunk calls), sofia_gateway_media.cpp (the
// SDP through the media relay in relay mode, recordings), sofia_gateway_announce.cpp
// (announcements the relay plays), sofia_gateway_browser.cpp (the agent's phone in the desk page).
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "sip/gateway_options.hpp"
#include "sip/latency_histogram.hpp"
#include "sip/leg_event.hpp"

namespace blendd::sip {
class SofiaGateway;
struct HandleTag {
  CallId call;
  Leg leg;
  bool retired = false;  // an agent leg given up on (cancelled): ended quietly, never reported
  bool fork = false;     // one more registered phone of the agent, ringing beside the leg
};
}  // namespace blendd::sip

#define SU_ROOT_MAGIC_T blendd::sip::SofiaGateway
#define NUA_MAGIC_T blendd::sip::SofiaGateway
#define NUA_HMAGIC_T blendd::sip::HandleTag
#define SU_MSG_ARG_T blendd::sip::SofiaGateway*
#define SU_TIMER_ARG_T blendd::sip::SofiaGateway

#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/su.h>
#include <sofia-sip/su_tag_io.h>
#include <sofia-sip/su_wait.h>

#include "sip/audio_tap.hpp"
#include "sip/digest_auth.hpp"
#include "sip/registrar.hpp"
#include "sip/sdp_relay.hpp"
#include "sip/sip_gateway.hpp"
#include "sip/sofia_log.hpp"

namespace blendd::sip {

class SofiaGateway {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;

  SofiaGateway(GatewayOptions options, std::function<void(LegEvent)> on_event);
  std::string start();
  void stop();
  // Runs fn on the sofia thread (dropped if the gateway is not running).
  void post(std::function<void(SofiaGateway&)> fn);
  GatewayCounters counters() const;
  void set_accepting(bool accepting) { accepting_ = accepting; }
  const LatencyHistogram& answer_to_agent_invite() const { return answer_to_agent_invite_; }
  const LatencyHistogram& decision_to_invite() const { return decision_to_invite_; }

  // Requests, on the sofia thread.
  void originate(const OriginateRequest& request);
  void connect_agent(CallId call, const std::string& uri);
  void cancel_agent(CallId call);
  void hang_up(CallId call);
  void overflow_inbound(CallId call, const std::string& redirect_uri);
  void record(CallId call);
  void announce_and_hang_up(CallId call, const std::string& file);
  void play_while_queued(CallId call, const std::string& file);
  void hold_customer(CallId call, bool on, const std::string& file);
  void leave_voicemail(CallId call, const std::string& file);
  // sofia_gateway_browser.cpp: the agent's phone is the desk page.
  void connect_browser(CallId call);
  void browser_answer(CallId call, const std::string& sdp);
  void browser_reoffer(CallId call, const std::string& sdp);
  void browser_hang_up(CallId call);
  // sofia_gateway_phone_dial.cpp: a registered phone calls a number through blendd.
  void refuse_phone_call(CallId call, int status, const std::string& why);
  // sofia_gateway_transfer.cpp: blind transfers (the phone's REFER, a number through the trunk).
  void connect_number(CallId call, const std::string& uri, const std::string& from_uri);
  void answer_transfer(CallId call, int status, const std::string& why);
  // Bindings the store kept (a restart, a takeover), before phones are rung.
  void restore_registrations(const std::vector<Registration>& registrations);
  // Relay mode: whether the media relay answers. While it does not, new inbound calls get 503;
  // when it goes away, every relayed call is ended (its audio went with it).
  void set_media_up(bool up);
  bool media_up() const { return media_up_; }

 private:
  struct Call {
    CallId id = 0;
    bool inbound = false;
    HandleTag customer_tag{};
    HandleTag agent_tag{};
    nua_handle_t* customer = nullptr;
    nua_handle_t* agent = nullptr;
    std::string customer_sdp;        // outbound: from the customer's 200; inbound: from the INVITE
    std::string agent_sdp;           // the agent's answer (then their latest SDP)
    std::string agent_from;          // From of the agent leg: the customer's number, for the phone
    bool customer_answered = false;  // outbound: 200 received; inbound: our 200 sent
    bool customer_acked = false;     // outbound: our ACK with the agent's answer sent
    bool agent_answered = false;
    bool customer_ending = false;  // CANCEL, BYE or final response already sent
    bool agent_ending = false;
    bool hanging_up = false;  // a late 200 is ACKed and ended at once
    int auth_attempts = 0;
    std::optional<SteadyTime> answered_at;    // outbound: when the customer's 200 arrived
    std::optional<SteadyTime> ring_deadline;  // outbound customer leg until it answers
    bool ring_timed_out = false;
    bool trunk_heard = false;  // outbound: a response to the customer INVITE came over the wire
    std::optional<Leg> reinvite_from;  // a re-INVITE from this leg waits for the other's answer
    std::optional<SteadyTime> next_keepalive;  // bridged: when both legs are asked next
    // Relay mode: the relay knows the call (deleted when it ends), the SDP last sent to each
    // leg (the relay's rewrite of the other's), and the agent leg being set up while the relay
    // rewrites the customer's offer (its sequence; 0: none).
    bool relayed = false;
    std::string sdp_to_customer;
    std::string sdp_to_agent;
    std::uint64_t agent_pending = 0;
    std::uint64_t agent_sequence = 0;
    // Recorded (asked before the first offer), and the capture file the relay named.
    bool record = false;
    std::string recording;
    // An announcement: the abandoned customer hears it, then is hung up at this time; a queued
    // caller hears the queue message over early media until an agent is connected.
    bool announcing = false;
    bool announce_ended = false;  // its end was reported
    std::optional<SteadyTime> hang_up_at;
    bool queue_playing = false;
    // The agent's phone is a WebRTC page (no SIP handle: the desk carries its SDP), and its leg
    // is set up (offered to the page).
    bool agent_browser = false;
    bool browser_leg = false;
    // The agent's other registered phones, ringing beside `agent` (sofia_gateway_fork.cpp).
    std::vector<nua_handle_t*> forks;
    // The agent's phone placed the call (sofia_gateway_phone_dial.cpp): its INVITE is the agent
    // leg (answered last, with the customer's answer); the customer is INVITEd with its offer.
    bool phone_first = false;
    // With TLS on, each leg's Contact names blendd over that leg's own transport (sofia would
    // name its sips: address on every dialog); empty: sofia's own choice.
    std::string customer_contact;
    std::string agent_contact;
    // Transfers: the customer was bridged to an agent already, so the next agent's answer goes
    // to them in a re-INVITE of ours (its answer awaited while `customer_reoffer`); the agent
    // leg rings a number through the trunk, From this (empty: an agent's phone); the phone's
    // REFER awaits the centre's verdict, its subscription's Event being this.
    bool customer_bridged = false;
    bool customer_reoffer = false;
    bool transferred = false;  // SDP toward the customer continues their session's o= line
    std::string number_from;
    std::string refer_event;
    // AMD (sofia_gateway_amd.cpp): the analysis asked for, the tap listening, the verdict
    // reported, when the customer answered; a machine's voicemail message waiting for the
    // greeting's end, then playing (its end is voicemail_left).
    std::optional<amd::AmdParams> amd;
    bool tapped = false;
    bool tap_offer = false;  // sdp_to_agent is the relay's offer toward the tap: an agent's too
    bool amd_reported = false;
    std::optional<SteadyTime> amd_started;
    std::string voicemail_file;
    bool voicemail = false;
  };
  // Relay replies come on another thread, maybe after the gateway is gone: they reach it
  // through this, which stop() empties.
  struct Mailbox {
    std::mutex mutex;
    SofiaGateway* gateway = nullptr;
    void post(std::function<void(SofiaGateway&)> fn);
  };

  // sofia_gateway.cpp
  void run(std::promise<std::string>& started);
  static void deliver(SofiaGateway* self, su_msg_r msg, SofiaGateway** arg);
  static void callback(nua_event_t event, int status, char const* phrase, nua_t* nua,
                       SofiaGateway* self, nua_handle_t* nh, HandleTag* tag, sip_t const* sip,
                       tagi_t tags[]);
  static void on_timer(SofiaGateway* self, su_timer_t* timer, SofiaGateway* arg);
  void expire_ringing(SteadyTime now);
  void emit(LegEvent e);
  void adopt(nua_handle_t* nh);
  void destroy(nua_handle_t* nh, Call* c);
  void on_terminated(nua_handle_t* nh, HandleTag* tag);
  Call* find(CallId id);

  // `uri`'s user at blendd's own address (the bind URL's host and port): the agent leg's From
  // names the customer there, so a callback from the phone's history comes back through blendd
  // (its checks, its records), never straight to the trunk.
  std::string at_blendd(const std::string& uri) const;
  // blendd's Contact for a dialog over `transport` (udp, tcp, tls), when TLS is on; else "".
  std::string contact_for(const std::string& transport) const;
  static std::string transport_of_uri(const std::string& uri);
  static std::string transport_of_via(const sip_t* sip);

  // A message's body (its SDP), or "".
  static std::string body_of(const sip_t* sip) {
    if (sip == nullptr || sip->sip_payload == nullptr) return {};
    return std::string(sip->sip_payload->pl_data, sip->sip_payload->pl_len);
  }

  // sofia_gateway_calls.cpp
  void on_invite_response(int status, const char* phrase, nua_handle_t* nh, HandleTag* tag,
                          const sip_t* sip);
  bool authenticate(nua_handle_t* nh, Call& c, int status, const sip_t* sip);
  void on_bye(HandleTag* tag);
  void send_keepalives(SteadyTime now);
  void on_keepalive_answer(int status, HandleTag* tag);
  // sofia_gateway_reinvite.cpp
  void on_reinvite(nua_handle_t* nh, HandleTag* tag, const sip_t* sip);
  void relay_reinvite_answer(Call& c, Leg answered_leg, int status, const char* phrase,
                             const std::string& body);
  void end_leg(Call& c, Leg leg);
  nua_handle_t* new_handle(Call& c, Leg leg, const std::string& to_uri);
  // Retired agent legs: their own tags (the call's agent_tag serves the next leg).
  void on_retired_event(nua_event_t event, int status, nua_handle_t* nh, tagi_t tags[]);
  void destroy_retired(nua_handle_t* nh);

  // sofia_gateway_media.cpp
  // Passes `sdp` from leg `from` through the relay (direct mode: unchanged, at once); `then` or
  // `failed` runs later on this thread if the call still exists.
  void relay_sdp(Call& c, SdpExchange::Step step, Leg from, std::string sdp,
                 std::function<void(Call&, std::string)> then,
                 std::function<void(Call&, std::string)> failed);
  // The SDP to send leg `to` when nothing new was offered: what it was last given.
  const std::string& sdp_toward(const Call& c, Leg to) const;
  void release_media(Call& c);
  void end_relayed_calls(const std::string& why);
  std::string relay_call_id(CallId id) const;
  void invite_agent(Call& c, const std::string& uri, const std::string& sdp);
  // The customer's offer (through the relay) to a new agent leg ringing `uri`.
  void connect_leg(Call& c, const std::string& uri);
  // SDP on its way to the customer: after a transfer, its o= line continues theirs.
  std::string toward_customer(const Call& c, const std::string& sdp) const;
  // The call if an agent leg may be set up for it now; otherwise reports why (481, 491).
  Call* awaiting_agent(CallId call);
  void complete_bridge(Call& c, int status, const std::string& why, const std::string& answer);

  // sofia_gateway_transfer.cpp
  void on_refer(nua_handle_t* nh, HandleTag* tag, const sip_t* sip, tagi_t tags[]);
  // The new agent's answer (through the relay) reaches a customer bridged before: a re-INVITE
  // with it as the offer, its o= line continuing the customer's session; relay mode sends none
  // when the relay's side toward the customer did not change.
  void reoffer_customer(Call& c, const std::string& answer);
  void on_customer_reoffer_answer(Call& c, int status, const char* phrase, nua_handle_t* nh,
                                  const sip_t* sip);

  // sofia_gateway_announce.cpp
  // The relay plays to the customer with a stand-in for the agent's side: the customer's offer,
  // answered by `then` with the relay's rewrite of a placeholder answer.
  void attach_player(Call& c, std::function<void(Call&, std::string)> then,
                     std::function<void(Call&, const std::string&)> failed);
  // The relay plays `file` to the customer (who has an answer of ours), then blendd hangs up.
  void play_then_hang_up(Call& c, const std::string& file, const char* what);
  void hang_up_announced(SteadyTime now);
  // Ends an abandoned customer's call and tells the centre (it waits for the end).
  void end_announced(CallId call, const std::string& why);
  void stop_queue_message(Call& c);

  // sofia_gateway_amd.cpp
  // The customer answered an AMD call: their audio to the tap through the relay, then ACKed.
  void start_analysis(Call& c);
  // Reports the verdict once (`why`: a warning to log, e.g. why there is no analysis).
  void amd_decided(Call& c, const std::string& cause, const std::string& why);
  void on_tap_report(CallId call, const TapReport& report);
  void close_tap(Call& c);

  // sofia_gateway_register.cpp
  void on_register(nua_handle_t* nh, const sip_t* sip);
  void respond_register(nua_handle_t* nh, int status, const char* phrase, tagi_t const* extra);
  void expire_registrations();
  void report_registration(const std::string& agent, const char* cause);
  // Where an agent leg rings: a registered agent's bindings (each its contact, reached through
  // the flow its REGISTER came over: every request of the dialog goes there, BYE and
  // keepalives too), or the URI itself (no flow).
  struct AgentTarget {
    std::string uri;
    std::string flow;  // "sip:host:port;transport=t", or "" for a fixed phone
  };
  std::vector<AgentTarget> agent_targets(const std::string& uri) const;
  // sofia_gateway_fork.cpp
  void invite_fork(Call& c, const AgentTarget& target, const std::string& sdp);
  void retire_fork(nua_handle_t* nh, bool answered);
  void cancel_forks(Call& c);
  // The leg `failed` failed: a fork still ringing takes its place (true), or none is left.
  bool promote_fork(Call& c, nua_handle_t* failed);
  void on_fork_event(nua_event_t event, int status, const char* phrase, nua_handle_t* nh,
                     HandleTag* tag, const sip_t* sip, tagi_t tags[]);

  // sofia_gateway_phone_dial.cpp
  void on_phone_invite(nua_handle_t* nh, const sip_t* sip, const std::string& agent);
  // originate() for a phone's call: the phone's leg moves to request.call, the customer is
  // INVITEd with its offer.
  void originate_from_phone(const OriginateRequest& request);
  void on_phone_first_response(Call& c, int status, const char* phrase, const sip_t* sip);
  void on_phone_cancel(Call& c);
  // The user part of a phone account named in From, or "".
  std::string phone_account_of(const sip_t* sip) const;
  // A request's digest credentials against the phone accounts: status 0 and the account's user
  // name, or the answer to send — 401/407 with `challenge` (none yet, or a stale nonce), 400, 403.
  struct DigestOutcome {
    int status = 0;
    std::string phrase;
    std::string challenge;
    std::string username;
  };
  DigestOutcome check_digest(const sip_t* sip, const char* method, bool proxy);

  // sofia_gateway_inbound.cpp
  // A call for an INVITE that came in on `nh` (a trunk's caller, or a phone calling out), numbered
  // from the gateway's own ids; `nh` is its `leg`.
  Call& open_call(nua_handle_t* nh, Leg leg);
  void on_inbound_invite(nua_handle_t* nh, const sip_t* sip);
  void on_options(nua_handle_t* nh, HandleTag* tag);
  void on_inbound_cancel(HandleTag* tag);
  bool source_allowed(std::string* source) const;

  GatewayOptions options_;
  std::function<void(LegEvent)> on_event_;
  std::thread thread_;
  su_home_t home_[1] = {SU_HOME_INIT(home_)};
  su_root_t* root_ = nullptr;
  nua_t* nua_ = nullptr;
  su_timer_t* timer_ = nullptr;
  std::unique_ptr<SofiaLogRedirect> log_redirect_;
  std::map<CallId, Call> calls_;
  std::set<nua_handle_t*> live_;
  std::map<nua_handle_t*, std::unique_ptr<HandleTag>> retired_;
  std::map<nua_handle_t*, std::unique_ptr<HandleTag>> fork_tags_;
  Registrar registrar_{options_.registrar};
  std::unique_ptr<DigestAuthenticator> digest_;  // made on the first REGISTER
  unsigned sweeps_ = 0;
  std::atomic<long> register_refused_{0};
  std::atomic<long> registered_phones_{0};  // agents with at least one binding
  CallId next_inbound_ = 1;                 // the core numbers its outbound calls from 2^62 upwards
  std::atomic<bool> running_{false};
  std::atomic<long> live_handles_{0};
  std::atomic<long> call_count_{0};
  std::atomic<long> inbound_refused_{0};
  // False on a standby node: new INVITEs and OPTIONS out of a dialog get 503 with Retry-After,
  // so a trunk or SBC with two destinations sends its calls to the active node.
  std::atomic<bool> accepting_{true};
  std::atomic<long> standby_refused_{0};
  std::atomic<bool> media_up_{true};
  std::atomic<long> media_refused_{0};  // inbound INVITEs answered 503 while the relay was away
  std::shared_ptr<Mailbox> mailbox_ = std::make_shared<Mailbox>();
  std::string relay_prefix_;  // call ids at the relay: unique per run
  std::atomic<long> auth_challenges_{0};
  LatencyHistogram answer_to_agent_invite_;
  LatencyHistogram decision_to_invite_;
};

}  // namespace blendd::sip
