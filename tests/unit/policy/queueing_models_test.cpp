// The exact models against the published figures of ../shared/ANCHORS.md.
#include <gtest/gtest.h>

#include "policy/blending_model.hpp"
#include "policy/erlang.hpp"

using namespace blendd::policy;

namespace {
constexpr double kPerMinute = 1.0 / 60.0;
}

TEST(ErlangC, AnchorE1) {
  auto f = erlang_c(4.2 * kPerMinute, 0.5 * kPerMinute, 12, 20);
  EXPECT_NEAR(f.p_wait, 0.1839, 5e-5);
  EXPECT_NEAR(f.service_level, 0.8991, 5e-5);
}

TEST(ErlangC, AnchorE2) {
  auto f = erlang_c(360.0 / 1800.0, 0.25 * kPerMinute, 55, 15);
  EXPECT_NEAR(f.p_wait, 0.2387, 5e-5);
  EXPECT_NEAR(f.asa_s, 8.18, 5e-3);
  EXPECT_NEAR(f.service_level, 0.8459, 5e-5);
}

TEST(ErlangC, AnchorE3Staffing) {
  const double lambda = 360.0 / 1800.0;
  const double mu = 0.25 * kPerMinute;
  EXPECT_EQ(erlang_c_agents_for(lambda, mu, 20, 0.80), 54);
  EXPECT_NEAR(erlang_c(lambda, mu, 54, 20).service_level, 0.8172, 5e-5);
  EXPECT_NEAR(erlang_c(lambda, mu, 53, 20).service_level, 0.7518, 5e-5);
}

TEST(ErlangA, AnchorAbandonment) {
  auto f = erlang_a(4.2 * kPerMinute, 0.5 * kPerMinute, 12, 1.0 * kPerMinute);
  EXPECT_NEAR(f.p_abandon, 0.0297, 5e-5);
}

TEST(ErlangC, UnstableLoadWaitsAlways) {
  EXPECT_EQ(erlang_c(1.0, 0.1, 5, 20).p_wait, 1.0);
}

namespace {
BlendingModelInput b1(int reserve) {
  BlendingModelInput in;
  in.agents = 20;
  in.lambda = 3 * kPerMinute;
  in.mu_in = 0.25 * kPerMinute;
  in.mu_out = 0.25 * kPerMinute;
  in.reserve = reserve;
  in.sl_threshold_s = 20;
  return in;
}
}  // namespace

TEST(BlendingModel, AnchorB1) {
  auto f = solve_blending_model(b1(2));
  ASSERT_TRUE(f.converged);
  EXPECT_NEAR(f.service_level, 0.8114, 5e-5);
  EXPECT_NEAR(f.p_wait, 0.3673, 5e-5);
  EXPECT_NEAR(f.asa_s, 11.02, 5e-3);
  EXPECT_NEAR(f.outbound_per_hour, 104.69, 5e-3);
}

TEST(BlendingModel, AnchorB1PrimeFailsTheTarget) {
  auto f = solve_blending_model(b1(1));
  EXPECT_NEAR(f.service_level, 0.6919, 5e-5);
  EXPECT_EQ(optimal_reserve(b1(0), 0.80), 2);
}

TEST(BlendingModel, AnchorB1StarRandomisedReserve) {
  auto f = randomised_optimum(b1(0), 0.80);
  EXPECT_NEAR(f.service_level, 0.80, 1e-6);
  EXPECT_NEAR(f.outbound_per_hour, 105.58, 5e-3);
}

TEST(BlendingModel, WithoutInboundEveryAgentDialsButTheReserve) {
  auto in = b1(2);
  in.lambda = 1e-9;
  auto f = solve_blending_model(in);
  EXPECT_NEAR(f.mean_outbound_agents, 18, 1e-3);
}

TEST(BlendingModel, EqualRatesMatchErlangCWhenNothingIsReservedForOutbound) {
  // With reserve = agents, no outbound ever starts: the model must be M/M/c.
  auto in = b1(20);
  auto f = solve_blending_model(in);
  auto c = erlang_c(in.lambda, in.mu_in, 20, 20);
  EXPECT_NEAR(f.p_wait, c.p_wait, 1e-9);
  EXPECT_NEAR(f.service_level, c.service_level, 1e-9);
  EXPECT_NEAR(f.outbound_per_hour, 0, 1e-9);
}

// Every caller is served (the queue is long enough never to lose one), so the agents busy with
// inbound calls are the offered load (Little's law) at any size. A 200-agent chain's level 0
// holds 1e-40 of the probability: unfolded from there the solve read 21.5 busy of 100.
TEST(BlendingModel, InboundBusyAgentsAreTheOfferedLoadAtTwoHundredAgents) {
  BlendingModelInput in;
  in.agents = 200;
  in.mu_in = 1.0 / 240;
  in.mu_out = 1.0 / 120;
  in.lambda = 100 * in.mu_in;
  in.reserve = 0;
  auto f = solve_blending_model(in);
  ASSERT_TRUE(f.converged);
  EXPECT_NEAR(in.agents - f.mean_idle_agents - f.mean_outbound_agents, 100.0, 1e-6);
  EXPECT_NEAR(f.outbound_per_hour, 3000.0, 1e-3);  // the other 100 agents dial, 30 calls/h each
}
