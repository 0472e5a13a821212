#include "media/wav_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

namespace blendd::media {

namespace {

void put16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}

void put32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint32_t get32(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[at + i])) << (8 * i);
  return v;
}

std::uint16_t get16(const std::string& b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<std::uint8_t>(b[at]) |
                                    (static_cast<std::uint8_t>(b[at + 1]) << 8));
}

}  // namespace

std::optional<std::string> write_wav(const std::string& path, const WavAudio& audio) {
  const auto channels = static_cast<std::uint16_t>(audio.channels.size());
  if (channels == 0) return "no channels to write";
  const std::size_t frames = audio.channels.front().size();
  for (const auto& c : audio.channels) {
    if (c.size() != frames) return "channels of different lengths";
  }
  const std::uint32_t data_bytes = static_cast<std::uint32_t>(frames * channels * 2);
  std::string header;
  header.append("RIFF");
  put32(header, 36 + data_bytes);
  header.append("WAVEfmt ");
  put32(header, 16);
  put16(header, 1);  // PCM
  put16(header, channels);
  put32(header, static_cast<std::uint32_t>(audio.sample_rate));
  put32(header, static_cast<std::uint32_t>(audio.sample_rate) * channels * 2);
  put16(header, static_cast<std::uint16_t>(channels * 2));
  put16(header, 16);
  header.append("data");
  put32(header, data_bytes);

  const std::string temporary = path + ".part";
  std::FILE* f = std::fopen(temporary.c_str(), "wb");
  if (f == nullptr) return "cannot create " + temporary + ": " + std::strerror(errno);
  bool ok = std::fwrite(header.data(), 1, header.size(), f) == header.size();
  std::vector<std::int16_t> block;
  constexpr std::size_t kFramesPerBlock = 8192;
  for (std::size_t at = 0; ok && at < frames; at += kFramesPerBlock) {
    const std::size_t n = std::min(kFramesPerBlock, frames - at);
    block.resize(n * channels);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t c = 0; c < channels; ++c)
        block[i * channels + c] = audio.channels[c][at + i];
    }
    // WAV is little-endian, as is every machine blendd runs on.
    ok = std::fwrite(block.data(), sizeof(std::int16_t), block.size(), f) == block.size();
  }
  const int write_errno = errno;
  if (std::fclose(f) != 0) ok = false;
  if (!ok) {
    std::remove(temporary.c_str());
    return "cannot write " + temporary + ": " + std::strerror(write_errno);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int e = errno;
    std::remove(temporary.c_str());
    return "cannot rename " + temporary + ": " + std::strerror(e);
  }
  return std::nullopt;
}

std::optional<WavAudio> read_wav(const std::string& path, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<WavAudio> {
    if (error != nullptr) *error = std::move(why);
    return std::nullopt;
  };
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open " + path);
  const std::string b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (b.size() < 12 || b.compare(0, 4, "RIFF") != 0 || b.compare(8, 4, "WAVE") != 0) {
    return fail(path + " is not a RIFF WAVE file");
  }
  WavAudio audio;
  int channels = 0;
  std::size_t at = 12;
  while (at + 8 <= b.size()) {
    const std::string id = b.substr(at, 4);
    const std::size_t size = get32(b, at + 4);
    at += 8;
    if (size > b.size() - at) return fail(path + ": chunk '" + id + "' runs past the end");
    if (id == "fmt ") {
      if (size < 16 || get16(b, at) != 1 || get16(b, at + 14) != 16) {
        return fail(path + ": not 16-bit PCM");
      }
      channels = get16(b, at + 2);
      audio.sample_rate = static_cast<int>(get32(b, at + 4));
    } else if (id == "data") {
      if (channels == 0) return fail(path + ": data before fmt");
      const std::size_t frames = size / (2 * static_cast<std::size_t>(channels));
      audio.channels.assign(static_cast<std::size_t>(channels), std::vector<std::int16_t>(frames));
      for (std::size_t i = 0; i < frames; ++i) {
        for (int c = 0; c < channels; ++c) {
          audio.channels[static_cast<std::size_t>(c)][i] = static_cast<std::int16_t>(get16(
              b, at + (i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)) * 2));
        }
      }
      return audio;
    }
    at += size + (size & 1);
  }
  return fail(path + ": no data chunk");
}

}  // namespace blendd::media
