#pragma once
// The running call centre: the policy core plus everything that executes its decisions. Events
// from SIP, agent desktops, timers and the store go into BlendCore; its actions are carried out
// through the SIP gateway (CallControl), the target lists (TargetLists) and the desktops
// (DesktopSink), on the clock it is given: tests/unit/daemon/centre/call_centre_test.cpp drives it
// with fakes of all four. Runs on the daemon's one event-loop thread: no locks around any of this.
// No Asio, Beast, sofia or hiredis types in this header.
#include <boost/json/fwd.hpp>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "config/blendd_config.hpp"
#include "daemon/centre/audit_log.hpp"
#include "daemon/centre/call_centre_totals.hpp"
#include "daemon/centre/campaign_standing.hpp"
#include "daemon/centre/lifetime.hpp"
#include "daemon/centre/sales_advisor.hpp"
#include "daemon/centre/target_explainer.hpp"
#include "daemon/centre/target_lists.hpp"
#include "daemon/integrations/cti_event.hpp"
#include "daemon/recordings/recording_note.hpp"
#include "desk/agent_messages.hpp"
#include "desk/agent_protocol.hpp"
#include "policy/blend_core.hpp"
#include "policy/campaign_governor.hpp"
#include "policy/campaign_run.hpp"
#include "policy/interval_tally.hpp"
#include "policy/number_policy.hpp"
#include "sip/call_control.hpp"
#include "sip/registration.hpp"

namespace blendd::daemon {

// Sends a protocol message to an agent's desktop, if one is connected.
class DesktopSink {
 public:
  virtual ~DesktopSink() = default;
  virtual void send(const std::string& agent, const std::string& message) = 0;
};

struct CallCentreClock {
  std::function<policy::TimePoint()> now;
  // Asks to be woken (tick()) at this time; nullopt cancels.
  std::function<void(std::optional<policy::TimePoint>)> wake_at;
};

class CallCentre {
 public:
  CallCentre(const config::BlenddConfig& cfg, sip::CallControl& sip, TargetLists& targets,
             DesktopSink& desktops, CallCentreClock clock, std::uint64_t seed);

  // Inputs (all on the event-loop thread).
  void on_leg_event(const sip::LegEvent& e);
  void agent_login(const std::string& agent);
  void agent_logout(const std::string& agent);
  // The agent dials a number by hand (call_centre_manual.cpp): "" when the checks so far pass (the
  // desk hears `dialling`, or `dial_refused` with the reason the store or the INVITE's confirm
  // gives later), else the refusal's reason (the desk is told).
  std::string manual_dial(const std::string& agent, const desk::DialMessage& m);
  // The same for a CRM's click-to-dial (POST /api/v1/agents/{a}/dial): `verdict` hears the
  // outcome once known — reason "" with the E.164 number and the call id when its INVITE goes
  // out, else the refusal's reason and message. One at a time per agent (else "in_progress").
  using DialVerdict = std::function<void(const std::string& reason, const std::string& message,
                                         const std::string& number, const std::string& call)>;
  void click_to_dial(const std::string& agent, const desk::DialMessage& m, DialVerdict verdict);
  // A blind transfer from the desk (call_centre_transfer.cpp): every refusal reaches the desk as
  // transfer_refused, an accepted one as transferring.
  void transfer(const std::string& agent, const desk::TransferMessage& m);
  // "" = ready; otherwise why not (the desk is told too): a phone that must register has not.
  std::string agent_ready(const std::string& agent);
  void agent_not_ready(const std::string& agent, const std::string& reason);
  // Questionnaire and disposition of the agent's last call, stored atomically or not at all.
  // Returns the problems (empty = stored and the agent is ready again).
  std::vector<desk::FieldError> submit(const std::string& agent, const desk::SubmitMessage& m);
  // The customer on the agent's current call asked about `product`: association offers go to
  // the agent's desk.
  void asked_about(const std::string& agent, const desk::AskedAboutMessage& m);
  // The desk page as the agent's phone (call_centre_phone.cpp; docs/agent-protocol.md).
  void phone_answer(const std::string& agent, const desk::PhoneAnswerMessage& m);
  void phone_offer(const std::string& agent, const desk::PhoneOfferMessage& m);
  void phone_media(const std::string& agent, const desk::PhoneMediaMessage& m);
  void phone_hang_up(const std::string& agent, const desk::PhoneHangUpMessage& m);
  void phone_hold(const std::string& agent, const desk::PhoneHoldMessage& m);
  // A desk logged in (or took a session over): a call its page phone was carrying is shown
  // again and the page asked to bring its media back.
  void desk_opened(const std::string& agent);
  bool webrtc_phone(const std::string& agent) const;
  // Registered phones (call_centre_registration.cpp): the registrar's news of an agent's
  // bindings. An idle agent whose last phone went away is made not ready (phone_unregistered),
  // and no agent whose phone must register can be ready without one.
  void phone_registration(const sip::Registration& registration);
  bool registers_phone(const std::string& agent) const;
  // The agent's current bindings (none: not registered, or a phone that does not register).
  const std::vector<sip::Binding>& phone_bindings(const std::string& agent) const;
  // Points earned before a restart (from the store), so totals and ranks survive it.
  void restore_points(const std::string& agent, int points);
  // Every sale's points (the store keeps monthly totals).
  void observe_sales(
      std::function<void(const std::string& month, const std::string& agent, int points)>
          observer) {
    sales_observer_ = std::move(observer);
  }
  std::string current_month() const { return advisor_.month_of(clock_.now()); }
  // An agent's points this month (the figures list them for every agent once a second).
  int points_this_month(const std::string& agent) const {
    return advisor_.month_points(agent, clock_.now());
  }

