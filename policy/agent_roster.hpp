#pragma once
// Every agent's state, and per group the idle agents, kept so that counting, a uniformly random
// pick and a longest-idle pick are all cheap.
#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "policy/agent_state.hpp"
#include "policy/time.hpp"

namespace blendd::policy {

using CallId = std::uint64_t;

struct AgentInfo {
  std::string id;
  int group = 0;
  AgentState state = AgentState::logged_out;
  TimePoint since{};
  std::string reason;       // not-ready reason
  CallId call = 0;          // the call offered to or held by the agent
  std::uint64_t calls = 0;  // calls talked (inbound and outbound) since start
  double talk_seconds = 0;
};

class AgentRoster {
 public:
  explicit AgentRoster(int groups);

  int add_agent(std::string id, int group);
  std::optional<int> find(std::string_view id) const;
  const AgentInfo& agent(int index) const { return agents_[index]; }
  int size() const { return static_cast<int>(agents_.size()); }

  // Applies a legal transition; returns false and changes nothing for an illegal one.
  bool set_state(int index, AgentState to, TimePoint now, std::string reason = {});
  void set_call(int index, CallId call) { agents_[index].call = call; }
  void record_talk(int index, double seconds) {
    ++agents_[index].calls;
    agents_[index].talk_seconds += seconds;
  }

  int count(int group, AgentState state) const;
  int logged_in(int group) const;
  const std::vector<int>& idle_agents(int group) const { return idle_[group].members; }
  std::optional<int> longest_idle(int group) const;

 private:
  struct IdleSet {
    std::vector<int> members;                      // for uniform random choice
    std::set<std::pair<TimePoint, int>> by_since;  // for longest-idle choice
  };
  void remove_idle(int index);
  void insert_idle(int index);

  std::vector<AgentInfo> agents_;
  std::vector<int> idle_position_;  // index into members, -1 when not idle
  std::unordered_map<std::string, int> by_id_;
  std::vector<IdleSet> idle_;
  std::vector<std::array<int, 7>> counts_;  // per group, per AgentState
};

}  // namespace blendd::policy
