#include "policy/agent_chooser.hpp"

namespace blendd::policy {

std::optional<int> AgentChooser::choose(const AgentRoster& roster, int group, AgentChoice rule) {
  const auto& idle = roster.idle_agents(group);
  if (idle.empty()) return std::nullopt;
  if (rule == AgentChoice::longest_idle) return roster.longest_idle(group);
  std::uniform_int_distribution<std::size_t> pick(0, idle.size() - 1);
  return idle[pick(rng_)];
}

}  // namespace blendd::policy