  // Supervisor overrides (call_centre_supervision.cpp): temporary, so not part of the
  // configuration. Each is audited; an empty string means done, otherwise what is wrong.
  std::string set_override(const std::string& group, double start, double stop, bool outbound,
                           std::chrono::seconds lasting, const std::string& who,
                           const std::string& why);
  std::string clear_override(const std::string& group, const std::string& who,
                             const std::string& why);
  // A supervisor starts, pauses or stops a campaign (a start stands over the governor's
  // offline until its verdict changes). Audited with the real before and after; "" = done.
  std::string command_campaign(const std::string& campaign, policy::RunCommand command,
                               const std::string& who, const std::string& why);
  // A campaign's state as supervisors see it: its run state (a campaign the configuration
  // disables is shown stopped by "configuration"), the governor's record, weight and share.
  struct CampaignView {
    std::string campaign;
    policy::CampaignRun run;
    policy::GovernorRecord governor;
    double share = 0;  // of its group's outbound lines, now
  };
  CampaignView campaign_view(const std::string& campaign) const;
  std::vector<CampaignView> campaign_views() const;
  // Restored from the store at start-up, before any call is placed.
  void restore_standing(const std::string& campaign, const CampaignStanding& standing);
  void restore_override(const std::string& group, const OverrideRecord& record);
  // Every change to a campaign's standing or a group's override, to be kept in the store
  // (nullopt: the override was cleared).
  void observe_standings(
      std::function<void(const std::string&, const CampaignStanding&)> observer) {
    standing_observer_ = std::move(observer);
  }
  void observe_overrides(
      std::function<void(const std::string&, const std::optional<OverrideRecord>&)> observer) {
    override_observer_ = std::move(observer);
  }
  void observe_audit(std::function<void(AuditEntry)> observer) { audit_ = std::move(observer); }
  // Every CTI event (docs/events.md) as it happens, in order (the outbox numbers and stores it).
  void observe_events(std::function<void(CtiEvent)> observer) { events_ = std::move(observer); }
  // Recordings (call_centre_recording.cpp): each call is chosen by its campaign's or inbound
  // group's `recording` share, if `may_record` says yes now (false: the disk is full); what the
  // recorder needs to know of the chosen ones goes to `observer`.
  void observe_recordings(std::function<void(const RecordingNote&)> observer,
                          std::function<bool()> may_record) {
    recording_observer_ = std::move(observer);
    may_record_ = std::move(may_record);
  }
  void tick();
  // The store probe's verdict (CallService pings Redis every 250 ms).
  void store_available(bool up);
  // Relay mode: whether rtpengine answers; without it no call is placed
  // (policy::MediaAvailability).
  void media_available(bool up);
  bool media_up() const { return media_up_; }
  // Asked right before every customer INVITE (after the store's confirm): false = this node's
  // lease may have run out, so the call is not placed — the last fence, by the node's own clock,
  // whatever event (a late confirm, a queued answer) got here first after a pause.
  // `acting_until`: when the lease runs out; each INVITE carries it to the gateway, which does
  // not send one it gets later (the pause may fall between this check and the send).
  void fence_with(
      std::function<bool()> may_act,
      std::function<std::optional<std::chrono::steady_clock::time_point>()> acting_until = {}) {
    may_act_ = std::move(may_act);
    acting_until_ = std::move(acting_until);
  }
  // Every agent state change, after the core made it (the Redis mirror listens).
  void observe_agent_states(std::function<void(const policy::AgentStateChanged&)> observer) {
    agent_state_observer_ = std::move(observer);
  }
  // Shutting down: every call is hung up and its attempt closed ("interrupted"; a result still
  // owed is "no_disposition"), then claimed targets not yet dialled go back to their lists.
  void shutdown();
  void release_claimed();
  // `number` was just put on a DNC list (campaign "" = the global one): every claimed target
  // with it leaves its buffer now, closed without an attempt.
  void withdraw_number(const std::string& campaign, const std::string& number);
  // Whether this blendd holds the target now: in a buffer, or on a call (being confirmed too).
  HeldHere held(const std::string& campaign, const std::string& number) const;
  // A reloaded or API-changed configuration: group settings (thresholds, smoothing, dwell,
  // schedules), campaigns (new ones too), routes and the catalogue take effect now.
  void apply(const config::BlenddConfig& cfg);

