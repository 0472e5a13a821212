#pragma once
// When to play a voicemail message: after a machine verdict, the greeting's end — the end of its
// beep when it has one, else a silence after it — so the message is recorded from its start.
// Pure, on the audio's clock.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "amd/amd_params.hpp"
#include "amd/tone_detector.hpp"
#include "amd/voice_activity.hpp"

namespace blendd::amd {

struct GreetingEnd {
  std::string cause;  // "beep", "silence", "timeout"
  int at_ms = 0;      // audio time since this detector started
};

class GreetingEndDetector {
 public:
  explicit GreetingEndDetector(const AmdParams& p);
  std::optional<GreetingEnd> frame(const std::int16_t* samples, std::size_t n);

 private:
  AmdParams p_;
  VoiceActivity vad_;
  ToneDetector tones_;
  int t_ms_ = 0;
  int silence_ms_ = 0;
  bool done_ = false;
};

}  // namespace blendd::amd
