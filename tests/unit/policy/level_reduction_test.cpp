#include "policy/level_reduction.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace blendd::policy {
namespace {

// An M/M/1/K queue (one state per level): pi_n is proportional to rho^n.
TEST(LevelReduction, BirthDeathChainMatchesTheGeometricDistribution) {
  LevelReduction chain;
  const int k = 40;
  for (int n = 0; n <= k; ++n) chain.add_state(n);
  for (int n = 0; n < k; ++n) {
    chain.add_rate(n, n + 1, 0.8);
    chain.add_rate(n + 1, n, 1.0);
  }
  // Folded towards the bottom, the middle or the top: the same distribution.
  for (int pivot : {0, 17, k}) {
    const auto pi = chain.solve(pivot);
    ASSERT_EQ(pi.size(), static_cast<std::size_t>(k + 1));
    const double norm = (1 - 0.8) / (1 - std::pow(0.8, k + 1));
    for (int n = 0; n <= k; ++n) EXPECT_NEAR(pi[n], norm * std::pow(0.8, n), 1e-12) << n;
  }
}

// Two independent M/M/1/K queues, levelled by the first: the joint distribution is the product,
// which checks the blocks (within-level moves of the second queue, up and down moves of the first).
TEST(LevelReduction, TwoIndependentQueuesGiveTheProductOfTheirDistributions) {
  LevelReduction chain;
  const int k = 12;
  auto id = [&](int a, int b) { return a * (k + 1) + b; };
  for (int a = 0; a <= k; ++a) {
    for (int b = 0; b <= k; ++b) EXPECT_EQ(chain.add_state(a), id(a, b));
  }
  for (int a = 0; a <= k; ++a) {
    for (int b = 0; b <= k; ++b) {
      if (a < k) chain.add_rate(id(a, b), id(a + 1, b), 0.5);
      if (a > 0) chain.add_rate(id(a, b), id(a - 1, b), 1.0);
      if (b < k) chain.add_rate(id(a, b), id(a, b + 1), 2.0);
      if (b > 0) chain.add_rate(id(a, b), id(a, b - 1), 2.5);
    }
  }
  const auto pi = chain.solve(k / 2);
  ASSERT_EQ(pi.size(), static_cast<std::size_t>((k + 1) * (k + 1)));
  auto geometric = [&](double rho, int n) {
    return (1 - rho) / (1 - std::pow(rho, k + 1)) * std::pow(rho, n);
  };
  for (int a = 0; a <= k; ++a) {
    for (int b = 0; b <= k; ++b) {
      EXPECT_NEAR(pi[id(a, b)], geometric(0.5, a) * geometric(0.8, b), 1e-12) << a << "," << b;
    }
  }
}

TEST(LevelReduction, ATransitionThatSkipsALevelIsAProgrammerError) {
  LevelReduction chain;
  chain.add_state(0);
  chain.add_state(1);
  chain.add_state(2);
  EXPECT_THROW(chain.add_rate(0, 2, 1.0), std::invalid_argument);
}

}  // namespace
}  // namespace blendd::policy
