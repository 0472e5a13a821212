#pragma once
// G.711 (ITU-T) to 16-bit linear PCM and back: the codecs every trunk and SIP phone speaks, and
// what a recording holds before it becomes a WAV.
#include <cstdint>

namespace blendd::media {

std::int16_t alaw_to_linear(std::uint8_t alaw);
std::int16_t ulaw_to_linear(std::uint8_t ulaw);
std::uint8_t linear_to_alaw(std::int16_t pcm);
std::uint8_t linear_to_ulaw(std::int16_t pcm);

}  // namespace blendd::media
