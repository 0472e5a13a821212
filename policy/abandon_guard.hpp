#pragma once
// Keeps a campaign's abandon rate at or under its cap, over 24 hours (Ofcom) and 30 days (US TSR).
// Abandons can only come from calls dialled beyond the agents available ("risky" lines), so the
// pacer may hold at most `budget()` risky lines in flight: even if every one of them were
// abandoned, the rate would stay within the cap in both windows.
#include <cstdint>

#include "policy/time.hpp"
#include "policy/windowed_counter.hpp"

namespace blendd::policy {

class AbandonGuard {
 public:
  explicit AbandonGuard(double cap = 0.03);
  void set_cap(double cap) { cap_ = cap; }
  double cap() const { return cap_; }

  void live_answer(TimePoint now);
  void abandon(TimePoint now);

  // Abandons that may still happen without breaking the cap in either window.
  std::int64_t budget(TimePoint now) const;
  double rate_24h(TimePoint now) const;
  double rate_30d(TimePoint now) const;
  std::int64_t answers_24h(TimePoint now) const { return answers_day_.sum(now); }
  std::int64_t abandons_24h(TimePoint now) const { return abandons_day_.sum(now); }

 private:
  double cap_;
  WindowedCounter answers_day_;
  WindowedCounter abandons_day_;
  WindowedCounter answers_month_;
  WindowedCounter abandons_month_;
};

}  // namespace blendd::policy
