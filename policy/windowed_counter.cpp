#include "policy/windowed_counter.hpp"

namespace blendd::policy {

WindowedCounter::WindowedCounter(Duration window, Duration bucket)
    : bucket_(bucket),
      counts_(static_cast<std::size_t>(window / bucket), 0),
      stamps_(counts_.size(), -1) {}

std::int64_t WindowedCounter::bucket_of(TimePoint t) const {
  return t.time_since_epoch() / bucket_;
}

void WindowedCounter::add(TimePoint now, std::int64_t n) {
  const std::int64_t b = bucket_of(now);
  const std::size_t slot = static_cast<std::size_t>(b % static_cast<std::int64_t>(counts_.size()));
  if (stamps_[slot] != b) {
    stamps_[slot] = b;
    counts_[slot] = 0;
  }
  counts_[slot] += n;
  cached_bucket_ = -1;
}

std::int64_t WindowedCounter::sum(TimePoint now) const {
  const std::int64_t newest = bucket_of(now);
  if (newest == cached_bucket_) return cached_sum_;  // the common case: same bucket, no adds
  cached_sum_ = sum_recent(now, bucket_ * static_cast<Duration::rep>(counts_.size()));
  cached_bucket_ = newest;
  return cached_sum_;
}

std::int64_t WindowedCounter::sum_recent(TimePoint now, Duration span) const {
  const std::int64_t newest = bucket_of(now);
  const std::int64_t oldest = newest - static_cast<std::int64_t>(span / bucket_) + 1;
  std::int64_t total = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (stamps_[i] >= oldest && stamps_[i] <= newest) total += counts_[i];
  }
  return total;
}

}  // namespace blendd::policy
