// The customer's RTP on its way to answering-machine detection, with untrusted datagrams: the
// input is cut into packets (each led by a length byte) and fed to RtpAudio, whose frames go to the
// detector and the voicemail drop's greeting-end detector. Nothing may crash, hang or grow without
// bound: a timestamp jump conceals at most kMaxGap samples.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "amd/amd_detector.hpp"
#include "amd/greeting_end.hpp"
#include "amd/rtp_audio.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace blendd::amd;
  AmdDetector detector{AmdParams{}};
  GreetingEndDetector greeting{AmdParams{}};
  RtpAudio audio([&](const std::int16_t* s, std::size_t n) {
    detector.frame(s, n);
    greeting.frame(s, n);
  });
  for (std::size_t at = 0; at < size;) {
    const std::size_t n = std::min<std::size_t>(data[at], size - at - 1);
    audio.packet(data + at + 1, n);
    at += 1 + n;
  }
  detector.finish();
  return 0;
}
