#include "policy/number_policy.hpp"

namespace blendd::policy {

const std::vector<std::string>& NumberPolicy::premium_prefixes() {
  // International premium and satellite networks, and premium/mass-calling ranges of the
  // countries blendd is most often run in (DE, AT, CH, UK, US/CA, FR).
  static const std::vector<std::string> prefixes = {
      "+979",   "+881",   "+882",   "+883",    // international premium, satellite
      "+49900", "+49137", "+49118", "+49190",  // DE premium, mass calling, directory
      "+43900", "+43901", "+43930", "+43931",  // AT
      "+41900", "+41901", "+41906",            // CH
      "+4490",  "+4491",  "+44871", "+44872", "+44873", "+44118",  // UK
      "+1900",  "+1976",                                           // US/CA
      "+3381",  "+3382",  "+3389",                                 // FR
  };
  return prefixes;
}

NumberPolicy::NumberPolicy(std::vector<std::string> allowed, std::vector<std::string> blocked,
                           bool allow_premium)
    : allowed_(std::move(allowed)), blocked_(std::move(blocked)) {
  if (!allow_premium) {
    blocked_.insert(blocked_.end(), premium_prefixes().begin(), premium_prefixes().end());
  }
}

std::optional<std::string> NumberPolicy::refusal(const std::string& e164) const {
  for (const auto& p : blocked_) {
    if (e164.rfind(p, 0) == 0) return "blocked range " + p;
  }
  if (allowed_.empty()) return std::nullopt;
  for (const auto& p : allowed_) {
    if (e164.rfind(p, 0) == 0) return std::nullopt;
  }
  return "outside the campaign's allowed prefixes";
}

}  // namespace blendd::policy
