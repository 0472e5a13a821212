#include "amd/amd_detector.hpp"

namespace blendd::amd {

const char* to_string(AmdKind k) {
  switch (k) {
    case AmdKind::human:
      return "human";
    case AmdKind::machine:
      return "machine";
    case AmdKind::unsure:
      return "unsure";
  }
  return "unsure";
}

std::string AmdVerdict::text() const {
  return cause;
}

AmdDetector::AmdDetector(AmdParams params)
    : p_(params), vad_(params.silence_threshold, params.noise_margin_db) {}

std::optional<AmdVerdict> AmdDetector::frame(const std::int16_t* samples, std::size_t n) {
  if (phase_ == Phase::decided) return std::nullopt;
  const bool voiced = vad_.voiced(samples, n);
  return step(voiced, tones_.frame(samples, n));
}

AmdVerdict AmdDetector::decide(AmdKind kind, const char* cause) {
  phase_ = Phase::decided;
  AmdVerdict v;
  v.kind = kind;
  v.cause = std::string(to_string(kind)) + "/" + cause;
  v.decided_at_ms = t_ms_;
  v.words = words_;
  v.first_phrase_end_ms = words_ > 0 ? last_voice_ms_ : -1;
  return v;
}

AmdVerdict AmdDetector::finish() {
  if (phase_ == Phase::phrase && words_ > 0) return decide(AmdKind::human, "hung_up_after_words");
  return decide(AmdKind::unsure, "no_audio");
}

// The one transition function: a frame, voiced or not, moves the analysis on.
std::optional<AmdVerdict> AmdDetector::step(bool voiced, bool tone) {
  t_ms_ += kFrameMs;
  // People do not answer with a pure tone: a beep or a carrier's SIT tones.
  if (tone) return decide(AmdKind::machine, "tone");
  if (voiced) {
    voiced_run_ms_ += kFrameMs;
    silence_run_ms_ = 0;
    if (!in_word_ && voiced_run_ms_ >= p_.min_word_ms) {
      in_word_ = true;
      ++words_;
      if (phase_ == Phase::initial_silence) {
        phase_ = Phase::phrase;
        phrase_start_ms_ = t_ms_ - voiced_run_ms_;
      }
      if (words_ >= p_.max_words) return decide(AmdKind::machine, "max_words");
    }
    if (in_word_) last_voice_ms_ = t_ms_;
    if (voiced_run_ms_ >= p_.max_word_ms) return decide(AmdKind::machine, "max_word_length");
    if (phase_ == Phase::phrase && t_ms_ - phrase_start_ms_ >= p_.greeting_ms)
      return decide(AmdKind::machine, "long_greeting");
  } else {
    silence_run_ms_ += kFrameMs;
    voiced_run_ms_ = 0;
    if (silence_run_ms_ >= p_.between_words_silence_ms) in_word_ = false;
    if (phase_ == Phase::initial_silence && t_ms_ >= p_.initial_silence_ms) {
      return decide(AmdKind::unsure, "initial_silence");  // a late answerer, or a silent line
    }
    if (phase_ == Phase::phrase && silence_run_ms_ >= p_.after_greeting_silence_ms)
      return decide(AmdKind::human, "pause_after_greeting");
  }
  if (t_ms_ >= p_.total_analysis_ms) return decide(AmdKind::unsure, "too_long");
  return std::nullopt;
}

}  // namespace blendd::amd
