#pragma once
// What the policy core is configured with. Plain values; the daemon maps its YAML config onto
// these and the simulator its scenario file.
#include <cstdint>
#include <string>
#include <vector>

#include "policy/blend_gate.hpp"
#include "policy/schedule.hpp"
#include "policy/time.hpp"
#include "policy/trunk_breaker.hpp"

namespace blendd::policy {

// adaptive = the VICIdial-style baseline (see adaptive_dial_level.hpp), not for production use.
enum class PacingMode { progressive, predictive, preview, adaptive };
enum class AgentChoice { random, longest_idle };

struct GroupSettings {
  std::string id;
  GateThresholds thresholds;
  int reserve_agents = 1;
  // 1 = keep exactly reserve_agents idle. Below 1: when an agent frees up and reserve_agents + 1
  // are idle, start outbound only with this probability (a randomised reserve between
  // reserve_agents and reserve_agents + 1, as the exact model's optimum prescribes).
  double boundary_start_probability = 1.0;
  Duration smoothing = seconds(10);
  Duration min_dwell = seconds(5);
  AgentChoice choice = AgentChoice::random;
  Duration inbound_queue_timeout = seconds(300);  // then the caller overflows
  Duration wrap_up_limit = seconds(30);           // an agent in wrap-up longer is made idle
  Duration offer_timeout = seconds(15);           // an agent phone ringing longer is cancelled
  Schedule schedule;  // busy/idle periods; outside them `thresholds` apply
};

struct AgentSettings {
  std::string id;
  std::string group;
};

struct CampaignSettings {
  std::string id;
  std::string group;
  PacingMode pacing = PacingMode::progressive;
  double abandon_cap = 0.03;
  Duration abandon_after = seconds(2);  // answered customer with no agent this long: abandoned
  bool enabled = true;
  double weight = 1.0;     // share of the group's outbound capacity (the governor raises it)
  int target_buffer = 20;  // targets claimed ahead of dialling
  Duration buffer_max_age = seconds(60);  // a claimed target unused this long is handed back
  // Toll-fraud and trunk protection: at most this many lines at once / new calls per second
  // (0 = no cap beyond pacing).
  int max_concurrent = 0;
  double max_dials_per_second = 0;
  // Answering-machine detection: an answered call waits for its verdict (AmdDecided) before it
  // is put to an agent; a machine verdict not put through counts amd_false_positive_rate of a
  // live call abandoned (the abandon guard's estimate); no verdict by amd_timeout: to an agent.
  bool amd = false;
  double amd_false_positive_rate = 0;
  Duration amd_timeout = seconds(8);
};

struct CoreSettings {
  std::vector<GroupSettings> groups;
  std::vector<AgentSettings> agents;
  std::vector<CampaignSettings> campaigns;
  std::uint64_t seed = 1;
  double sl_threshold_s = 20;  // inbound service-level threshold for the live figures
  // Predictive pacing: count agents on a call who are likely to be free by the time a dial
  // placed now is answered (from measured ring and talk times).
  bool predict_releases = true;
  TrunkBreakerSettings trunk_breaker;
  std::int64_t history_interval_s = 900;  // the history's interval (policy/interval_tally.hpp)
  bool history_groups_only = false;       // a replay reads only the groups' history
};

}  // namespace blendd::policy
