#pragma once
// Agent incentive points: each product has a point level 1-5 (by value and difficulty); a
// successful sale earns that level's points. Monthly totals per agent (months in the centre's
// time zone) and a leaderboard.
#include <array>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "policy/time_zone.hpp"

namespace blendd::policy {

class PointsLedger {
 public:
  explicit PointsLedger(TimeZone centre_zone, std::array<int, 5> points_per_level = {1, 2, 3, 5, 8})
      : zone_(std::move(centre_zone)), points_(points_per_level) {}

  // Returns the points awarded, or -1 when the level is not 1..5 (nothing is recorded).
  int award(const std::string& agent, int product_level, TimePoint when);
  // The store's month total, restored after a restart. The store already holds this run's
  // stored sales, so the larger of the two stands (never their sum).
  void restore(const std::string& agent, TimePoint when, int points);
  int month_total(const std::string& agent, int year, int month) const;
  // Highest first; ties by agent id.
  std::vector<std::pair<std::string, int>> leaderboard(int year, int month) const;

 private:
  TimeZone zone_;
  std::array<int, 5> points_;
  std::map<std::pair<int, std::string>, int> totals_;  // (year*100+month, agent) -> points
};

}  // namespace blendd::policy
