#pragma once
// Everything the core asks the world to do. The daemon executes these over SIP, Redis and the
// desktops; the simulator schedules their consequences.
#include <string>
#include <variant>
#include <vector>

#include "policy/events.hpp"

namespace blendd::policy {

enum class Direction { inbound, outbound };

struct ClaimTargets {
  std::string campaign;
  int count;
};
struct Originate {
  CallId call;
  std::string campaign;
  DialTarget target;
  std::string preview_agent;
};
struct ConnectToAgent {
  CallId call;
  std::string agent;
  Direction direction;
};
// The agent's phone rang past the group's offer timeout, or the agent logged out while it rang:
// cancel that INVITE (the caller is back at the head of the queue).
struct WithdrawOffer {
  CallId call;
  std::string agent;
};
struct AbandonCall {
  CallId call;
};  // announcement (or hang-up) after abandon_after
struct OverflowInbound {
  CallId call;
};  // queue timeout
struct RecordOutcome {
  CallId call;
  std::string campaign;
  DialTarget target;
  DialOutcome outcome;
};
struct AgentStateChanged {
  std::string agent;
  AgentState state;
  std::string reason;
};
struct ReleaseTargets {
  std::string campaign;
  std::vector<DialTarget> targets;
};
struct GateChanged {
  std::string group;
  bool open;
  double level;
};
struct Rejected {
  std::string what;
  std::string why;
};  // an event the core refused

using Action = std::variant<ClaimTargets, Originate, ConnectToAgent, AbandonCall, OverflowInbound,
                            RecordOutcome, AgentStateChanged, ReleaseTargets, GateChanged, Rejected,
                            WithdrawOffer>;

}  // namespace blendd::policy
