#pragma once
// The states an agent goes through and which moves between them are legal.
#include <string>

namespace blendd::policy {

enum class AgentState {
  logged_out,
  not_ready,  // logged in, unavailable (break, training, missed call ...)
  idle,       // ready and waiting for a call
  reserved,   // a call is being offered to the agent's phone
  on_inbound,
  on_outbound,
  wrap_up,  // after a call: questionnaire and result until submitted or the timer ends
};

const char* to_string(AgentState s);

// True when an agent may move from `from` to `to`. Everything else is reported, never applied.
bool is_legal_transition(AgentState from, AgentState to);

}  // namespace blendd::policy
