#pragma once
// The blending decision core: events in, actions out. Pure — no clock, socket, thread or I/O;
// time comes with each event and randomness from the seeded chooser. The daemon and the
// simulator drive exactly this object.
//
// Rules it enforces:
// - a waiting inbound call always takes the next free agent; no dialling while inbound waits;
// - a group dials only while its smoothed idle level is above the start threshold (hysteresis,
//   dwell) and keeps `reserve_agents` idle for inbound;
// - answered customers go to a uniformly random idle agent of the group (or longest idle);
// - a customer without an agent after `abandon_after` is abandoned and counted; the abandon
//   budget bounds predictive over-dialling so the cap holds over 24 h and 30 days.
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "policy/abandon_guard.hpp"
#include "policy/actions.hpp"
#include "policy/adaptive_dial_level.hpp"
#include "policy/agent_chooser.hpp"
#include "policy/answer_rate_estimator.hpp"
#include "policy/blend_gate.hpp"
#include "policy/core_settings.hpp"
#include "policy/duration_estimator.hpp"
#include "policy/events.hpp"
#include "policy/figures.hpp"
#include "policy/history_recorder.hpp"
#include "policy/idle_level_meter.hpp"
#include "policy/trunk_breaker.hpp"

namespace blendd::policy {

class BlendCore {
 public:
  explicit BlendCore(CoreSettings settings);

  std::vector<Action> handle(const Event& event, TimePoint now);
  // The earliest time the core must be woken (with Tick) even if nothing happens.
  std::optional<TimePoint> next_deadline() const;

  int group_count() const { return static_cast<int>(groups_.size()); }
  int campaign_count() const { return static_cast<int>(campaigns_.size()); }
  GroupView group_view(int group, TimePoint now) const;
  std::optional<int> group_index(const std::string& id) const;
  // True while the group's schedule is in a busy period.
  bool busy_period(int group, TimePoint now) const;
  // The schedule period in force (its thresholds with the group's filled in), or none.
  const SchedulePeriod* active_period(int group, TimePoint now) const;
  const GroupFigures& group_figures(int group) const { return groups_[group].figures; }
  const CampaignFigures& campaign_figures(int c) const { return campaigns_[c].figures; }
  const std::string& campaign_id(int c) const { return campaigns_[c].settings.id; }
  double abandon_rate_24h(int c, TimePoint now) const { return campaigns_[c].guard.rate_24h(now); }
  double abandon_rate_30d(int c, TimePoint now) const { return campaigns_[c].guard.rate_30d(now); }
  // AMD's estimated mistakes in each window (machine verdicts × the false-positive rate): part of
  // the rates above, shown beside the measured abandons.
  double abandons_estimated_24h(int c, TimePoint now) const {
    return campaigns_[c].guard.estimated_24h(now);
  }
  double abandons_estimated_30d(int c, TimePoint now) const {
    return campaigns_[c].guard.estimated_30d(now);
  }
  // The pacer's estimate (a prior blended with the last answers), not the observed rate.
  double answer_rate_estimate(int c) const { return campaigns_[c].answer_rate.rate(); }
  double campaign_weight(int c) const { return campaigns_[c].settings.weight; }
  bool campaign_enabled(int c) const { return campaigns_[c].settings.enabled; }
  // The campaign's share of its group's outbound lines: its weight over the weights of the
  // group's enabled campaigns (0 while it is not enabled).
  double campaign_share(int c) const;
  // Agent-seconds per state including the stays still running at `now`.
  std::array<double, 7> agent_seconds(int group, TimePoint now) const;
  const AgentRoster& roster() const { return roster_; }
  const TrunkBreaker& trunk() const { return trunk_; }
  // The history's counters per 15-minute interval since the last take (the daemon stores them,
  // the simulator's what-if reads them).
  std::vector<TallyRecord> take_tallies() { return history_.take(); }

 private:
  // away: handed by its agent to a party outside blendd's agents (TransferCall), ringing there.
  // analysing: answered, its AMD verdict awaited (AmdDecided).
  // voicemail: a machine verdict's message is being left (the line stays in use).
  enum class Phase { dialing, analysing, voicemail, waiting_agent, offering, talking, away };
  struct Call {
    CallId id = 0;
    Direction direction = Direction::inbound;
    int group = 0;
    int campaign = -1;  // outbound only
    DialTarget target;
    Phase phase = Phase::dialing;
    TimePoint arrived{};  // inbound: arrival; outbound: customer answer
    TimePoint dialled{};  // outbound: when the INVITE went out
    TimePoint talk_start{};
    TimePoint offered_at{};  // when the agent's phone was asked to ring
    TimePoint offer_end{};   // when the agent's phone, asked to ring, is given up on
    int agent = -1;
    bool holds_line = false;  // counted in the campaign's and group's lines in flight
    bool manual = false;      // dialled by hand by `agent` (ManualDial)
    int transfers = 0;        // blind transfers so far: it waits in the inbound queue, never
                              // abandoned, and an answer is not counted again
  };
  struct Group {
    GroupSettings settings;
    IdleLevelMeter meter;
    BlendGate gate;
    std::optional<SetOverride> override_;
    std::deque<CallId> inbound_queue;
    std::deque<CallId> outbound_waiting;
    std::deque<CallId> analysing;  // answered outbound calls awaiting their AMD verdict
    std::vector<int> campaigns;
    mutable std::optional<TimePoint> schedule_change;  // cached: schedules change rarely
    DurationEstimator ring{8.0};                       // dial to live answer
    DurationEstimator talk{180.0};                     // agent answer to hang-up
    int last_idle = 0;  // for the randomised reserve: draw when an agent frees up
    bool boundary_start = true;
    int in_flight = 0;  // outbound lines dialling or answered and waiting for an agent
    GroupFigures figures;
    struct LevelSample {
      TimePoint at{};
      double level = 0, start = 0, stop = 0;
      bool gate_open = false;
      bool taken = false;
    } sample;  // what the gate saw last, recorded over the time until the next look
  };
  struct Campaign {
    CampaignSettings settings;
    int group = 0;
    std::deque<DialTarget> buffer;
    bool claim_pending = false;
    TimePoint claim_backoff_until{};
    int in_flight = 0;
    TimePoint next_dial_allowed{};  // max_dials_per_second spacing
    AbandonGuard guard;
    AnswerRateEstimator answer_rate;
    AdaptiveDialLevel adaptive;
    CampaignFigures figures;
  };

