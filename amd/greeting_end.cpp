#include "amd/greeting_end.hpp"

namespace blendd::amd {

GreetingEndDetector::GreetingEndDetector(const AmdParams& p)
    : p_(p), vad_(p.silence_threshold, p.noise_margin_db) {}

std::optional<GreetingEnd> GreetingEndDetector::frame(const std::int16_t* s, std::size_t n) {
  if (done_) return std::nullopt;
  t_ms_ += static_cast<int>(n / 8);
  const bool voiced = vad_.voiced(s, n);
  tones_.frame(s, n);
  silence_ms_ = voiced ? 0 : silence_ms_ + static_cast<int>(n / 8);
  const char* cause = nullptr;
  if (tones_.ended_after_tone())
    cause = "beep";
  else if (silence_ms_ >= p_.voicemail_silence_ms)
    cause = "silence";
  else if (t_ms_ >= p_.voicemail_max_wait_ms)
    cause = "timeout";
  if (cause == nullptr) return std::nullopt;
  done_ = true;
  return GreetingEnd{cause, t_ms_};
}

}  // namespace blendd::amd
