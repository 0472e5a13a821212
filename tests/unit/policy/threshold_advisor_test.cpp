// The threshold advisor on measured slots: the exact model's optimum where the target can be
// met, no outbound where it cannot, nothing where nobody worked, no more outbound than in force
// where a campaign ran above its abandon cap; the gate's thresholds read as the reserve they are.
#include <gtest/gtest.h>

#include "policy/threshold_advisor.hpp"

using namespace blendd::policy;

namespace {

SlotTraffic slot(int minute, double offered, double agents, double aht_in = 180,
                 double aht_out = 240) {
  SlotTraffic t;
  t.minute_of_day = minute;
  t.offered = offered;
  t.agents = agents;
  t.aht_in_s = aht_in;
  t.aht_out_s = aht_out;
  return t;
}

SlotSettings in_force(double start, int reserve) {
  SlotSettings s;
  s.start_threshold = start;
  s.stop_threshold = start / 2;
  s.reserve_agents = reserve;
  return s;
}

}  // namespace

TEST(ThresholdAdvisor, TheGatesStartThresholdKeepsAgentsIdleLikeAReserve) {
  EXPECT_EQ(effective_reserve(in_force(0.3, 1), 10), 2);  // outbound once 3 of 10 are idle
  EXPECT_EQ(effective_reserve(in_force(0.3, 4), 10), 4);  // the larger of the two
  EXPECT_EQ(effective_reserve(in_force(0.0, 0), 10), 0);
  EXPECT_EQ(effective_reserve(in_force(1.0, 0), 10), 9);
}

TEST(ThresholdAdvisor, RecommendsTheReserveThatMeetsTheTargetWithTheMostOutbound) {
  const AdvisorTarget target{0.8, 20};
  // 10 agents, 2 calls a minute of 3 minutes: 6 Erlang of inbound; in force a cautious gate.
  const auto advice = advise({slot(9 * 60, 30, 10)}, {in_force(0.5, 1)}, target);
  ASSERT_EQ(advice.size(), 1u);
  const SlotAdvice& a = advice[0];
  EXPECT_TRUE(a.measured);
  EXPECT_TRUE(a.outbound);
  EXPECT_EQ(a.why, "optimum");
  EXPECT_EQ(a.agents, 10);
  EXPECT_GE(a.recommended.service_level, 0.8 - 1e-6);
  EXPECT_NEAR(a.recommended.service_level, 0.8, 0.01) << "the optimum spends the slack";
  // The cautious gate keeps 4 idle: it meets the target with room to spare, and dials less.
  EXPECT_GT(a.in_force.service_level, a.recommended.service_level);
  EXPECT_GT(a.recommended.outbound_per_hour, a.in_force.outbound_per_hour);
  EXPECT_LT(a.reserve_agents, effective_reserve(in_force(0.5, 1), 10));
}

TEST(ThresholdAdvisor, NoOutboundWhereEvenEveryAgentOnInboundMissesTheTarget) {
  // 5 agents for 4.5 Erlang: M/M/5 misses 80 % in 20 s.
  const auto a = advise({slot(10 * 60, 22.5, 5)}, {in_force(0.3, 1)}, {0.8, 20}).at(0);
  EXPECT_FALSE(a.outbound);
  EXPECT_EQ(a.why, "target out of reach");
  EXPECT_EQ(a.reserve_agents, 5);
  EXPECT_EQ(a.recommended.outbound_per_hour, 0);
}

TEST(ThresholdAdvisor, NothingIsAdvisedWhereNobodyWorkedAndMissingHandleTimesComeFromThePeriod) {
  std::vector<SlotTraffic> slots = {slot(0, 0, 0), slot(15, 10, 6, 0, 0), slot(30, 10, 6)};
  const auto advice =
      advise(slots, {in_force(0.3, 1), in_force(0.3, 1), in_force(0.3, 1)}, {0.8, 20});
  EXPECT_FALSE(advice[0].measured);
  EXPECT_EQ(advice[0].why, "nobody worked");
  // The slot without calls of its own is solved with the period's handle times: the same figures.
  EXPECT_NEAR(advice[1].recommended.outbound_per_hour, advice[2].recommended.outbound_per_hour,
              1e-9);
}

TEST(ThresholdAdvisor, ASlotAboveAnAbandonCapGetsNoMoreOutboundThanInForce) {
  SlotTraffic t = slot(9 * 60, 30, 10);
  t.cap_exceeded = true;
  const auto a = advise({t}, {in_force(0.5, 1)}, {0.8, 20}).at(0);
  EXPECT_EQ(a.why, "abandon cap");
  EXPECT_EQ(a.reserve_agents, effective_reserve(in_force(0.5, 1), 10));
  EXPECT_DOUBLE_EQ(a.recommended.outbound_per_hour, a.in_force.outbound_per_hour);
}

TEST(ThresholdAdvisor, SlotsLeftWhenTheTimeBudgetRunsOutKeepTheSettingsInForceAndSaySo) {
  int asked = 0;
  const auto advice =
      advise({slot(9 * 60, 30, 10), slot(9 * 60 + 15, 30, 10)},
             {in_force(0.5, 1), in_force(0.5, 1)}, {0.8, 20}, [&] { return ++asked > 1; });
  EXPECT_EQ(advice[0].why, "optimum");
  EXPECT_EQ(advice[1].why, "time limit");
  EXPECT_EQ(advice[1].reserve_agents, effective_reserve(in_force(0.5, 1), 10));
  EXPECT_DOUBLE_EQ(advice[1].recommended.outbound_per_hour, advice[1].in_force.outbound_per_hour);
}
