#include "policy/agent_roster.hpp"

namespace blendd::policy {

AgentRoster::AgentRoster(int groups) : idle_(groups), counts_(groups) {
  for (auto& c : counts_) c.fill(0);
}

int AgentRoster::add_agent(std::string id, int group) {
  const int index = static_cast<int>(agents_.size());
  by_id_.emplace(id, index);
  agents_.push_back(AgentInfo{std::move(id), group, AgentState::logged_out, TimePoint{}, {}, 0});
  idle_position_.push_back(-1);
  ++counts_[group][static_cast<int>(AgentState::logged_out)];
  return index;
}

std::optional<int> AgentRoster::find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

bool AgentRoster::set_state(int index, AgentState to, TimePoint now, std::string reason) {
  AgentInfo& a = agents_[index];
  if (!is_legal_transition(a.state, to)) return false;
  if (a.state == AgentState::idle) remove_idle(index);
  --counts_[a.group][static_cast<int>(a.state)];
  a.state = to;
  a.since = now;
  a.reason = std::move(reason);
  ++counts_[a.group][static_cast<int>(to)];
  if (to == AgentState::idle) insert_idle(index);
  if (to == AgentState::idle || to == AgentState::not_ready || to == AgentState::logged_out) {
    a.call = 0;
  }
  return true;
}

int AgentRoster::count(int group, AgentState state) const {
  return counts_[group][static_cast<int>(state)];
}

int AgentRoster::logged_in(int group) const {
  int total = 0;
  for (int s = 0; s < 7; ++s) total += counts_[group][s];
  return total - count(group, AgentState::logged_out);
}

std::optional<int> AgentRoster::longest_idle(int group) const {
  const auto& set = idle_[group].by_since;
  if (set.empty()) return std::nullopt;
  return set.begin()->second;
}

void AgentRoster::remove_idle(int index) {
  IdleSet& set = idle_[agents_[index].group];
  const int pos = idle_position_[index];
  const int last = set.members.back();
  set.members[pos] = last;
  idle_position_[last] = pos;
  set.members.pop_back();
  idle_position_[index] = -1;
  set.by_since.erase({agents_[index].since, index});
}

void AgentRoster::insert_idle(int index) {
  IdleSet& set = idle_[agents_[index].group];
  idle_position_[index] = static_cast<int>(set.members.size());
  set.members.push_back(index);
  set.by_since.insert({agents_[index].since, index});
}

}  // namespace blendd::policy