  // The centre's clock (simulated in tests): what every route and store write reads as "now".
  policy::TimePoint now() const { return clock_.now(); }
  std::int64_t now_ms() const;

  bool knows_agent(const std::string& agent) const { return agents_.count(agent) != 0; }
  const std::string& agent_group(const std::string& agent) const;
  const policy::BlendCore& core() const { return core_; }
  CallCentreTotals totals() const;
  // The history's counters since the last take: the core's (calls, waits, stays, levels) and
  // the centre's own (results and dispositions, sales, points, product recommendations).
  std::vector<policy::TallyRecord> take_tallies();

 private:
  struct AgentInfo {
    std::string group;
    std::string sip_uri;  // a registered phone's: sip::registered_uri (the gateway resolves it)
    config::AgentPhone phone = config::AgentPhone::sip;
    bool registers = false;
  };
  struct ActiveCall {
    sip::CallId id = 0;
    policy::Direction direction = policy::Direction::outbound;
    std::string group;
    std::string campaign{};  // outbound
    std::optional<queue::ClaimedTarget> target{};
    std::string caller{};  // inbound: the caller's number
    std::string agent{};   // offered to / talking with
    bool connected = false;
    bool core_done = false;  // the core finished with it (abandoned, overflowed)
    std::optional<policy::DialOutcome> pending_outcome{};  // answered: waits for the disposition
    bool submitting = false;                               // the result is on its way to Redis
    bool confirming = false;         // outbound: the store's last word before the INVITE is awaited
    policy::TimePoint talk_start{};  // the agent's leg answered
    double talked_s = 0;             // set when the call ended
    bool recorded = false;
    // Offered to a WebRTC phone in the desk page: bridged once the page answered (and the
    // customer has the answer) and its audio flows; either alone is not enough.
    bool browser = false;
    bool page_answered = false;
    bool media_connected = false;
    std::string manual_agent{};  // dialled by hand by this agent
    // Blind transfers (call_centre_transfer.cpp): how many, the agent who handed it on last,
    // and whether it now rings or talks with a number away from blendd's agents.
    int transfers = 0;
    std::string transferred_from{};
    bool away = false;
    // AMD (call_centre_amd.cpp): the verdict's cause and how long after the answer it came.
    std::string amd_cause{};
    int amd_ms = -1;
  };

