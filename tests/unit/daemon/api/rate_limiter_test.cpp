// The intake's rate limit and the systems' roles: a burst of per_minute, refilled evenly, each
// token apart; intake and integration reach only their own routes.
#include <gtest/gtest.h>

#include "daemon/api/api_auth.hpp"
#include "daemon/api/rate_limiter.hpp"

using blendd::daemon::RateLimiter;
using blendd::daemon::Role;
using blendd::daemon::role_allows;

TEST(RateLimiter, ABurstOfPerMinuteThenOneEveryMinuteOverRate) {
  RateLimiter limit(60);
  for (int i = 0; i < 60; ++i) ASSERT_EQ(limit.take("form", 1000), 0) << i;
  EXPECT_EQ(limit.take("form", 1000), 1) << "the 61st waits a second";
  EXPECT_EQ(limit.take("sms", 1000), 0) << "another token has its own bucket";
  EXPECT_EQ(limit.take("form", 1999), 1);
  EXPECT_EQ(limit.take("form", 2000), 0) << "one more a second later";
  EXPECT_EQ(limit.take("form", 2000), 1);
  // A quiet minute refills it, never beyond the burst.
  for (int i = 0; i < 60; ++i) ASSERT_EQ(limit.take("form", 600000), 0) << i;
  EXPECT_GT(limit.take("form", 600000), 0);
  limit.set_rate(6);
  EXPECT_EQ(limit.take("slow", 0), 0);
  for (int i = 0; i < 5; ++i) limit.take("slow", 0);
  EXPECT_EQ(limit.take("slow", 0), 10) << "six a minute: one each ten seconds";
}

TEST(Roles, TheSystemsRolesReachOnlyTheirOwnRoutes) {
  EXPECT_TRUE(role_allows(Role::intake, Role::intake));
  EXPECT_FALSE(role_allows(Role::intake, Role::agent));
  EXPECT_FALSE(role_allows(Role::intake, Role::viewer));
  EXPECT_FALSE(role_allows(Role::intake, Role::integration));
  EXPECT_TRUE(role_allows(Role::integration, Role::integration));
  EXPECT_FALSE(role_allows(Role::integration, Role::agent));
  EXPECT_FALSE(role_allows(Role::integration, Role::admin));
  EXPECT_TRUE(role_allows(Role::supervisor, Role::intake)) << "supervisors add leads as before";
  EXPECT_FALSE(role_allows(Role::viewer, Role::intake));
  EXPECT_TRUE(role_allows(Role::admin, Role::integration));
  EXPECT_FALSE(role_allows(Role::supervisor, Role::integration));
  EXPECT_TRUE(role_allows(Role::qa, Role::viewer));
  EXPECT_FALSE(role_allows(Role::viewer, Role::qa));
}
