#include "policy/campaign_governor.hpp"

#include <cstdio>

namespace blendd::policy {

const char* to_string(GovernorVerdict v) {
  switch (v) {
    case GovernorVerdict::keep:
      return "keep";
    case GovernorVerdict::offline:
      return "offline";
    case GovernorVerdict::intensify:
      return "intensify";
    case GovernorVerdict::review_flag:
      return "review_flag";
    case GovernorVerdict::stop_on_hotline:
      return "stop_on_hotline";
  }
  return "keep";
}

namespace {
std::string percent(double x) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f%%", 100 * x);
  return buf;
}
}  // namespace

GovernorDecision CampaignGovernor::assess(const CampaignHealth& h) const {
  if (h.complaints > rules_.max_complaints) {
    return {GovernorVerdict::offline, std::to_string(h.complaints) + " complaints (more than " +
                                          std::to_string(rules_.max_complaints) + ")"};
  }
  if (h.contacts < rules_.min_contacts) return {};
  const double rate = h.success_rate();
  if (rate < rules_.offline_below) {
    return {GovernorVerdict::offline, "success rate " + percent(rate) + " under " +
                                          percent(rules_.offline_below) + " over " +
                                          std::to_string(h.contacts) + " contacts"};
  }
  if (h.complaints == 0 && rate > rules_.intensify_above) {
    return {GovernorVerdict::intensify, "no complaints and success rate " + percent(rate) +
                                            " over " + percent(rules_.intensify_above)};
  }
  return {};
}

GovernorDecision CampaignGovernor::review(const CampaignHealth& h) {
  if (h.contacts < rules_.min_contacts) return {};
  std::string problem;
  if (h.success_rate() < rules_.review_min_success) {
    problem = "success rate " + percent(h.success_rate()) + " under " +
              percent(rules_.review_min_success);
  } else if (h.avg_talk_s > rules_.review_max_avg_talk_s) {
    problem = "average talk time " + std::to_string(static_cast<int>(h.avg_talk_s)) + " s over " +
              std::to_string(static_cast<int>(rules_.review_max_avg_talk_s)) + " s";
  }
  if (problem.empty()) {
    flagged_last_review_ = false;
    return {};
  }
  if (flagged_last_review_) {
    return {GovernorVerdict::stop_on_hotline, problem + " again at the next review"};
  }
  flagged_last_review_ = true;
  return {GovernorVerdict::review_flag, problem + ": to be rectified before the next review"};
}

}  // namespace blendd::policy