  void feed(const policy::Event& event);
  void execute(const policy::Action& action);
  void execute_originate(const policy::Originate& a);
  void on_confirmed(sip::OriginateRequest request, std::error_code ec,
                    const queue::TargetStore::Confirmation& verdict);
  void execute_withdraw_offer(const policy::WithdrawOffer& a);
  void execute_connect(const policy::ConnectToAgent& a);
  void execute_record(const policy::RecordOutcome& a);
  desk::CallOffer call_offer(const ActiveCall& c) const;
  // call_centre_phone.cpp: the desk page as the agent's phone.
  void bridged(ActiveCall& c);
  ActiveCall* phone_call(const std::string& agent, const std::string& call, const char* what);
  void on_browser_leg_event(ActiveCall& c, const sip::LegEvent& e);
  void claim(const std::string& campaign, int count);
  void on_inbound_arrived(const sip::LegEvent& e);
  void finish_attempt(ActiveCall& call, policy::DialOutcome outcome, const std::string& label,
                      bool completed, std::optional<std::int64_t> callback_ms, bool never,
                      const std::string& never_reason);
  void finish_wrap_up(const std::string& agent, const std::string& label);
  bool logged_out(const std::string& agent) const;  // in the core's view
  std::string refuse_dial(const std::string& agent, const std::string& number,
                          const std::string& reason, const std::string& message);
  // A registered phone called a number through blendd: a manual dial by its agent.
  void on_phone_dialled(const sip::LegEvent& e);
  // call_centre_transfer.cpp. `reply` hears "" (accepted, before the agent's leg goes) or a
  // refusal's reason code and message.
  using TransferReply = std::function<void(const std::string& reason, const std::string& message)>;
  void on_transfer_requested(const sip::LegEvent& e);
  void start_transfer(const std::string& agent, sip::CallId id, const std::string& kind,
                      const std::string& to, const TransferReply& reply);
  void transfer_to_number(const std::string& agent, sip::CallId id, const std::string& typed,
                          const TransferReply& reply);
  void commit_transfer(ActiveCall& c, const std::string& kind, const std::string& to,
                       const TransferReply& reply);
  // A handed-on customer nobody took (gone, or the queue timed out): the attempt is closed;
  // `ending_here`: blendd ends the call now (its end is told here).
  void lose_transferred(ActiveCall& c, bool ending_here);
  // sip:<number>@ the trunk's host, port and parameters.
  static std::string trunk_uri_for(const std::string& trunk, const std::string& number);
  std::map<std::string, sip::CallId> phone_calls_;  // agent → the phone's call awaiting its dial
  std::map<std::string, DialVerdict> dial_verdicts_;  // agent → a click-to-dial awaiting its word
  void settle_click_to_dial(const std::string& agent, const std::string& reason,
                            const std::string& message, const std::string& number,
                            const std::string& call);
  // The campaign a manual dial is for: `wanted`, or the agent's group's first; null with the
  // refusal's reason.
  const config::CampaignConfig* manual_campaign(const std::string& agent, const std::string& wanted,
                                                std::string& refusal) const;
  // A result is in: ready again, unless the agent's phone must register and has not, or the call
  // was the agent's own manual dial (they choose when to take calls again).
  policy::Event ready_after_call(const std::string& agent, bool manual) const;
  void store_submission(const std::string& agent, const ActiveCall& call,
                        const desk::SubmitMessage& m, const std::string& list,
                        std::map<std::string, std::string> fields);
  void record_submission(const std::string& agent, ActiveCall& call, const desk::SubmitMessage& m);
  // The disposition, callback time, product and answers of a result, against `campaign`'s
  // questionnaire (empty: none).
  std::vector<desk::FieldError> check_submission(const desk::SubmitMessage& m,
                                                 const std::string& campaign) const;
  // A result for a call this node never had: an attempt a failed node left in review.
  std::vector<desk::FieldError> submit_after_failover(const std::string& agent,
                                                      const desk::SubmitMessage& m);
  void retry_unstored();
  void award(const std::string& agent, const std::string& product);
  // A registered result into the history: per campaign, agent and product.
  void tally_result(const std::string& agent, const std::string& campaign,
                    const std::string& disposition, const std::string& product, double talked_s);
  void tally_recommended(const std::vector<const config::ProductConfig*>& products);
  std::string product_of(const ActiveCall& call) const;
  // The campaign health rules after each outbound disposition.
  void govern(const std::string& campaign, const std::string& disposition);
  void audit(std::string who, std::string what, std::string old_value, std::string new_value,
             std::string why);
  static std::string call_key(sip::CallId id) { return std::to_string(id); }
  // call_centre_recording.cpp
  void choose_recording(ActiveCall& call, double share);
  void note_recording(RecordingNote note);
  void on_recorded(const sip::LegEvent& e);
  void abandon(ActiveCall& call);
  // call_centre_amd.cpp
  void on_amd_decided(ActiveCall& c, const sip::LegEvent& e);
  void on_voicemail_left(ActiveCall& c);
  void store_amd_result(const ActiveCall& c, policy::DialOutcome outcome);
  // call_centre_events.cpp: the CTI events. `extra`: the event's own fields (strings).
  using EventFields = std::vector<std::pair<std::string, std::string>>;
  void publish(const char* type, sip::CallId call, const boost::json::object& data,
               bool last = false);
  void publish_call(const char* type, const ActiveCall& c, const EventFields& extra = {},
                    bool last = false);
  void publish_agent_state(const policy::AgentStateChanged& a);
  void publish_result(const std::string& agent, const ActiveCall& c,
                      const std::map<std::string, std::string>& fields);
  void publish_run(const std::string& campaign);
  void publish_planned(sip::CallId call, const FinishedAttempt& a, const policy::OutcomePlan& plan);
  void publish_setting(const AuditEntry& e);
  std::function<void(CtiEvent)> events_;
  std::function<void(const RecordingNote&)> recording_observer_;
  std::function<bool()> may_record_;
  std::mt19937_64 recording_random_;

