#pragma once
// G.711 µ-law and A-law to 16-bit linear PCM (ITU-T G.711): what the customer's RTP carries.
#include <cstdint>

namespace blendd::amd {

std::int16_t ulaw_to_linear(std::uint8_t u);
std::int16_t alaw_to_linear(std::uint8_t a);
std::uint8_t linear_to_ulaw(std::int16_t pcm);  // for test audio and the corpus
std::uint8_t linear_to_alaw(std::int16_t pcm);

}  // namespace blendd::amd
