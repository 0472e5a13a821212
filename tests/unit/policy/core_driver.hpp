#pragma once
// A BlendCore driven on simulated seconds (one_group_centre.hpp's `at`), with the agent moves
// most core tests need.
#include <string>
#include <vector>

#include "policy/blend_core.hpp"
#include "tests/unit/policy/one_group_centre.hpp"

namespace blendd::test {

struct CoreDriver {
  explicit CoreDriver(policy::CoreSettings s) : core(std::move(s)) {}
  std::vector<policy::Action> send(const policy::Event& e, double t) {
    return core.handle(e, at(t));
  }
  policy::AgentState state(const std::string& agent) const {
    return core.roster().agent(*core.roster().find(agent)).state;
  }
  void ready(const std::string& agent, double t) {
    send(policy::AgentLoggedIn{agent}, t);
    send(policy::AgentReady{agent}, t);
  }
  void not_ready(const std::string& agent, double t) {
    send(policy::AgentLoggedIn{agent}, t);
    send(policy::AgentNotReady{agent, "break"}, t);
  }
  policy::BlendCore core;
};

}  // namespace blendd::test
