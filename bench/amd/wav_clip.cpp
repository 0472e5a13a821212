#include "bench/amd/wav_clip.hpp"

#include <cstring>
#include <fstream>
#include <iterator>

#include "amd/g711.hpp"

namespace blendd::bench {

namespace {
std::uint32_t u32(const unsigned char* p) {
  return p[0] | p[1] << 8 | p[2] << 16 | std::uint32_t(p[3]) << 24;
}
std::uint16_t u16(const unsigned char* p) {
  return static_cast<std::uint16_t>(p[0] | p[1] << 8);
}
}  // namespace

std::vector<std::int16_t> read_wav_8k(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> b((std::istreambuf_iterator<char>(in)), {});
  std::vector<std::int16_t> out;
  if (b.size() < 12 || std::memcmp(b.data(), "RIFF", 4) != 0 ||
      std::memcmp(b.data() + 8, "WAVE", 4) != 0) {
    error = path + ": not a RIFF/WAVE file";
    return out;
  }
  int format = 0, channels = 0, bits = 0;
  std::uint32_t rate = 0;
  for (std::size_t at = 12; at + 8 <= b.size();) {
    const std::uint32_t size = u32(b.data() + at + 4);
    const unsigned char* body = b.data() + at + 8;
    if (at + 8 + size > b.size()) break;
    if (std::memcmp(b.data() + at, "fmt ", 4) == 0 && size >= 16) {
      format = u16(body);
      channels = u16(body + 2);
      rate = u32(body + 4);
      bits = u16(body + 14);
      if (format == 0xFFFE && size >= 26) format = u16(body + 24);  // WAVE_FORMAT_EXTENSIBLE
    } else if (std::memcmp(b.data() + at, "data", 4) == 0) {
      if (rate != 8000 || channels != 1) {
        error = path + ": " + std::to_string(rate) + " Hz, " + std::to_string(channels) +
                " channel(s); 8000 Hz mono expected";
        return out;
      }
      if (format == 1 && bits == 16) {
        for (std::uint32_t i = 0; i + 1 < size; i += 2)
          out.push_back(static_cast<std::int16_t>(u16(body + i)));
      } else if (format == 7 || format == 6) {
        for (std::uint32_t i = 0; i < size; ++i)
          out.push_back(format == 7 ? amd::ulaw_to_linear(body[i]) : amd::alaw_to_linear(body[i]));
      } else {
        error = path + ": format " + std::to_string(format) + "/" + std::to_string(bits) +
                " bits; PCM 16, u-law or A-law expected";
      }
      return out;
    }
    at += 8 + size + (size & 1);
  }
  error = path + ": no data chunk";
  return out;
}

}  // namespace blendd::bench
