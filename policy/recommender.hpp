#pragma once
// What to recommend to a customer on the agent's screen:
// - touchpoint recommendations: products pre-assigned to a customer's number, shown on any
//   contact with that customer, switchable per channel and per busy/idle period;
// - association recommendations: "asked about X (optionally: for reason R) -> offer Y, Z".
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "policy/schedule.hpp"

namespace blendd::policy {

enum class Channel { hotline, sms, wap, web };

struct AssociationRule {
  std::string asked_product;
  std::string reason;  // empty = any reason
  std::vector<std::string> offers;
};

class Recommender {
 public:
  void assign(const std::string& number, const std::string& product);
  void unassign(const std::string& number, const std::string& product);
  void add_rule(AssociationRule rule);
  void set_enabled(Channel channel, PeriodKind period, bool enabled);
  bool enabled(Channel channel, PeriodKind period) const;

  // Products assigned to this number, if recommendations are on for the channel and period.
  std::vector<std::string> touchpoint(const std::string& number, Channel channel,
                                      PeriodKind period) const;
  // Offers for a customer who asked about `product` (for `reason`, may be empty). Rules with
  // the exact reason come first, then the reason-less ones; no product is offered twice.
  std::vector<std::string> associated(const std::string& product, const std::string& reason) const;

 private:
  std::map<std::string, std::set<std::string>> assigned_;
  std::vector<AssociationRule> rules_;
  std::set<std::pair<int, int>> disabled_;  // (channel, period)
};

}  // namespace blendd::policy
