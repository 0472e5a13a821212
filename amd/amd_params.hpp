#pragma once
// Answering-machine detection's parameters, in the spirit of Asterisk's app_amd (the same names
// and meaning, one added: the noise margin). blendd's defaults and the reasons for them are in
// docs/amd.md (bench/amd/asterisk_amd_reference has app_amd's own).
namespace blendd::amd {

struct AmdParams {
  int initial_silence_ms = 4000;        // no speech this long after answer: unsure
  int greeting_ms = 3000;               // a phrase (words, pauses shorter than
                                        // after_greeting_silence_ms) this long: machine
  int after_greeting_silence_ms = 600;  // silence this long after the first words: human
  int total_analysis_ms = 5000;         // nothing decided by then: unsure
  int min_word_ms = 100;                // voice shorter than this is a click, not a word
  int between_words_silence_ms = 60;    // silence this long ends a word
  int max_words = 8;                    // this many words without a pause: machine
  int max_word_ms = 5000;               // one word this long (a tone, music): machine
  int silence_threshold = 256;          // a frame's mean |sample| below this is silence
  double noise_margin_db = 9;           // voice is this far above the noise floor too
  // Voicemail drop: the greeting is over at the end of its beep, or after this much silence;
  // the message plays after voicemail_max_wait_ms at the latest.
  int voicemail_silence_ms = 1500;
  int voicemail_max_wait_ms = 30000;
  bool operator==(const AmdParams&) const = default;
};

}  // namespace blendd::amd
