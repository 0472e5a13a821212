#pragma once
// sip::AudioTap over UDP: one socket per analysed call, on an address the media relay can reach
// (media.amd_address), read on this listener's own thread so that no call's audio waits for the
// event loop. The customer's RTP goes through amd::RtpAudio into amd::AmdDetector, and after a
// machine verdict into amd::GreetingEndDetector (started at once: a beep right after the verdict
// is not missed while the centre decides). No RTP for a while is silence (a phone that stops
// sending in pauses, a stream that died): the detectors hear silence frames for that time, so
// every analysis ends in its own time even without a packet — "unsure/no_audio" if none came.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "sip/audio_tap.hpp"

namespace blendd::media {

class AmdListener final : public sip::AudioTap {
 public:
  struct Options {
    std::string address = "127.0.0.1";
    // RTP missing this long is made up as silence (shorter gaps are jitter).
    std::chrono::milliseconds silence_after{200};
  };
  struct Counters {
    std::uint64_t opened = 0;
    std::uint64_t verdicts = 0;
    std::uint64_t packets = 0;
    std::uint64_t refused_packets = 0;  // not G.711 RTP (RtpAudio said why)
    std::uint64_t silent_ms = 0;        // made up for missing RTP
  };

  explicit AmdListener(Options options);
  ~AmdListener() override;
  AmdListener(const AmdListener&) = delete;
  AmdListener& operator=(const AmdListener&) = delete;

  sip::TapAddress open(const std::string& key, const amd::AmdParams& params,
                       std::function<void(sip::TapReport)> report) override;
  void follow_greeting(const std::string& key) override;
  void close(const std::string& key) override;
  Counters counters() const;
  std::size_t open_sessions() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace blendd::media
