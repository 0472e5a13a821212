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
  // A replay (the what-if): calls per hour in each step of Scenario::step_s, from the start;
  // when set it replaces calls_per_hour × hourly_profile, and no call arrives after the last.
  std::vector<double> rate_per_step;
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
  // An AMD campaign (core settings' amd): the share of answers that are machines (hung up on),
  // and when each verdict comes after the answer (bench_amd_calls measures them).
  double machine_probability = 0;
  double amd_human_s = 1.2;
  double amd_machine_s = 3.4;
};

struct AgentModel {
  std::string group;
  int count = 0;
  Distribution wrap_up;       // time to submit the questionnaire after a call
  Distribution answer_delay;  // phone answer time
  // A replay: the mean agents working in each step of Scenario::step_s (a fraction is one more
  // agent for that share of the step, at its start). `count` must be the most agents any step
  // needs. Agents leave when their call and wrap-up end, never in the middle of one.
  std::vector<double> staffed_per_step;
};

struct Scenario {
  std::string name;
  double duration_h = 8;
  double warmup_h = 1;
  int replications = 10;
  std::uint64_t seed = 1;
  double report_interval_min = 60;
  std::int64_t epoch_s = 1767571200;  // the simulated clock's start (Unix s): a Monday midnight
  double step_s = 3600;               // the replay's step (rate_per_step, staffed_per_step)
  policy::CoreSettings core;          // groups, campaigns and settings; agents filled from `agents`
  std::vector<AgentModel> agents;
  std::vector<InboundStream> inbound;
  std::vector<OutboundModel> outbound;
};

using ScenarioResult = std::variant<Scenario, std::vector<config::ConfigError>>;
ScenarioResult load_scenario_file(const std::string& path);
ScenarioResult load_scenario_text(const std::string& text, const std::string& name);

}  // namespace blendd::sim
