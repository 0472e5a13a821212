#pragma once
// 16-bit PCM WAV files (RIFF): written for recordings, read back by the tests and for
// `play media` checks. Channels are interleaved frame by frame.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace blendd::media {

struct WavAudio {
  int sample_rate = 8000;
  std::vector<std::vector<std::int16_t>> channels;  // each the same length
};

// Writes `audio` to `path` (through a temporary name, renamed into place, so a reader never sees
// half a file). Returns why not; a failure leaves no file behind.
std::optional<std::string> write_wav(const std::string& path, const WavAudio& audio);

// Reads a 16-bit PCM WAV file. Returns why not in `error`.
std::optional<WavAudio> read_wav(const std::string& path, std::string* error = nullptr);

}  // namespace blendd::media
