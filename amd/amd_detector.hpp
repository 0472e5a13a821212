#pragma once
// Answering-machine detection on the customer's first seconds after answer: 20 ms frames of
// 8 kHz audio in, one verdict out. A person answers with a short phrase and then waits for the
// caller ("Hallo?" — a pause); a machine's greeting runs on ("Hi, you've reached…"). So: the
// words and pauses of the first phrase, timed on the audio's own clock (frames), never a wall
// clock. Pure: no I/O, no clocks. docs/amd.md has the parameters and the measurements.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "amd/amd_params.hpp"
#include "amd/tone_detector.hpp"
#include "amd/voice_activity.hpp"

namespace blendd::amd {

enum class AmdKind { human, machine, unsure };
const char* to_string(AmdKind k);

struct AmdVerdict {
  AmdKind kind = AmdKind::unsure;
  std::string cause;      // "human/pause_after_greeting", "machine/long_greeting", ...
  int decided_at_ms = 0;  // audio time from the answer
  int words = 0;
  int first_phrase_end_ms = -1;  // the end of the first word run (-1: no word)
  std::string text() const;      // "machine/long_greeting"
};

class AmdDetector {
 public:
  static constexpr int kFrameMs = 20;
  static constexpr std::size_t kFrameSamples = 160;  // 20 ms at 8 kHz

  explicit AmdDetector(AmdParams params);
  // One frame (kFrameSamples samples). Returns the verdict once, when it is reached.
  std::optional<AmdVerdict> frame(const std::int16_t* samples, std::size_t n);
  // The audio stopped coming (the customer hung up, the stream died): whatever holds now.
  AmdVerdict finish();
  bool decided() const { return phase_ == Phase::decided; }
  int elapsed_ms() const { return t_ms_; }

 private:
  // Where the analysis is: before any word, inside a phrase (its words and short pauses), or done.
  enum class Phase { initial_silence, phrase, decided };
  std::optional<AmdVerdict> step(bool voiced, bool tone);
  AmdVerdict decide(AmdKind kind, const char* cause);

  AmdParams p_;
  VoiceActivity vad_;
  ToneDetector tones_;
  Phase phase_ = Phase::initial_silence;
  int t_ms_ = 0;
  int voiced_run_ms_ = 0;   // consecutive voice
  int silence_run_ms_ = 0;  // consecutive silence
  bool in_word_ = false;
  int words_ = 0;
  int phrase_start_ms_ = 0;
  int last_voice_ms_ = 0;  // the end of the last frame of a word
};

}  // namespace blendd::amd
