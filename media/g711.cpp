#include "media/g711.hpp"

#include <cstdlib>

namespace blendd::media {

std::int16_t alaw_to_linear(std::uint8_t alaw) {
  alaw ^= 0x55;
  int t = (alaw & 0x0f) << 4;
  const int segment = (alaw & 0x70) >> 4;
  if (segment == 0) {
    t += 8;
  } else {
    t = (t + 0x108) << (segment - 1);
  }
  return static_cast<std::int16_t>((alaw & 0x80) != 0 ? t : -t);
}

std::int16_t ulaw_to_linear(std::uint8_t ulaw) {
  ulaw = static_cast<std::uint8_t>(~ulaw);
  int t = ((ulaw & 0x0f) << 3) + 0x84;
  t <<= (ulaw & 0x70) >> 4;
  return static_cast<std::int16_t>((ulaw & 0x80) != 0 ? 0x84 - t : t - 0x84);
}

std::uint8_t linear_to_alaw(std::int16_t pcm) {
  int value = pcm;
  int mask = 0xd5;  // sign bit set: positive
  if (value < 0) {
    mask = 0x55;
    value = -value - 1;
  }
  value >>= 3;  // A-law works on 13 bits
  int segment = 0;
  for (int bound = 0x1f; segment < 8 && value > bound; bound = (bound << 1) | 1) ++segment;
  if (segment >= 8) return static_cast<std::uint8_t>(0x7f ^ mask);
  int mantissa = segment < 2 ? (value >> 1) & 0x0f : (value >> segment) & 0x0f;
  return static_cast<std::uint8_t>(((segment << 4) | mantissa) ^ mask);
}

std::uint8_t linear_to_ulaw(std::int16_t pcm) {
  constexpr int kBias = 0x84;
  constexpr int kClip = 32635;
  int value = pcm;
  int sign = 0;
  if (value < 0) {
    sign = 0x80;
    value = -value;
  }
  if (value > kClip) value = kClip;
  value += kBias;
  int exponent = 7;
  for (int mask = 0x4000; (value & mask) == 0 && exponent > 0; mask >>= 1) --exponent;
  const int mantissa = (value >> (exponent + 3)) & 0x0f;
  return static_cast<std::uint8_t>(~(sign | (exponent << 4) | mantissa));
}

}  // namespace blendd::media
