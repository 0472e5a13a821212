// The origin's campaign health rules, agent points and recommendations.
#include <gtest/gtest.h>

#include "policy/campaign_governor.hpp"
#include "policy/points_ledger.hpp"
#include "policy/recommender.hpp"

using namespace blendd::policy;

namespace {
CampaignHealth health(int contacts, int successes, int complaints, double talk = 120) {
  return CampaignHealth{contacts, successes, complaints, talk};
}
TimePoint utc(int y, int mo, int d, int h) {
  return TimePoint(std::chrono::seconds(days_from_civil(y, mo, d) * 86400 + h * 3600));
}
}  // namespace

TEST(CampaignGovernor, ComplaintsTakeACampaignOfflineJustAboveTen) {
  CampaignGovernor g;
  EXPECT_EQ(g.assess(health(200, 30, 10)).verdict, GovernorVerdict::keep);
  auto d = g.assess(health(200, 30, 11));
  EXPECT_EQ(d.verdict, GovernorVerdict::offline);
  EXPECT_EQ(d.reason, "11 complaints (more than 10)");
  // Complaints count even on a small sample.
  EXPECT_EQ(g.assess(health(12, 1, 11)).verdict, GovernorVerdict::offline);
}

TEST(CampaignGovernor, LowSuccessGoesOfflineOnlyAboveTheMinimumSample) {
  CampaignGovernor g;
  EXPECT_EQ(g.assess(health(100, 5, 1)).verdict, GovernorVerdict::keep);  // exactly 5%
  auto d = g.assess(health(100, 4, 1));
  EXPECT_EQ(d.verdict, GovernorVerdict::offline);
  EXPECT_EQ(d.reason, "success rate 4.0% under 5.0% over 100 contacts");
  EXPECT_EQ(g.assess(health(49, 0, 0)).verdict, GovernorVerdict::keep);  // below min sample
}

TEST(CampaignGovernor, NoComplaintsAndHighSuccessIntensifies) {
  CampaignGovernor g;
  EXPECT_EQ(g.assess(health(100, 20, 0)).verdict, GovernorVerdict::keep);  // exactly 20%
  EXPECT_EQ(g.assess(health(100, 21, 0)).verdict, GovernorVerdict::intensify);
  EXPECT_EQ(g.assess(health(100, 21, 1)).verdict, GovernorVerdict::keep);  // one complaint
  EXPECT_EQ(g.assess(health(40, 30, 0)).verdict, GovernorVerdict::keep);   // too few contacts
}

TEST(CampaignGovernor, TwoBadReviewsInARowStopTheCampaignOnTheHotline) {
  CampaignGovernor g;
  auto first = g.review(health(100, 6, 0));
  EXPECT_EQ(first.verdict, GovernorVerdict::review_flag);
  EXPECT_EQ(first.reason, "success rate 6.0% under 8.0%: to be rectified before the next review");
  EXPECT_EQ(g.review(health(100, 7, 0)).verdict, GovernorVerdict::stop_on_hotline);
  CampaignGovernor improving;
  improving.review(health(100, 20, 0, 500));  // flagged: long talk
  EXPECT_EQ(improving.review(health(100, 20, 0, 300)).verdict, GovernorVerdict::keep);  // rectified
}

TEST(PointsLedger, FiveLevelsMonthlyTotalsAndLeaderboard) {
  PointsLedger ledger(TimeZone::fixed("UTC+8", 8 * 3600));
  EXPECT_EQ(ledger.award("li", 5, utc(2026, 3, 10, 2)), 8);
  EXPECT_EQ(ledger.award("li", 1, utc(2026, 3, 11, 2)), 1);
  EXPECT_EQ(ledger.award("wang", 3, utc(2026, 3, 12, 2)), 3);
  EXPECT_EQ(ledger.award("wang", 6, utc(2026, 3, 12, 2)), -1);
  // 2026-03-31 20:00 UTC is already April 1st in the centre's zone.
  EXPECT_EQ(ledger.award("wang", 4, utc(2026, 3, 31, 20)), 5);
  EXPECT_EQ(ledger.month_total("li", 2026, 3), 9);
  EXPECT_EQ(ledger.month_total("wang", 2026, 3), 3);
  EXPECT_EQ(ledger.month_total("wang", 2026, 4), 5);
  auto board = ledger.leaderboard(2026, 3);
  ASSERT_EQ(board.size(), 2u);
  EXPECT_EQ(board[0], (std::pair<std::string, int>{"li", 9}));
}

TEST(Recommender, TouchpointProductsFollowTheChannelAndPeriodSwitches) {
  Recommender r;
  r.assign("+8613800000001", "data-pack-5g");
  r.assign("+8613800000001", "family-plan");
  EXPECT_EQ(r.touchpoint("+8613800000001", Channel::hotline, PeriodKind::idle).size(), 2u);
  r.set_enabled(Channel::hotline, PeriodKind::busy, false);  // busy hours: no marketing
  EXPECT_TRUE(r.touchpoint("+8613800000001", Channel::hotline, PeriodKind::busy).empty());
  EXPECT_EQ(r.touchpoint("+8613800000001", Channel::sms, PeriodKind::busy).size(), 2u);
  EXPECT_TRUE(r.touchpoint("+8613800000002", Channel::hotline, PeriodKind::idle).empty());
}

TEST(Recommender, AssociationRulesPreferTheExactReason) {
  Recommender r;
  r.add_rule({"premium-plan", "", {"roaming-pack"}});
  r.add_rule({"premium-plan", "too expensive", {"basic-plan", "roaming-pack"}});
  auto cancel = r.associated("premium-plan", "too expensive");
  EXPECT_EQ(cancel, (std::vector<std::string>{"basic-plan", "roaming-pack"}));
  EXPECT_EQ(r.associated("premium-plan", ""), (std::vector<std::string>{"roaming-pack"}));
  EXPECT_TRUE(r.associated("basic-plan", "").empty());
}
