#include "amd/voice_activity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace blendd::amd {

namespace {
constexpr std::size_t kFloorFrames = 50;  // one second of 20 ms frames
constexpr double kFloorCapDb = -35;
}  // namespace

double level_db(double mean_abs) {
  return mean_abs < 1 ? -96.0 : 20.0 * std::log10(mean_abs / 32768.0);
}

VoiceActivity::VoiceActivity(int silence_threshold, double noise_margin_db)
    : silence_threshold_(silence_threshold), margin_db_(noise_margin_db) {}

double VoiceActivity::noise_floor_db() const {
  if (recent_.empty()) return -96;
  return std::min(*std::min_element(recent_.begin(), recent_.end()), kFloorCapDb);
}

bool VoiceActivity::voiced(const std::int16_t* samples, std::size_t n) {
  if (n == 0) return false;
  long long sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += std::abs(static_cast<int>(samples[i]));
  const double mean_abs = static_cast<double>(sum) / static_cast<double>(n);
  last_db_ = level_db(mean_abs);
  recent_.push_back(last_db_);
  if (recent_.size() > kFloorFrames) recent_.pop_front();
  if (mean_abs < silence_threshold_) return false;
  if (margin_db_ <= 0) return true;
  return last_db_ >= noise_floor_db() + margin_db_;
}

}  // namespace blendd::amd
