#pragma once
// Time as the policy core sees it: UTC instants handed in by the caller. The core never reads a
// clock; the daemon passes the system time, the simulator its own.
#include <chrono>
#include <cmath>

namespace blendd::policy {

using Duration = std::chrono::microseconds;
using TimePoint = std::chrono::time_point<std::chrono::system_clock, Duration>;

inline Duration seconds(double s) {
  return Duration(std::llround(s * 1e6));
}
inline double to_seconds(Duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace blendd::policy
