#pragma once
// The customer's RTP (RFC 3550) as 20 ms frames of 16-bit audio for the detectors: G.711 µ-law
// (payload type 0) or A-law (8) decoded; the audio's clock is the RTP timestamp, so a lost packet
// becomes silence of its length and a late or repeated one is dropped — a gap in the network never
// stretches or shrinks a pause the detector measures. Pure: bytes in, frames out.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace blendd::amd {

class RtpAudio {
 public:
  using Frame = std::function<void(const std::int16_t* samples, std::size_t n)>;
  explicit RtpAudio(Frame frame) : frame_(std::move(frame)) {}
  // One datagram. Returns "" or why it was not audio (too short, not RTP v2, not G.711, old).
  std::string packet(const std::uint8_t* data, std::size_t size);
  std::uint64_t packets() const { return packets_; }
  std::uint64_t concealed_ms() const { return concealed_samples_ / 8; }  // lost audio, as silence

  static constexpr std::size_t kFrame = 160;
  static constexpr std::uint32_t kMaxGap = 8000;  // a jump over 1 s is a new stream, not a loss

 private:
  void push(std::int16_t s);
  Frame frame_;
  std::vector<std::int16_t> pending_;
  bool started_ = false;
  std::uint32_t ssrc_ = 0;
  std::uint32_t next_ts_ = 0;  // the timestamp the next packet's first sample should have
  std::uint64_t packets_ = 0;
  std::uint64_t concealed_samples_ = 0;
};

}  // namespace blendd::amd
