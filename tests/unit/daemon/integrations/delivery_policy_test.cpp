// A webhook's decisions after an attempt, on simulated time: back-off with jitter in its band,
// the last wait repeating, dead letters once the next try would be past the event's max age, a
// receiver's refusal dead-lettered at once, and what counts as worth another try.
#include <gtest/gtest.h>

#include "daemon/integrations/delivery_policy.hpp"

using namespace blendd::daemon;

namespace {
constexpr std::int64_t kHour = 3600 * 1000;
}

TEST(DeliveryPolicy, BacksOffAlongItsWaitsWithJitterAndRepeatsTheLast) {
  double draw = 0.5;
  DeliveryPolicy p({5, 30, 120}, 24 * kHour, [&] { return draw; });
  EXPECT_EQ(p.backoff_ms(1), 5000);
  EXPECT_EQ(p.backoff_ms(2), 30000);
  EXPECT_EQ(p.backoff_ms(3), 120000);
  EXPECT_EQ(p.backoff_ms(9), 120000);  // the last repeats
  draw = 0.0;
  EXPECT_EQ(p.backoff_ms(2), 24000);  // -20 %
  draw = 1.0;
  EXPECT_EQ(p.backoff_ms(2), 36000);  // +20 %
}

TEST(DeliveryPolicy, RetriesUntilTheNextTryWouldBePastTheMaxAge) {
  DeliveryPolicy p({5, 30}, 60000, [] { return 0.5; });
  const std::int64_t at = 1'000'000;
  auto s = p.after_attempt(AttemptOutcome::failed, 1, at, at + 100);
  ASSERT_EQ(s.kind, NextStep::Kind::retry);
  EXPECT_EQ(s.retry_at_ms, at + 100 + 5000);
  s = p.after_attempt(AttemptOutcome::failed, 2, at, at + 5100);
  ASSERT_EQ(s.kind, NextStep::Kind::retry);  // at + 35.1 s < at + 60 s
  s = p.after_attempt(AttemptOutcome::failed, 3, at, at + 35100);
  EXPECT_EQ(s.kind, NextStep::Kind::dead_letter);  // at + 65.1 s would be past it
  EXPECT_EQ(s.cause, "max_age");
  EXPECT_EQ(p.after_attempt(AttemptOutcome::delivered, 3, at, at + 35100).kind,
            NextStep::Kind::next);
}

TEST(DeliveryPolicy, ARefusalIsDeadLetteredAtOnce) {
  DeliveryPolicy p({5}, 24 * kHour, [] { return 0.5; });
  const auto s = p.after_attempt(AttemptOutcome::refused, 1, 0, 10);
  EXPECT_EQ(s.kind, NextStep::Kind::dead_letter);
  EXPECT_EQ(s.cause, "refused");
}

TEST(DeliveryPolicy, TellsWhatIsWorthAnotherTry) {
  EXPECT_EQ(classify_status(200), AttemptOutcome::delivered);
  EXPECT_EQ(classify_status(204), AttemptOutcome::delivered);
  for (int s : {0, 301, 302, 408, 425, 429, 500, 502, 503})
    EXPECT_EQ(classify_status(s), AttemptOutcome::failed) << s;
  for (int s : {400, 401, 403, 404, 410, 422})
    EXPECT_EQ(classify_status(s), AttemptOutcome::refused) << s;
}

TEST(DeliveryPolicy, AnEventPastItsAgeHasExpired) {
  DeliveryPolicy p({5}, 60000, [] { return 0.5; });
  EXPECT_FALSE(p.expired(0, 60000));
  EXPECT_TRUE(p.expired(0, 60001));
}
