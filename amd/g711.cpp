#include "amd/g711.hpp"

namespace blendd::amd {

std::int16_t ulaw_to_linear(std::uint8_t u) {
  u = static_cast<std::uint8_t>(~u);
  const int sign = u & 0x80;
  const int exponent = (u >> 4) & 0x07;
  const int mantissa = u & 0x0f;
  int sample = ((mantissa << 3) + 0x84) << exponent;
  sample -= 0x84;
  return static_cast<std::int16_t>(sign != 0 ? -sample : sample);
}

std::int16_t alaw_to_linear(std::uint8_t a) {
  a ^= 0x55;
  const int sign = a & 0x80;
  const int exponent = (a >> 4) & 0x07;
  const int mantissa = a & 0x0f;
  int sample = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return static_cast<std::int16_t>(sign != 0 ? sample : -sample);
}

std::uint8_t linear_to_ulaw(std::int16_t pcm) {
  constexpr int kBias = 0x84;
  constexpr int kClip = 32635;
  int sample = pcm;
  const int sign = sample < 0 ? 0x80 : 0;
  if (sample < 0) sample = -sample;
  if (sample > kClip) sample = kClip;
  sample += kBias;
  int exponent = 7;
  for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) --exponent;
  const int mantissa = (sample >> (exponent + 3)) & 0x0f;
  return static_cast<std::uint8_t>(~(sign | (exponent << 4) | mantissa));
}

std::uint8_t linear_to_alaw(std::int16_t pcm) {
  int sample = pcm;
  const int sign = sample >= 0 ? 0x80 : 0;
  if (sample < 0) sample = -sample - 1;
  if (sample > 32767) sample = 32767;
  int exponent = 7;
  for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) --exponent;
  const int mantissa = exponent == 0 ? (sample >> 4) & 0x0f : (sample >> (exponent + 3)) & 0x0f;
  return static_cast<std::uint8_t>((sign | (exponent << 4) | mantissa) ^ 0x55);
}

}  // namespace blendd::amd
