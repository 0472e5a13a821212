#pragma once
// A count over a sliding time window (e.g. abandons over the last 24 hours or 30 days), kept in
// fixed buckets so memory does not grow with traffic.
#include <cstdint>
#include <vector>

#include "policy/time.hpp"

namespace blendd::policy {

class WindowedCounter {
 public:
  WindowedCounter(Duration window, Duration bucket);
  void add(TimePoint now, std::int64_t n = 1);
  std::int64_t sum(TimePoint now) const;
  // Only the buckets within the last `span` (span <= window): what will still count after the
  // older buckets have slid out.
  std::int64_t sum_recent(TimePoint now, Duration span) const;

 private:
  std::int64_t bucket_of(TimePoint t) const;

  Duration bucket_;
  std::vector<std::int64_t> counts_;
  std::vector<std::int64_t> stamps_;  // which bucket number each slot holds
  mutable std::int64_t cached_bucket_ = -1;
  mutable std::int64_t cached_sum_ = 0;
};

}  // namespace blendd::policy
