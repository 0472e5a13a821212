#include "bench/amd/asterisk_amd_reference.hpp"

#include <cstdlib>

namespace blendd::bench {

std::optional<AsteriskVerdict> AsteriskAmdReference::done(const char* status, const char* cause) {
  decided_ = true;
  return AsteriskVerdict{status, cause, total_ms_};
}

std::optional<AsteriskVerdict> AsteriskAmdReference::frame(const std::int16_t* s, std::size_t n) {
  if (decided_ || n == 0) return std::nullopt;
  const int frame_ms = static_cast<int>(n / 8);
  total_ms_ += frame_ms;
  if (total_ms_ >= p_.total_analysis_time) return done("NOTSURE", "TOOLONG");
  long long sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += std::abs(static_cast<int>(s[i]));
  const bool silent = sum / static_cast<long long>(n) < p_.silence_threshold;
  if (silent) {
    silence_ms_ += frame_ms;
    if (silence_ms_ >= p_.between_words_silence) {
      in_word_ = false;
      consecutive_voice_ms_ = 0;
    }
    if (in_initial_silence_ && silence_ms_ >= p_.initial_silence)
      return done("MACHINE", "INITIALSILENCE");
    if (silence_ms_ >= p_.after_greeting_silence && in_greeting_) return done("HUMAN", "HUMAN");
    return std::nullopt;
  }
  consecutive_voice_ms_ += frame_ms;
  voice_ms_ += frame_ms;
  if (consecutive_voice_ms_ >= p_.minimum_word_length && !in_word_) {
    ++words_;
    in_word_ = true;
  }
  if (consecutive_voice_ms_ >= p_.maximum_word_length) return done("MACHINE", "MAXWORDLENGTH");
  // amd.conf: "maximum_number_of_words = 2 ; if exceeded then MACHINE".
  if (words_ > p_.maximum_number_of_words) return done("MACHINE", "MAXWORDS");
  if (in_greeting_ && voice_ms_ >= p_.greeting) return done("MACHINE", "LONGGREETING");
  if (consecutive_voice_ms_ >= p_.minimum_word_length) {
    silence_ms_ = 0;
    in_greeting_ = true;
    in_initial_silence_ = false;
  }
  return std::nullopt;
}

}  // namespace blendd::bench
