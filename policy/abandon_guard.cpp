#include "policy/abandon_guard.hpp"

#include <algorithm>
#include <cmath>

namespace blendd::policy {

namespace {
const Duration kDay = std::chrono::hours(24);
const Duration kMonth = std::chrono::hours(24 * 30);

std::int64_t headroom(double cap, std::int64_t answers, std::int64_t abandons) {
  // Largest k with (abandons + k) <= cap * answers; a tiny epsilon absorbs rounding of cap.
  return static_cast<std::int64_t>(std::floor(cap * static_cast<double>(answers) + 1e-9)) -
         abandons;
}
}  // namespace

AbandonGuard::AbandonGuard(double cap)
    : cap_(cap),
      answers_day_(kDay, std::chrono::minutes(15)),
      abandons_day_(kDay, std::chrono::minutes(15)),
      answers_month_(kMonth, std::chrono::hours(6)),
      abandons_month_(kMonth, std::chrono::hours(6)) {}

void AbandonGuard::live_answer(TimePoint now) {
  answers_day_.add(now);
  answers_month_.add(now);
}

void AbandonGuard::abandon(TimePoint now) {
  abandons_day_.add(now);
  abandons_month_.add(now);
}

std::int64_t AbandonGuard::budget(TimePoint now) const {
  // Answers count only if they stay in the window for the next hour (day) or day (month):
  // otherwise old answers sliding out could lift the rate over the cap with no new abandon.
  const auto day = headroom(cap_, answers_day_.sum_recent(now, kDay - std::chrono::hours(1)),
                            abandons_day_.sum(now));
  const auto month = headroom(cap_, answers_month_.sum_recent(now, kMonth - std::chrono::hours(24)),
                              abandons_month_.sum(now));
  return std::max<std::int64_t>(0, std::min(day, month));
}

double AbandonGuard::rate_24h(TimePoint now) const {
  const auto a = answers_day_.sum(now);
  return a == 0 ? 0.0 : static_cast<double>(abandons_day_.sum(now)) / static_cast<double>(a);
}

double AbandonGuard::rate_30d(TimePoint now) const {
  const auto a = answers_month_.sum(now);
  return a == 0 ? 0.0 : static_cast<double>(abandons_month_.sum(now)) / static_cast<double>(a);
}

}  // namespace blendd::policy
