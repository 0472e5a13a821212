// The toll-fraud guard: number policies per campaign and the core's caps on concurrent lines and
// dial rate.
#include <gtest/gtest.h>

#include "policy/blend_core.hpp"
#include "policy/number_policy.hpp"
#include "tests/unit/policy/one_group_centre.hpp"

using namespace blendd::policy;
using blendd::test::at;

TEST(NumberPolicy, PremiumTypesAndSatelliteRangesAreBlockedByDefaultAndAllowedPrefixesApply) {
  NumberPolicy any({}, {}, false);
  EXPECT_FALSE(any.refusal("+4930123456", "fixed_line"));
  // The type comes from the number plan, for every country alike.
  EXPECT_EQ(*any.refusal("+499001234567", "premium_rate"), "blocked number type premium_rate");
  EXPECT_EQ(*any.refusal("+4918051234567", "shared_cost"), "blocked number type shared_cost");
  EXPECT_EQ(*any.refusal("+881612345678", "mobile"), "blocked range +881");
  NumberPolicy germany({"+49"}, {"+4930999"}, false);
  EXPECT_FALSE(germany.refusal("+4940123456", "fixed_line"));
  EXPECT_EQ(*germany.refusal("+33123456789", "fixed_line"),
            "outside the campaign's allowed prefixes");
  EXPECT_EQ(*germany.refusal("+4930999111", "fixed_line"), "blocked range +4930999");
  NumberPolicy premium_ok({}, {}, true);
  EXPECT_FALSE(premium_ok.refusal("+499001234567", "premium_rate"));
  EXPECT_FALSE(premium_ok.refusal("+881612345678", "mobile"));
  // A campaign's own list replaces the default: toll-free lines too, shared cost allowed.
  NumberPolicy own({}, {}, false, {"premium_rate", "toll_free"});
  EXPECT_EQ(*own.refusal("+498001234567", "toll_free"), "blocked number type toll_free");
  EXPECT_FALSE(own.refusal("+4918051234567", "shared_cost"));
  EXPECT_TRUE(NumberPolicy::known_type("premium_rate"));
  EXPECT_FALSE(NumberPolicy::known_type("premium"));
}

namespace {

CoreSettings capped_centre(int max_concurrent, double max_rate) {
  CoreSettings s = blendd::test::one_group_centre(10);
  s.campaigns[0].max_concurrent = max_concurrent;
  s.campaigns[0].max_dials_per_second = max_rate;
  return s;
}

int originates(const std::vector<Action>& actions) {
  int n = 0;
  for (const auto& a : actions) n += std::holds_alternative<Originate>(a) ? 1 : 0;
  return n;
}

int start(BlendCore& core, int agents) {
  for (int i = 0; i < agents; ++i) {
    core.handle(AgentLoggedIn{"a" + std::to_string(i)}, at(0));
    core.handle(AgentReady{"a" + std::to_string(i)}, at(0));
  }
  TargetsClaimed tc{"spring", {}};
  for (int i = 0; i < 20; ++i)
    tc.targets.push_back({std::to_string(i), "+4930" + std::to_string(i)});
  return originates(core.handle(tc, at(1)));
}

}  // namespace

TEST(CoreCaps, ConcurrentLinesNeverExceedTheCampaignCap) {
  BlendCore core(capped_centre(3, 0));
  EXPECT_EQ(start(core, 10), 3) << "10 idle agents, but at most 3 lines";
  EXPECT_EQ(originates(core.handle(Tick{}, at(2))), 0);
}

TEST(CoreCaps, DialRateIsSpacedAndTheCoreWakesWhenTheNextDialIsAllowed) {
  BlendCore core(capped_centre(0, 2.0));  // 2 calls/s: one every 500 ms
  EXPECT_EQ(start(core, 10), 1);
  ASSERT_TRUE(core.next_deadline());
  EXPECT_EQ(*core.next_deadline(), at(1.5));
  EXPECT_EQ(originates(core.handle(Tick{}, at(1.4))), 0);
  EXPECT_EQ(originates(core.handle(Tick{}, at(1.5))), 1);
  EXPECT_EQ(originates(core.handle(Tick{}, at(2.0))), 1);
}
