#include "policy/number_policy.hpp"

namespace blendd::policy {

const std::vector<std::string>& NumberPolicy::satellite_prefixes() {
  // International premium (+979) and satellite networks (Inmarsat, Iridium, Thuraya, ...):
  // typed as ordinary mobiles by the number plan, billed like premium lines.
  static const std::vector<std::string> prefixes = {"+870", "+979", "+881", "+882", "+883"};
  return prefixes;
}

const std::vector<std::string>& NumberPolicy::default_blocked_types() {
  static const std::vector<std::string> types = {"premium_rate", "shared_cost"};
  return types;
}

bool NumberPolicy::known_type(std::string_view name) {
  for (const char* n :
       {"fixed_line", "mobile", "fixed_line_or_mobile", "toll_free", "premium_rate", "shared_cost",
        "voip", "personal_number", "pager", "uan", "voicemail", "unknown"}) {
    if (name == n) return true;
  }
  return false;
}

NumberPolicy::NumberPolicy(std::vector<std::string> allowed, std::vector<std::string> blocked,
                           bool allow_premium, std::vector<std::string> blocked_types)
    : allowed_(std::move(allowed)),
      blocked_(std::move(blocked)),
      blocked_types_(std::move(blocked_types)) {
  if (!allow_premium) {
    blocked_.insert(blocked_.end(), satellite_prefixes().begin(), satellite_prefixes().end());
    if (blocked_types_.empty()) blocked_types_ = default_blocked_types();
  }
}

std::optional<std::string> NumberPolicy::refusal(const std::string& e164,
                                                 std::string_view type) const {
  for (const auto& p : blocked_) {
    if (e164.rfind(p, 0) == 0) return "blocked range " + p;
  }
  for (const auto& t : blocked_types_) {
    if (type == t) return "blocked number type " + t;
  }
  if (allowed_.empty()) return std::nullopt;
  for (const auto& p : allowed_) {
    if (e164.rfind(p, 0) == 0) return std::nullopt;
  }
  return "outside the campaign's allowed prefixes";
}

}  // namespace blendd::policy
