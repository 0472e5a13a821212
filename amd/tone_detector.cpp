#include "amd/tone_detector.hpp"

#include <cmath>

namespace blendd::amd {

namespace {
constexpr double kRate = 8000;
constexpr double kPurity = 0.8;
constexpr double kMinMeanAbs = 200;  // quieter than this is not a tone worth the name
}  // namespace

double tone_purity(const std::int16_t* s, std::size_t n, double freq) {
  const double w = 2 * M_PI * freq / kRate;
  const double coeff = 2 * std::cos(w);
  double q1 = 0, q2 = 0, energy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = s[i];
    energy += x * x;
    const double q0 = coeff * q1 - q2 + x;
    q2 = q1;
    q1 = q0;
  }
  if (energy <= 0) return 0;
  const double power = q1 * q1 + q2 * q2 - coeff * q1 * q2;
  return 2 * power / (static_cast<double>(n) * energy);
}

bool ToneDetector::frame(const std::int16_t* s, std::size_t n) {
  const int frame_ms = static_cast<int>(n * 1000 / 8000);
  int crossings = 0;
  double sum_abs = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sum_abs += std::abs(static_cast<double>(s[i]));
    if (i > 0 && ((s[i - 1] < 0) != (s[i] < 0))) ++crossings;
  }
  const double f = crossings * kRate / (2.0 * static_cast<double>(n));
  bool tonal = sum_abs / static_cast<double>(n) >= kMinMeanAbs && f >= 300 && f <= 3400;
  if (tonal) {
    // The zero crossings are off by a crossing or so: the best of the nearby frequencies.
    double best = 0, best_f = f;
    for (double df = -60; df <= 60; df += 10) {
      const double p = tone_purity(s, n, f + df);
      if (p > best) best = p, best_f = f + df;
    }
    tonal = best >= kPurity && (run_ms_ == 0 || std::abs(best_f - freq_) <= 0.05 * freq_);
    if (tonal) freq_ = best_f;
  }
  const bool was_tone = run_ms_ >= kMinToneMs;
  run_ms_ = tonal ? run_ms_ + frame_ms : 0;
  ended_ = was_tone && !tonal;
  return run_ms_ >= kMinToneMs;
}

}  // namespace blendd::amd
