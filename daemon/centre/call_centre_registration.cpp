// Agents whose phones register (sip_uri: registered): what the registrar says of their bindings
// decides whether they can take calls.
#include "log/log.hpp"

#include "daemon/centre/call_centre.hpp"

namespace blendd::daemon {

bool CallCentre::registers_phone(const std::string& agent) const {
  auto it = agents_.find(agent);
  return it != agents_.end() && it->second.registers;
}

const std::vector<sip::Binding>& CallCentre::phone_bindings(const std::string& agent) const {
  static const std::vector<sip::Binding> none;
  auto it = bindings_.find(agent);
  return it == bindings_.end() ? none : it->second;
}

policy::Event CallCentre::ready_after_call(const std::string& agent, bool manual) const {
  if (registers_phone(agent) && phone_bindings(agent).empty())
    return policy::AgentNotReady{agent, "phone_unregistered"};
  if (manual) return policy::AgentNotReady{agent, "manual dial"};
  return policy::AgentReady{agent};
}

void CallCentre::phone_registration(const sip::Registration& r) {
  if (!registers_phone(r.agent)) return;
  const bool had = !phone_bindings(r.agent).empty();
  if (r.bindings.empty()) {
    bindings_.erase(r.agent);
  } else {
    bindings_[r.agent] = r.bindings;
  }
  if (r.bindings.empty() && had) {
    log::info("phones: agent {}'s phone is no longer registered ({})", r.agent, r.cause);
    // Like a phone that vanished: no call is offered to it. One already ringing or up goes on
    // (its dialog does not need the registration); the agent is made not ready once idle again.
    const auto index = core_.roster().find(r.agent);
    if (index && core_.roster().agent(*index).state == policy::AgentState::idle)
      feed(policy::AgentNotReady{r.agent, "phone_unregistered"});
  } else if (!r.bindings.empty() && !had) {
    log::info("phones: agent {}'s phone registered from {} ({})", r.agent,
              r.bindings.front().source, r.cause);
  }
}

}  // namespace blendd::daemon
