#pragma once
// An 8 kHz mono WAV clip as 16-bit samples: PCM 16, G.711 u-law or A-law (what the corpus has).
#include <cstdint>
#include <string>
#include <vector>

namespace blendd::bench {

// Empty `error` on success.
std::vector<std::int16_t> read_wav_8k(const std::string& path, std::string& error);

}  // namespace blendd::bench
