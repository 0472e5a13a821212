#pragma once
// The benchmark's reference: Asterisk's app_amd as its source reads (app_amd.c, its amd.conf
// defaults), re-implemented from that description for comparison — not blendd's detector. Frames
// are silence when their mean |sample| is below the threshold (ast_dsp_silence); no noise floor.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace blendd::bench {

struct AsteriskVerdict {
  std::string status;  // HUMAN, MACHINE, NOTSURE
  std::string cause;   // HUMAN, INITIALSILENCE, LONGGREETING, MAXWORDS, MAXWORDLENGTH, TOOLONG
  int decided_at_ms = 0;
};

class AsteriskAmdReference {
 public:
  // app_amd's built-in defaults.
  struct Params {
    int initial_silence = 2500;
    int greeting = 1500;
    int after_greeting_silence = 800;
    int total_analysis_time = 5000;
    int minimum_word_length = 100;
    int between_words_silence = 50;
    int maximum_number_of_words = 2;
    int maximum_word_length = 5000;
    int silence_threshold = 256;
  };
  AsteriskAmdReference() = default;
  explicit AsteriskAmdReference(Params p) : p_(p) {}
  std::optional<AsteriskVerdict> frame(const std::int16_t* samples, std::size_t n);
  AsteriskVerdict finish() const { return {"NOTSURE", "HANGUP", total_ms_}; }

 private:
  std::optional<AsteriskVerdict> done(const char* status, const char* cause);
  Params p_;
  bool decided_ = false;
  bool in_word_ = false;
  bool in_initial_silence_ = true;
  bool in_greeting_ = false;
  int total_ms_ = 0;
  int silence_ms_ = 0;
  int voice_ms_ = 0;
  int consecutive_voice_ms_ = 0;
  int words_ = 0;
};

}  // namespace blendd::bench