  config::BlenddConfig config_;
  sip::CallControl& sip_;
  TargetLists& targets_;
  DesktopSink& desktops_;
  CallCentreClock clock_;
  policy::BlendCore core_;
  std::map<std::string, AgentInfo> agents_;
  std::map<std::string, std::vector<sip::Binding>> bindings_;  // agents with a registered phone
  std::map<std::string, std::string> inbound_routes_;          // dialled number → group
  // Claimed targets not yet dialled, per campaign and number.
  std::map<std::string, std::map<std::string, queue::ClaimedTarget>> claimed_;
  std::map<sip::CallId, ActiveCall> calls_;
  std::map<std::string, ActiveCall> wrap_up_;  // agent → the call awaiting its result
  struct UnstoredResult {
    std::string agent;
    ActiveCall call;
    desk::SubmitMessage message;
    std::string list;
    std::map<std::string, std::string> fields;
  };
  std::vector<UnstoredResult> unstored_;  // results Redis could not take yet, retried when it can
  CallCentreTotals totals_;
  policy::IntervalTally tally_;
  std::function<void(const policy::AgentStateChanged&)> agent_state_observer_;
  std::function<void(const std::string&, const std::string&, int)> sales_observer_;
  SalesAdvisor advisor_;
  policy::CampaignGovernor governor_;
  std::map<std::string, CampaignStanding> standings_;
  std::function<void(const std::string&, const CampaignStanding&)> standing_observer_;
  std::function<void(const std::string&, const std::optional<OverrideRecord>&)> override_observer_;
  // The standing's run state and weight into the core (and the configuration's enabled).
  void sync_campaign(const std::string& campaign);
  void standing_changed(const std::string& campaign);
  std::string run_text(const std::string& campaign) const;
  std::map<std::string, policy::NumberPolicy> number_policies_;  // per campaign
  void build_number_policies();
  std::function<void(AuditEntry)> audit_;
  std::function<bool()> may_act_;
  std::function<std::optional<std::chrono::steady_clock::time_point>()> acting_until_;
  std::optional<std::chrono::steady_clock::time_point> event_at_;  // the event being handled
  std::vector<sip::CallId> finished_;  // dropped once the core's batch of actions is done
  std::deque<policy::Event> pending_;  // events raised while the core was handling one
  bool feeding_ = false;
  bool store_up_ = true;
  bool media_up_ = true;
  Lifetime lifetime_;  // last: replies that come after the centre is gone do nothing
};

}  // namespace blendd::daemon
