#pragma once
// The smallest centre the core tests drive: group "sales" that dials whenever an agent is idle
// (no thresholds, reserve, smoothing or dwell), agents a0..aN-1, campaign "spring". Tests change
// what they examine on the returned settings. With it, the helpers every core test uses.
#include <string>
#include <variant>
#include <vector>

#include "policy/actions.hpp"
#include "policy/core_settings.hpp"

namespace blendd::test {

// Simulated time: `s` seconds after 2026-01-05 00:00 UTC (a Monday).
inline policy::TimePoint at(double s) {
  return policy::TimePoint(std::chrono::seconds(1767571200)) + policy::seconds(s);
}

// The actions of one kind, in order.
template <class T>
std::vector<T> only(const std::vector<policy::Action>& actions) {
  std::vector<T> out;
  for (const auto& a : actions) {
    if (auto* x = std::get_if<T>(&a)) out.push_back(*x);
  }
  return out;
}

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
