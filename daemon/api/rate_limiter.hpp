#pragma once
// A token bucket per caller (an intake token's name): `per_minute` requests in a burst, refilled
// evenly over the minute. Time is given, so tests run it on simulated milliseconds.
#include <cstdint>
#include <map>
#include <string>

namespace blendd::daemon {

class RateLimiter {
 public:
  explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}
  void set_rate(int per_minute) { per_minute_ = per_minute; }
  // 0: allowed, and counted. Otherwise the whole seconds until one more would be (Retry-After).
  int take(const std::string& key, std::int64_t now_ms);

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t at_ms = 0;
  };
  int per_minute_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace blendd::daemon
