#include "policy/abandon_guard.hpp"

#include <algorithm>
#include <cmath>

namespace blendd::policy {

namespace {
const Duration kDay = std::chrono::hours(24);
const Duration kMonth = std::chrono::hours(24 * 30);

// Largest k with (abandons + estimated + k) <= cap * (answers + estimated): the estimated humans
// AMD hung up on are live calls and abandons both. A tiny epsilon absorbs rounding of cap.
std::int64_t headroom(double cap, std::int64_t answers, std::int64_t abandons, double estimated) {
  return static_cast<std::int64_t>(std::floor(cap * (static_cast<double>(answers) + estimated) -
                                              static_cast<double>(abandons) - estimated + 1e-9));
}

double rate(std::int64_t answers, std::int64_t abandons, double estimated) {
  const double live = static_cast<double>(answers) + estimated;
  return live <= 0 ? 0.0 : (static_cast<double>(abandons) + estimated) / live;
}
}  // namespace

AbandonGuard::AbandonGuard(double cap)
    : cap_(cap),
      machines_day_(kDay, std::chrono::minutes(15)),
      machines_month_(kMonth, std::chrono::hours(6)),
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

void AbandonGuard::machine_verdict(TimePoint now) {
  machines_day_.add(now);
  machines_month_.add(now);
}

double AbandonGuard::estimated_24h(TimePoint now) const {
  return false_positive_rate_ * static_cast<double>(machines_day_.sum(now));
}

double AbandonGuard::estimated_30d(TimePoint now) const {
  return false_positive_rate_ * static_cast<double>(machines_month_.sum(now));
}

std::int64_t AbandonGuard::budget(TimePoint now) const {
  // Answers count only if they stay in the window for the next hour (day) or day (month):
  // otherwise old answers sliding out could lift the rate over the cap with no new abandon.
  // The estimate is counted whole (an upper side: its verdicts may slide out sooner).
  const auto day = headroom(cap_, answers_day_.sum_recent(now, kDay - std::chrono::hours(1)),
                            abandons_day_.sum(now), estimated_24h(now));
  const auto month = headroom(cap_, answers_month_.sum_recent(now, kMonth - std::chrono::hours(24)),
                              abandons_month_.sum(now), estimated_30d(now));
  return std::max<std::int64_t>(0, std::min(day, month));
}

double AbandonGuard::rate_24h(TimePoint now) const {
  return rate(answers_day_.sum(now), abandons_day_.sum(now), estimated_24h(now));
}

double AbandonGuard::rate_30d(TimePoint now) const {
  return rate(answers_month_.sum(now), abandons_month_.sum(now), estimated_30d(now));
}

}  // namespace blendd::policy
