#pragma once
// Live figures the core keeps as it runs: what supervisors watch and what the simulator reports.
#include <array>
#include <cstdint>
#include <string>

namespace blendd::policy {

struct GroupFigures {
  std::uint64_t inbound_offered = 0;
  std::uint64_t inbound_answered = 0;
  std::uint64_t inbound_answered_within_sl = 0;
  std::uint64_t inbound_abandoned = 0;
  std::uint64_t inbound_overflowed = 0;
  double inbound_wait_s = 0;           // summed over answered calls
  std::uint64_t offers_timed_out = 0;  // agent phones that rang past the offer timeout
  std::uint64_t outbound_connected = 0;
  std::uint64_t gate_changes = 0;
  // Blind transfers: handed on by this group's agents, answered by their target (an agent
  // of this group, or a number away), and lost (the customer hung up or the queue timed out
  // before anyone took them: not abandons, an agent had talked to them).
  std::uint64_t transfers_out = 0;
  std::uint64_t transfers_connected = 0;
  std::uint64_t transfers_lost = 0;
  std::uint64_t talks = 0;  // calls that ended after an agent talked (both directions)
  double talk_seconds = 0;
  std::array<double, 7> agent_seconds{};  // per AgentState, of finished stays
};

struct CampaignFigures {
  std::uint64_t dials = 0;
  std::uint64_t answers = 0;          // live answers
  std::uint64_t machines = 0;         // AMD's machine verdicts not put through
  std::uint64_t voicemails_left = 0;  // of those, the message played to its end
  std::uint64_t abandons = 0;
  std::uint64_t connected = 0;  // answered and bridged to an agent
  std::uint64_t busy = 0;
  std::uint64_t no_answer = 0;
  std::uint64_t rejected = 0;
  std::uint64_t failed = 0;
  std::uint64_t withdrawn = 0;  // ordered but refused by the store at the INVITE: not dials
  std::uint64_t talks = 0;      // connected calls that ended
  double talk_seconds = 0;      // summed over those
};

// A snapshot of one group now, for dashboards and the simulator's interval reports.
struct GroupView {
  std::string id;
  int logged_in = 0;
  int idle = 0;
  int inbound_waiting = 0;
  int outbound_in_flight = 0;
  double idle_level = 0;      // instantaneous
  double smoothed_level = 0;  // what the gate compares
  double start_threshold = 0;
  double stop_threshold = 0;
  bool gate_open = false;
  bool dialling = false;  // gate open, outbound allowed and no inbound waiting
};

}  // namespace blendd::policy
