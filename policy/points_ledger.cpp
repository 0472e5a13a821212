#include "policy/points_ledger.hpp"

#include <algorithm>

namespace blendd::policy {

int PointsLedger::award(const std::string& agent, int product_level, TimePoint when) {
  if (product_level < 1 || product_level > 5) return -1;
  const LocalTime lt = zone_.to_local(when);
  const int points = points_[static_cast<std::size_t>(product_level - 1)];
  totals_[{lt.year * 100 + lt.month, agent}] += points;
  return points;
}

void PointsLedger::restore(const std::string& agent, TimePoint when, int points) {
  const LocalTime lt = zone_.to_local(when);
  int& total = totals_[{lt.year * 100 + lt.month, agent}];
  total = std::max(total, points);
}

int PointsLedger::month_total(const std::string& agent, int year, int month) const {
  auto it = totals_.find({year * 100 + month, agent});
  return it == totals_.end() ? 0 : it->second;
}

std::vector<std::pair<std::string, int>> PointsLedger::leaderboard(int year, int month) const {
  std::vector<std::pair<std::string, int>> out;
  const int key = year * 100 + month;
  for (auto it = totals_.lower_bound({key, ""}); it != totals_.end() && it->first.first == key;
       ++it) {
    out.emplace_back(it->first.second, it->second);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

}  // namespace blendd::policy
