#include "policy/recommender.hpp"

#include <algorithm>

namespace blendd::policy {

void Recommender::assign(const std::string& number, const std::string& product) {
  assigned_[number].insert(product);
}

void Recommender::unassign(const std::string& number, const std::string& product) {
  auto it = assigned_.find(number);
  if (it != assigned_.end()) it->second.erase(product);
}

void Recommender::add_rule(AssociationRule rule) {
  rules_.push_back(std::move(rule));
}

void Recommender::set_enabled(Channel channel, PeriodKind period, bool enabled) {
  const auto key = std::make_pair(static_cast<int>(channel), static_cast<int>(period));
  if (enabled) {
    disabled_.erase(key);
  } else {
    disabled_.insert(key);
  }
}

bool Recommender::enabled(Channel channel, PeriodKind period) const {
  return disabled_.count({static_cast<int>(channel), static_cast<int>(period)}) == 0;
}

std::vector<std::string> Recommender::touchpoint(const std::string& number, Channel channel,
                                                 PeriodKind period) const {
  if (!enabled(channel, period)) return {};
  auto it = assigned_.find(number);
  if (it == assigned_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

std::vector<std::string> Recommender::associated(const std::string& product,
                                                 const std::string& reason) const {
  std::vector<std::string> out;
  auto add_from = [&](bool exact_reason) {
    for (const auto& r : rules_) {
      if (r.asked_product != product) continue;
      if (exact_reason ? (r.reason.empty() || r.reason != reason) : !r.reason.empty()) continue;
      for (const auto& offer : r.offers) {
        if (offer != product && std::find(out.begin(), out.end(), offer) == out.end()) {
          out.push_back(offer);
        }
      }
    }
  };
  if (!reason.empty()) add_from(true);
  add_from(false);
  return out;
}

}  // namespace blendd::policy
