#pragma once
// Toll-fraud guard: which numbers a campaign may dial. A number must start with one of the
// campaign's allowed prefixes (empty list: any) and with none of the blocked ones — premium-rate,
// mass-calling and satellite ranges are blocked by default.
#include <optional>
#include <string>
#include <vector>

namespace blendd::policy {

class NumberPolicy {
 public:
  // The ranges blocked unless a campaign allows premium numbers explicitly.
  static const std::vector<std::string>& premium_prefixes();

  NumberPolicy() = default;
  NumberPolicy(std::vector<std::string> allowed, std::vector<std::string> blocked,
               bool allow_premium);
  // Why `e164` may not be dialled, or nothing when it may.
  std::optional<std::string> refusal(const std::string& e164) const;

 private:
  std::vector<std::string> allowed_;
  std::vector<std::string> blocked_;
};

}  // namespace blendd::policy
