#pragma once
// Is there a steady pure tone — a voicemail beep, a carrier's SIT tones — in the audio? Per 20 ms
// frame: the frequency from the zero crossings and how much of the frame's energy a Goertzel filter
// at that frequency holds (a sinusoid: nearly all; a vowel: its harmonics share it). A run of such
// frames at one frequency is a tone.
#include <cstddef>
#include <cstdint>

namespace blendd::amd {

class ToneDetector {
 public:
  static constexpr int kMinToneMs = 120;
  // Feeds one frame; true while a tone of at least kMinToneMs is sounding.
  bool frame(const std::int16_t* samples, std::size_t n);
  int tone_ms() const { return run_ms_; }  // the current tone's length so far (0: none)
  double frequency() const { return freq_; }
  bool ended_after_tone() const { return ended_; }  // this frame ended a tone of kMinToneMs+

 private:
  int run_ms_ = 0;
  double freq_ = 0;
  bool ended_ = false;
};

// The share of a frame's energy at `freq` (Goertzel): ~1 for a pure tone at it.
double tone_purity(const std::int16_t* samples, std::size_t n, double freq);

}  // namespace blendd::amd
