#pragma once
// Toll-fraud guard: which numbers a campaign may dial. A number must start with one of the
// campaign's allowed prefixes (empty list: any), with none of the blocked ones, and not be of a
// blocked type — premium rate and shared cost in every country by default (the type comes from
// the number plan: queue/import/phone_number.cpp) — nor in a global satellite or premium range.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace blendd::policy {

class NumberPolicy {
 public:
  // Global (non-geographic) premium and satellite ranges: blocked unless premium is allowed.
  static const std::vector<std::string>& satellite_prefixes();
  // The types blocked when a campaign names none.
  static const std::vector<std::string>& default_blocked_types();
  // Every type name the number plan gives (queue::number_type), for checking configured lists.
  static bool known_type(std::string_view name);

  NumberPolicy() = default;
  // allow_premium: neither the default types nor the satellite ranges are blocked.
  NumberPolicy(std::vector<std::string> allowed, std::vector<std::string> blocked,
               bool allow_premium, std::vector<std::string> blocked_types = {});
  // Why `e164` (of number-plan type `type`, "" when not known) may not be dialled, or nothing.
  std::optional<std::string> refusal(const std::string& e164, std::string_view type = {}) const;

 private:
  std::vector<std::string> allowed_;
  std::vector<std::string> blocked_;
  std::vector<std::string> blocked_types_;
};

}  // namespace blendd::policy
