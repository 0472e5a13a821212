#pragma once
// A lock-free histogram of latencies in microseconds: written on one thread, read on any.
// Buckets grow by 10% from 1 µs, so a quantile is exact to within 10%.
#include <array>
#include <atomic>
#include <cstdint>

namespace blendd::sip {

class LatencyHistogram {
 public:
  void record(double micros);
  // The q-quantile (0..1) in microseconds; 0 when nothing was recorded.
  double quantile(double q) const;
  std::uint64_t count() const;

 private:
  static constexpr int kBuckets = 200;  // 1 µs · 1.1^200 ≈ 190 s
  std::array<std::atomic<std::uint64_t>, kBuckets> buckets_{};
};

}  // namespace blendd::sip
