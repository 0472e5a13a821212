#pragma once
// The what-if's replay: a measured period's traffic, as the history counted it per interval, turned
// into a scenario the simulator runs through the real core with the settings proposed, and the
// replay's own history read back — so what happened and what would have happened are counted by
// the same recorder and read by the same figures (policy/history_figures.hpp).
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "policy/core_settings.hpp"
#include "policy/interval_tally.hpp"
#include "sim/scenario.hpp"

namespace blendd::sim {

// One interval of the history: the group's counters and those of its campaigns.
struct MeasuredInterval {
  std::int64_t start_s = 0;
  policy::TallyFields group;
  std::map<std::string, policy::TallyFields> campaigns;
};

struct ReplayRequest {
  std::vector<MeasuredInterval> intervals;  // consecutive, each interval_s long
  std::int64_t interval_s = policy::kIntervalSeconds;
  policy::GroupSettings group;                      // the settings proposed (or in force)
  std::vector<policy::CampaignSettings> campaigns;  // the group's, proposed (or in force)
  std::map<std::string, double> ring_timeout_s;     // per campaign: no answer after this long
  double agents_added = 0;                          // to every staffed interval (negative: removed)
  std::uint64_t seed = 1;
};

// The traffic models, estimated over the whole period (handle times, answer rates, patience)
// and per interval (arrivals, agents working). Pure: no clock, no I/O.
Scenario replay_scenario(const ReplayRequest& request);

struct ReplayOutcome {
  std::map<std::int64_t, policy::TallyFields> group;  // by interval start: summed replications
  std::vector<policy::TallyFields> totals;            // per replication: the whole period
  int replications = 0;                               // run to the end
  bool stopped = false;                               // `stop` said so before all were run
};

// `replications` runs with seeds from request.seed; `stop` is asked between and during them.
ReplayOutcome replay(const ReplayRequest& request, int replications,
                     const std::function<bool()>& stop = nullptr);

}  // namespace blendd::sim
