#include "sip/latency_histogram.hpp"

#include <cmath>

namespace blendd::sip {

namespace {
const double kGrowth = std::log(1.1);
}

void LatencyHistogram::record(double micros) {
  int bucket = micros <= 1.0 ? 0 : static_cast<int>(std::log(micros) / kGrowth) + 1;
  if (bucket >= kBuckets) bucket = kBuckets - 1;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
}

std::uint64_t LatencyHistogram::count() const {
  std::uint64_t n = 0;
  for (const auto& b : buckets_) n += b.load(std::memory_order_relaxed);
  return n;
}

double LatencyHistogram::quantile(double q) const {
  const std::uint64_t total = count();
  if (total == 0) return 0.0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total)));
  std::uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += buckets_[i].load(std::memory_order_relaxed);
    if (seen >= rank && seen > 0) return i == 0 ? 1.0 : std::exp(kGrowth * i);  // upper edge
  }
  return std::exp(kGrowth * kBuckets);
}

}  // namespace blendd::sip
