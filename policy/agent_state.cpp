#include "policy/agent_state.hpp"

namespace blendd::policy {

const char* to_string(AgentState s) {
  switch (s) {
    case AgentState::logged_out:
      return "logged_out";
    case AgentState::not_ready:
      return "not_ready";
    case AgentState::idle:
      return "idle";
    case AgentState::reserved:
      return "reserved";
    case AgentState::on_inbound:
      return "on_inbound";
    case AgentState::on_outbound:
      return "on_outbound";
    case AgentState::wrap_up:
      return "wrap_up";
  }
  return "unknown";
}

bool is_legal_transition(AgentState from, AgentState to) {
  using S = AgentState;
  if (from == to) return false;
  if (to == S::logged_out) return true;  // logout (or a lost desktop) ends any state
  switch (from) {
    case S::logged_out:
      return to == S::not_ready || to == S::idle;
    case S::not_ready:  // reserved: the agent dials by hand (a manual dial)
      return to == S::idle || to == S::reserved;
    case S::idle:
      return to == S::not_ready || to == S::reserved;
    case S::reserved:  // the phone answers, or does not (back to idle or not ready)
      return to == S::on_inbound || to == S::on_outbound || to == S::idle || to == S::not_ready;
    case S::on_inbound:
    case S::on_outbound:
      return to == S::wrap_up;
    case S::wrap_up:
      return to == S::idle || to == S::not_ready;
  }
  return false;
}

}  // namespace blendd::policy
