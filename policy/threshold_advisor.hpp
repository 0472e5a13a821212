#pragma once
// The threshold advisor: for each interval of a day, from the traffic measured there, the
// (randomised) reserve that gives the most outbound work while the service-level target holds,
// after the exact blending model (policy/blending_model.hpp), beside what the settings in force
// give. Pure: the history is read and the answer written elsewhere (daemon/api/advisor_route).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "policy/blending_model.hpp"

namespace blendd::policy {

// What was measured in one interval slot (a time of day), averaged over the days asked for.
struct SlotTraffic {
  int minute_of_day = 0;  // the slot's local start
  double seconds = 900;   // its length
  double offered = 0;     // inbound arrivals in the slot
  double aht_in_s = 0;    // 0: not measured there (the period's mean is used)
  double aht_out_s = 0;
  double agents = 0;          // mean agents working (logged in, not in a not-ready state)
  bool cap_exceeded = false;  // a campaign of the group was above its abandon cap
};

// The settings in force in that slot, as the core runs them.
struct SlotSettings {
  double start_threshold = 0;
  double stop_threshold = 0;
  int reserve_agents = 1;
  double boundary_start_probability = 1;
  bool outbound = true;
};

struct SlotAdvice {
  int minute_of_day = 0;
  int agents = 0;         // whole agents the model is solved for (the mean, rounded down)
  double lambda = 0;      // per second
  bool measured = false;  // false: nobody worked in the slot, nothing is advised
  BlendingFigures in_force;
  // The recommendation: the gate open (thresholds 0/0), this reserve, outbound on or off.
  bool outbound = true;
  int reserve_agents = 0;
  double boundary_start_probability = 1;
  BlendingFigures recommended;
  // "optimum", "target out of reach", "abandon cap", "no outbound work", "time limit"
  std::string why;
};

struct AdvisorTarget {
  double sl_share = 0.8;
  double sl_within_s = 20;
};

// The reserve the gate's thresholds amount to: outbound starts only once the idle level reaches
// the start threshold, so at least ceil(start × agents) − 1 agents stay idle. (The hysteresis to
// the stop threshold is not in the model; the what-if runs the real core to show it.)
int effective_reserve(const SlotSettings& s, int agents);

// `out_of_time` (the caller's clock and budget) is asked before each slot: once it says yes the
// remaining slots are answered with the settings in force (`why: "time limit"`).
std::vector<SlotAdvice> advise(const std::vector<SlotTraffic>& slots,
                               const std::vector<SlotSettings>& in_force,
                               const AdvisorTarget& target,
                               const std::function<bool()>& out_of_time = nullptr);

}  // namespace blendd::policy
