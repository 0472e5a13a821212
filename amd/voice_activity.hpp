#pragma once
// Is a 20 ms frame voice? Its mean |sample| against an absolute silence threshold and, with a
// noise margin, against the noise floor — the lowest frame level of the last second — so steady
// line noise or a noisy room is not taken for speech. The floor is capped at -35 dBFS: a floor
// above it is speech without a pause, not noise.
#include <cstddef>
#include <cstdint>
#include <deque>

namespace blendd::amd {

class VoiceActivity {
 public:
  VoiceActivity(int silence_threshold, double noise_margin_db);
  bool voiced(const std::int16_t* samples, std::size_t n);
  double last_level_db() const { return last_db_; }
  double noise_floor_db() const;

 private:
  int silence_threshold_;
  double margin_db_;
  std::deque<double> recent_;  // the last second's frame levels (dBFS)
  double last_db_ = -96;
};

// A frame's mean |sample| as dBFS (-96 for digital silence).
double level_db(double mean_abs);

}  // namespace blendd::amd
