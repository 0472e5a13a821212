#pragma once
// The origin's campaign health rules, with every threshold configurable:
// - more than 10 complaints, or a success rate under 5%  -> take the campaign offline at once;
// - no complaints and a success rate over 20%            -> intensify it;
// - periodic review: too low a success rate or too long an average talk time flags the campaign;
//   flagged at two reviews in a row -> it is no longer deployed on the hotline.
// Success-rate rules act only above a minimum sample; every decision carries its reason.
#include <cstdint>
#include <string>

namespace blendd::policy {

struct GovernorRules {
  int max_complaints = 10;        // more than this -> offline
  double offline_below = 0.05;    // success rate under this -> offline
  double intensify_above = 0.20;  // no complaints and success over this -> intensify
  int min_contacts = 50;          // success-rate rules need this many dispositioned contacts
  double review_min_success = 0.08;
  double review_max_avg_talk_s = 420;
  // "Intensify" = this weight. A campaign's weight is its share of its group's outbound lines:
  // w / (sum of the weights of the group's dialling campaigns). Weight 2 beside a weight-1 campaign
  // holds two lines of every three.
  double intensify_weight = 2.0;
};

struct CampaignHealth {
  int contacts = 0;  // calls with a disposition
  int successes = 0;
  int complaints = 0;
  double avg_talk_s = 0;
  double success_rate() const {
    return contacts == 0 ? 0.0 : static_cast<double>(successes) / contacts;
  }
};

enum class GovernorVerdict { keep, offline, intensify, review_flag, stop_on_hotline };
const char* to_string(GovernorVerdict v);

struct GovernorDecision {
  GovernorVerdict verdict = GovernorVerdict::keep;
  std::string reason;
};

// What the governor knows and last did for one campaign; kept in the store across restarts.
struct GovernorRecord {
  CampaignHealth health;
  GovernorVerdict verdict = GovernorVerdict::keep;  // the last verdict applied
  std::string rule;                                 // the rule that gave it, with the figures
  std::int64_t since_ms = 0;
  double weight = 1.0;
  // A supervisor started the campaign after the governor took it offline: their word stands
  // until the governor's verdict changes.
  std::string override_by;
  std::string override_reason;
  std::int64_t override_at_ms = 0;
};

class CampaignGovernor {
 public:
  explicit CampaignGovernor(GovernorRules rules = {}) : rules_(rules) {}
  // Continuous monitoring, after every disposition.
  GovernorDecision assess(const CampaignHealth& h) const;
  // The periodic review; remembers whether the previous review flagged the campaign.
  GovernorDecision review(const CampaignHealth& h);
  const GovernorRules& rules() const { return rules_; }

 private:
  GovernorRules rules_;
  bool flagged_last_review_ = false;
};

}  // namespace blendd::policy
