#pragma once
// The smallest centre the core tests drive: group "sales" that dials whenever an agent is idle
// (no thresholds, reserve, smoothing or dwell), agents a0..aN-1, campaign "spring". Tests change
// what they examine on the returned settings.
#include <string>

#include "policy/core_settings.hpp"

namespace blendd::test {

inline policy::CoreSettings one_group_centre(int agents) {
  policy::CoreSettings s;
  policy::GroupSettings g;
  g.id = "sales";
  g.thresholds = {0.0, 0.0, true};
  g.reserve_agents = 0;
  g.smoothing = policy::Duration::zero();
  g.min_dwell = policy::Duration::zero();
  s.groups.push_back(g);
  for (int i = 0; i < agents; ++i) s.agents.push_back({"a" + std::to_string(i), "sales"});
  policy::CampaignSettings c;
  c.id = "spring";
  c.group = "sales";
  s.campaigns.push_back(c);
  return s;
}

}  // namespace blendd::test
