#pragma once
// Keeps a campaign's abandon rate at or under its cap, over 24 hours (Ofcom) and 30 days (US TSR).
// Abandons can only come from calls dialled beyond the agents available ("risky" lines), so the
// pacer may hold at most `budget()` risky lines in flight: even if every one of them were
// abandoned, the rate would stay within the cap in both windows. Answering-machine detection's
// mistakes count too (Ofcom's "reasoned estimate"): each machine verdict is a live person hung up
// on with the campaign's measured false-positive rate — added to the abandons and to the live
// calls of both windows.
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
  // AMD called an answered call a machine (and it was not put through to an agent).
  void machine_verdict(TimePoint now);
  void set_false_positive_rate(double rate) { false_positive_rate_ = rate; }
  // The estimate of humans taken for machines in each window (machine verdicts × the rate).
  double estimated_24h(TimePoint now) const;
  double estimated_30d(TimePoint now) const;

  // Abandons that may still happen without breaking the cap in either window.
  std::int64_t budget(TimePoint now) const;
  double rate_24h(TimePoint now) const;
  double rate_30d(TimePoint now) const;
  std::int64_t answers_24h(TimePoint now) const { return answers_day_.sum(now); }
  std::int64_t abandons_24h(TimePoint now) const { return abandons_day_.sum(now); }  // measured

 private:
  double cap_;
  double false_positive_rate_ = 0;
  WindowedCounter machines_day_;
  WindowedCounter machines_month_;
  WindowedCounter answers_day_;
  WindowedCounter abandons_day_;
  WindowedCounter answers_month_;
  WindowedCounter abandons_month_;
};

}  // namespace blendd::policy
