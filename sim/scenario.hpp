#pragma once
// A simulation scenario: the centre (groups, agents, thresholds, campaigns) and its traffic.
#include <array>
#include <string>
#include <variant>
#include <vector>

#include "config/config_error.hpp"
#include "policy/core_settings.hpp"
#include "sim/distribution.hpp"

namespace blendd::sim {

struct InboundStream {
  std::string group;
  double calls_per_hour = 0;
  std::array<double, 24> hourly_profile;  // multiplier per simulated hour of day (default 1)
  Distribution handle;
  Distribution patience;  // caller patience in queue; never = waits forever
  InboundStream() { hourly_profile.fill(1.0); }
};

struct OutboundModel {
  std::string campaign;
  double answer_probability = 0.3;  // live answer
  double busy_probability = 0.1;
  Distribution ring;              // time until a live answer
  double no_answer_after_s = 20;  // ring timeout
  Distribution handle;
  Distribution patience;  // answered customer's patience for an agent; never = waits
};

struct AgentModel {
  std::string group;
  int count = 0;
  Distribution wrap_up;       // time to submit the questionnaire after a call
  Distribution answer_delay;  // phone answer time
};

struct Scenario {
  std::string name;
  double duration_h = 8;
  double warmup_h = 1;
  int replications = 10;
  std::uint64_t seed = 1;
  double report_interval_min = 60;
  policy::CoreSettings core;  // groups, campaigns and settings; agents filled from `agents`
  std::vector<AgentModel> agents;
  std::vector<InboundStream> inbound;
  std::vector<OutboundModel> outbound;
};

using ScenarioResult = std::variant<Scenario, std::vector<config::ConfigError>>;
ScenarioResult load_scenario_file(const std::string& path);
ScenarioResult load_scenario_text(const std::string& text, const std::string& name);

}  // namespace blendd::sim