  // Event handlers.
  void on(const AgentLoggedIn& e);
  void on(const AgentLoggedOut& e);
  void on(const AgentReady& e);
  void on(const AgentNotReady& e);
  void on(const ManualDial& e);
  // The agent a preview or manual call had reserved goes free: idle after a preview call, not
  // ready after a manual one (the agent chose to dial; they choose when to take calls again).
  void free_reserved_agent(const Call& call, const char* why);
  // blend_core_transfer.cpp
  void on(const TransferCall& e);
  std::optional<int> transfer_group(const TransferCall& e, int from_agent);
  // The agent's conversation on `call` is over (hang-up or transfer): its figures, then wrap-up.
  void end_talk(Call& call, const std::string& reason);
  void on(const InboundArrived& e);
  void on(const InboundAbandoned& e);
  void on(const OutboundAnswered& e);
  void on(const OutboundFailed& e);
  void on(const AmdDecided& e);  // blend_core_amd.cpp
  void on(const VoicemailDone& e);
  void count_live_answer(Call& call);
  void amd_timeouts(TimePoint now);
  void on(const AgentLegAnswered& e);
  void on(const AgentLegConnecting& e);
  void on(const AgentLegFailed& e);
  void on(const CallEnded& e);
  void on(const TargetsClaimed& e);
  void on(const ClaimFailed& e);
  void on(const DialWithdrawn& e);
  void on(const WithdrawTargets& e);
  void on(const SetThresholds& e);
  void on(const SetOverride& e);
  void on(const ClearOverride& e);
  void on(const SetCampaignEnabled& e);
  void on(const SetCampaignWeight& e);
  void on(const SetGroupSettings& e);
  void on(const SetCampaignSettings& e);
  void on(const SetTrunkBreaker& e) { trunk_.set_settings(e.settings); }
  void on(const StoreAvailability& e) { store_up_ = e.up; }
  void on(const MediaAvailability& e) { media_up_ = e.up; }
  // Calls may be placed: the store records them and the media relay (if any) carries them.
  bool can_place_calls() const { return store_up_ && media_up_; }
  void on(const Tick&) {}

  // Decisions after every event.
  void expire(TimePoint now);
  void assign_agents(int g);
  void pace(int g);
  void refill(int c);
  void update_gate(int g);

  // Helpers.
  std::optional<int> agent_index(const std::string& id, const char* event);
  bool move_agent(int agent, AgentState to, const std::string& reason = {});
  // Running stays counted into the history up to the interval boundary just passed.
  void settle_interval();
  void connect(Call& call, int agent);
  // The offer of `call` to its agent ended unanswered (timeout, logout, the phone said no): the
  // caller goes back to the head of its queue.
  void requeue(Call& call);
  void end_offer(Call& call);  // the offer is over, whichever way: its deadline goes
  void release_line(Call& call);
  void finish_outbound(Call& call, DialOutcome outcome);
  void remove_call(CallId id);
  GateThresholds effective_thresholds(const Group& g) const;
  // The reserve in force: the schedule period's when it names one, else the group's.
  std::pair<int, double> effective_reserve(const Group& g) const;
  std::optional<int> pick_campaign(const Group& g, int exposure_after) const;
  bool capped(const Campaign& c) const;  // at its concurrency or dial-rate cap now
  void dial(int c, int preview_agent, bool manual = false);
  Call* find_call(CallId id);
  void add_campaign(const CampaignSettings& cs, int group);

  CoreSettings settings_;
  AgentRoster roster_;
  AgentChooser chooser_;
  std::vector<Group> groups_;
  std::vector<Campaign> campaigns_;
  std::unordered_map<std::string, int> group_index_;
  std::unordered_map<std::string, int> campaign_index_;
  std::unordered_map<CallId, Call> calls_;
  std::set<std::pair<TimePoint, int>> wrap_up_ends_;
  std::set<std::pair<TimePoint, CallId>> offer_ends_;  // calls offered to a ringing phone
  CallId next_call_ = CallId(1) << 62;  // the core's own ids never meet the gateway's
  TimePoint now_{};
  bool store_up_ = true;
  bool media_up_ = true;
  TrunkBreaker trunk_;
  HistoryRecorder history_;
  std::int64_t settled_interval_ = 0;  // the interval whose start the stays were counted to
  std::vector<Action>* out_ = nullptr;
};

}  // namespace blendd::policy
