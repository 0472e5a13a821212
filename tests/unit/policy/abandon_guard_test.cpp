// The abandon guard on simulated time: the measured abandons against the cap in both windows, and
// AMD's mistakes counted as Ofcom's "reasoned estimate" — each machine verdict a live person hung
// up on with the campaign's false-positive rate, in the rate and in the budget of both windows.
#include <gtest/gtest.h>

#include "policy/abandon_guard.hpp"

using namespace blendd::policy;
using namespace std::chrono_literals;

namespace {
const TimePoint kStart{std::chrono::hours(24 * 20000)};
}

TEST(AbandonGuard, KeepsTheMeasuredRateUnderTheCap) {
  AbandonGuard g(0.03);
  for (int i = 0; i < 100; ++i) g.live_answer(kStart);
  EXPECT_EQ(g.budget(kStart + 1min), 3);
  g.abandon(kStart);
  EXPECT_EQ(g.budget(kStart + 1min), 2);
  EXPECT_DOUBLE_EQ(g.rate_24h(kStart), 0.01);
}

TEST(AbandonGuard, MachineVerdictsCountAsTheirEstimateInBothWindows) {
  AbandonGuard g(0.03);
  g.set_false_positive_rate(0.05);
  for (int i = 0; i < 100; ++i) g.live_answer(kStart);
  EXPECT_EQ(g.budget(kStart + 1min), 3);
  for (int i = 0; i < 40; ++i) g.machine_verdict(kStart);  // an estimated 2 people hung up on
  EXPECT_DOUBLE_EQ(g.estimated_24h(kStart), 2.0);
  EXPECT_DOUBLE_EQ(g.estimated_30d(kStart), 2.0);
  EXPECT_EQ(g.abandons_24h(kStart), 0) << "the measured count stays the measured count";
  // (0 + 2) / (100 + 2): the estimate is in both the abandons and the live calls.
  EXPECT_NEAR(g.rate_24h(kStart), 2.0 / 102.0, 1e-12);
  EXPECT_NEAR(g.rate_30d(kStart), 2.0 / 102.0, 1e-12);
  // floor(0.03 * 102 - 2) = 1 risky line left, not 3.
  EXPECT_EQ(g.budget(kStart + 1min), 1);
  // A day later the 24-hour window has forgotten them; the 30-day one has not.
  EXPECT_DOUBLE_EQ(g.estimated_24h(kStart + 25h), 0.0);
  EXPECT_DOUBLE_EQ(g.estimated_30d(kStart + 25h), 2.0);
}

TEST(AbandonGuard, WithoutAMeasuredRateVerdictsAddNothing) {
  AbandonGuard g(0.03);
  for (int i = 0; i < 100; ++i) g.live_answer(kStart);
  for (int i = 0; i < 40; ++i) g.machine_verdict(kStart);
  EXPECT_EQ(g.budget(kStart + 1min), 3);
  EXPECT_DOUBLE_EQ(g.rate_24h(kStart), 0.0);
}
