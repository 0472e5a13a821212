#include "daemon/api/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace blendd::daemon {

int RateLimiter::take(const std::string& key, std::int64_t now_ms) {
  const double capacity = per_minute_;
  const double per_ms = capacity / 60000.0;
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{capacity, now_ms});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens = std::min(capacity, b.tokens + per_ms * static_cast<double>(std::max<std::int64_t>(
                                                          0, now_ms - b.at_ms)));
    b.at_ms = std::max(b.at_ms, now_ms);
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / per_ms / 1000.0)));
}

}  // namespace blendd::daemon
