#pragma once
// Where an answered customer's audio is listened to for answering-machine detection (relay mode:
// the relay sends the customer's RTP to an address of blendd's while no agent is on the call).
// The gateway opens a tap per call and hears the verdict, then, asked to, the end of a machine's
// greeting (for the voicemail message). Implemented in media/; the gateway sees only this.
#include <cstdint>
#include <functional>
#include <string>

#include "amd/amd_params.hpp"

namespace blendd::sip {

struct TapAddress {
  std::string address;  // where the relay sends the customer's RTP
  std::uint16_t port = 0;
  std::string error;  // empty: listening
  bool ok() const { return error.empty(); }
};

struct TapReport {
  enum class Kind { verdict, greeting_over };
  Kind kind = Kind::verdict;
  // verdict: "human/pause_after_greeting", "machine/long_greeting", "unsure/no_audio"...;
  // greeting_over: "beep", "silence", "timeout".
  std::string cause;
  int audio_ms = 0;  // the audio's own time of it, from the first packet
};

class AudioTap {
 public:
  virtual ~AudioTap() = default;
  // Starts listening for call `key`; `report` runs (on any thread) with the verdict once, then
  // with the greeting's end once follow_greeting was asked. A verdict comes without audio too
  // (none for a while: "unsure/no_audio").
  virtual TapAddress open(const std::string& key, const amd::AmdParams& params,
                          std::function<void(TapReport)> report) = 0;
  // After a machine verdict: report when its greeting is over (its beep, a silence, the limit).
  virtual void follow_greeting(const std::string& key) = 0;
  // Stops listening (nothing more is reported). Unknown keys are ignored.
  virtual void close(const std::string& key) = 0;
};

}  // namespace blendd::sip
