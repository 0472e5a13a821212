#pragma once
// What the agent is advised to sell and what selling earns them: touchpoint recommendations for
// known customers, association recommendations ("asked about X → offer Y, Z") and points per
// successful sale (product level 1-5, monthly totals in the centre's zone, leaderboard).
// Wraps the pure policy::Recommender and policy::PointsLedger with the catalogue.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "config/blendd_config.hpp"
#include "policy/points_ledger.hpp"
#include "policy/recommender.hpp"

namespace blendd::daemon {

struct Standing {
  int month_total = 0;
  int rank = 0;  // 1 = top of this month's leaderboard; 0 = no points yet
  std::vector<std::pair<std::string, int>> leaders;  // the top five
};

class SalesAdvisor {
 public:
  explicit SalesAdvisor(const config::BlenddConfig& cfg);
  void update(const config::BlenddConfig& cfg);

  // Voice calls are the hotline channel; `busy_period` is the group's schedule period.
  std::vector<const config::ProductConfig*> touchpoint(const std::string& number,
                                                       bool busy_period) const;
  std::vector<const config::ProductConfig*> associated(const std::string& product,
                                                       const std::string& reason) const;
  // A successful sale of `product`: the points awarded (0 when the product is unknown).
  int award(const std::string& agent, const std::string& product, policy::TimePoint when);
  // Points restored from the store at start-up.
  void restore(const std::string& agent, policy::TimePoint when, int points);
  Standing standing(const std::string& agent, policy::TimePoint when) const;
  // The agent's points in the month of `when` alone (no leaderboard: cheap for every agent).
  int month_points(const std::string& agent, policy::TimePoint when) const;
  // "YYYY-MM" of `when` in the centre's zone (the key of a month's points).
  std::string month_of(policy::TimePoint when) const;

 private:
  std::vector<const config::ProductConfig*> products(const std::vector<std::string>& ids) const;

  config::CatalogueConfig catalogue_;
  policy::TimeZone zone_;
  policy::Recommender recommender_;
  policy::PointsLedger ledger_;
};

}  // namespace blendd::daemon
