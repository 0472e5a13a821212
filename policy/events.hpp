#pragma once
// Everything that can happen to the core. The daemon turns SIP, desktop, store and timer
// happenings into these; the simulator generates them from its traffic models.
#include <string>
#include <variant>
#include <vector>

#include "policy/agent_roster.hpp"
#include "policy/blend_gate.hpp"
#include "policy/core_settings.hpp"

namespace blendd::policy {

// machine: AMD heard a machine and blendd hung up; voicemail_left: it left the campaign's message.
enum class DialOutcome {
  answered,
  busy,
  no_answer,
  rejected,
  failed,
  abandoned,
  machine,
  voicemail_left,
  unknown
};
const char* to_string(DialOutcome o);

struct DialTarget {
  std::string id;          // the store's target id
  std::string number;      // E.164
  TimePoint claimed_at{};  // set by the core when the claim arrives: buffers do not age
};

struct AgentLoggedIn {
  std::string agent;
};
struct AgentLoggedOut {
  std::string agent;
};
struct AgentReady {
  std::string agent;
};  // ready, or wrap-up finished (questionnaire submitted)
struct AgentNotReady {
  std::string agent;
  std::string reason;
};

// An agent dials a number by hand (the desk's manual dial; the centre claimed the target): the
// agent is reserved for the call and the customer, once they answer, goes to that agent alone.
// Refused (Rejected) unless the agent is logged in and free (idle or not ready) and the campaign
// is their group's. A manual call that ends without a conversation leaves the agent not ready.
struct ManualDial {
  std::string agent;
  std::string campaign;
  DialTarget target;
};

// An agent hands the customer on (a blind transfer): to another agent (who must be idle), to a
// group's queue (where the customer waits like an inbound caller: inbound first, the group's
// queue timeout), or away from blendd's agents (a number through the trunk, ringing at most
// `ring_timeout`). The transferor's talk ends (wrap-up, no result owed unless away); a transfer
// nobody answers goes to the queue of the group it was meant for (away: the transferor's), never
// back to a phone that already let go. Refused (Rejected) unless `agent` is talking on `call`.
enum class TransferKind { agent, group, away };
struct TransferCall {
  CallId call;
  std::string agent;
  TransferKind kind = TransferKind::agent;
  std::string to;  // the agent's or the group's id (away: empty)
  Duration ring_timeout{};
};

struct InboundArrived {
  CallId call;
  std::string group;
};
struct InboundAbandoned {
  CallId call;
};  // the caller hung up while queued

struct OutboundAnswered {
  CallId call;
};  // the customer picked up
struct OutboundFailed {
  CallId call;
  DialOutcome outcome;
  bool trunk_fault = false;  // the trunk itself failed (5xx, no answer from it): the breaker counts
};

// Answering-machine detection's verdict on an answered outbound call (amd/), with what the
// campaign does with it: put it through to an agent, or not (the centre hangs up or leaves the
// voicemail message itself).
enum class AmdVerdict { human, machine, unsure };
struct AmdDecided {
  CallId call;
  AmdVerdict verdict = AmdVerdict::unsure;
  bool to_agent = true;
  // A machine not put through gets the campaign's message first: the call keeps its line until
  // VoicemailDone (or CallEnded: the machine hung up before the message was over).
  bool voicemail = false;
};
// The voicemail message of a machine verdict was played to its end (left) or not (the greeting
// never ended, the relay could not play it): the attempt's outcome is voicemail_left or machine.
struct VoicemailDone {
  CallId call;
  bool left = false;
};

struct AgentLegAnswered {
  CallId call;
};  // the agent's phone answered: the call is bridged
struct AgentLegFailed {
  CallId call;
};  // the agent's phone did not answer or rejected
// The agent answered on a phone whose audio has yet to connect (a WebRTC desk phone: ICE and
// DTLS after the answer). The offer now ends `media_timeout` from here unless AgentLegAnswered
// comes first: a phone that cannot carry audio is one that did not answer.
struct AgentLegConnecting {
  CallId call;
  Duration media_timeout;
};
struct CallEnded {
  CallId call;
};  // either side hung up after the call was set up

struct TargetsClaimed {
  std::string campaign;
  std::vector<DialTarget> targets;
};
struct ClaimFailed {
  std::string campaign;
};  // store unreachable: no dialling until it works
// An Originate the store refused at the INVITE (DNC since the claim, calling window closed,
// attempts used up, lease lost): no call was placed and none is counted.
struct DialWithdrawn {
  CallId call;
};
// These buffered targets must not be dialled (put on a DNC list since their claim); the daemon
// settles them with the store.
struct WithdrawTargets {
  std::string campaign;
  std::vector<std::string> ids;
};

struct SetThresholds {
  std::string group;
  GateThresholds thresholds;
  int reserve_agents;
};
struct SetOverride {
  std::string group;
  GateThresholds thresholds;
  TimePoint until;
};
struct ClearOverride {
  std::string group;
};
struct SetCampaignEnabled {
  std::string campaign;
  bool enabled;
};
struct SetCampaignWeight {
  std::string campaign;
  double weight;
};
// A supervisor or a reload changed a group's settings: thresholds, reserve, smoothing, dwell,
// schedule, timeouts. The group must exist (groups come and go only with a restart).
struct SetGroupSettings {
  GroupSettings settings;
};
// A campaign's settings; an id the core does not know adds the campaign (created over the API
// or by a reload). A campaign cannot move to another group; the governor's weight is kept.
struct SetCampaignSettings {
  CampaignSettings settings;
};
struct SetTrunkBreaker {
  TrunkBreakerSettings settings;
};
// The store (Redis) answers or stopped answering: without it no attempt can be recorded, so
// no new call is placed (calls in progress go on; inbound is served).
struct StoreAvailability {
  bool up;
};
// Relay mode: the media relay (rtpengine) answers or stopped answering. Without it a call has no
// audio, so no new call is placed and no waiting caller is offered to an agent (the gateway ends
// the relayed calls and refuses new inbound).
struct MediaAvailability {
  bool up;
};
struct Tick {};

using Event =
    std::variant<AgentLoggedIn, AgentLoggedOut, AgentReady, AgentNotReady, ManualDial, TransferCall,
                 InboundArrived, InboundAbandoned, OutboundAnswered, OutboundFailed, AmdDecided,
                 VoicemailDone, AgentLegAnswered, AgentLegConnecting, AgentLegFailed, CallEnded,
                 TargetsClaimed, ClaimFailed, DialWithdrawn, WithdrawTargets, SetThresholds,
                 SetOverride, ClearOverride, SetCampaignEnabled, SetCampaignWeight,
                 SetGroupSettings, SetCampaignSettings, SetTrunkBreaker, StoreAvailability,
                 MediaAvailability, Tick>;

}  // namespace blendd::policy
