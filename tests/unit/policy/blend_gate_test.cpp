#include <gtest/gtest.h>

#include "policy/blend_gate.hpp"
#include "policy/idle_level_meter.hpp"

using namespace blendd::policy;

namespace {
TimePoint at(double s) {
  return TimePoint() + seconds(s);
}
}  // namespace

TEST(BlendGate, HysteresisKeepsTheGateFromFlapping) {
  BlendGate gate;
  GateThresholds t{0.30, 0.20, true};
  int changes = 0;
  // The level wobbles around the start threshold: one opening, no closing.
  for (int i = 0; i < 100; ++i) changes += gate.evaluate(at(i), i % 2 ? 0.31 : 0.29, t);
  EXPECT_EQ(changes, 1);
  EXPECT_TRUE(gate.open());
  EXPECT_TRUE(gate.evaluate(at(100), 0.19, t));
  EXPECT_FALSE(gate.open());
}

TEST(BlendGate, WithoutHysteresisTheDwellTimeLimitsChanges) {
  BlendGate gate(seconds(5));
  GateThresholds t{0.30, 0.30, true};
  int changes = 0;
  for (int i = 0; i < 100; ++i) changes += gate.evaluate(at(i), i % 2 ? 0.35 : 0.25, t);
  EXPECT_LE(changes, 100 / 5 + 1);
  BlendGate no_dwell;
  int raw = 0;
  for (int i = 0; i < 100; ++i) raw += no_dwell.evaluate(at(i), i % 2 ? 0.35 : 0.25, t);
  EXPECT_EQ(raw, 100 - 1);  // the first evaluation at 0.25 does not open
}

TEST(BlendGate, OutboundOffClosesAtOnce) {
  BlendGate gate(seconds(60));
  EXPECT_TRUE(gate.evaluate(at(0), 0.9, {0.3, 0.2, true}));
  EXPECT_TRUE(gate.evaluate(at(1), 0.9, {0.3, 0.2, false}));  // inside the dwell, still closes
  EXPECT_FALSE(gate.open());
}

TEST(IdleLevelMeter, SmoothsExponentiallyAndPredictsTheCrossing) {
  IdleLevelMeter m(seconds(10));
  m.update(at(0), 0.0);
  m.update(at(0), 1.0);
  EXPECT_NEAR(m.value(at(10)), 1 - std::exp(-1.0), 1e-9);
  auto cross = m.crossing_time(at(0), 0.5);
  ASSERT_TRUE(cross.has_value());
  EXPECT_NEAR(to_seconds(*cross - at(0)), 10 * std::log(2.0), 1e-5);
  EXPECT_GT(m.value(*cross), 0.5);
  EXPECT_FALSE(m.crossing_time(at(0), 1.5).has_value());
}
