#include "amd/rtp_audio.hpp"

#include "amd/g711.hpp"

namespace blendd::amd {

void RtpAudio::push(std::int16_t s) {
  pending_.push_back(s);
  if (pending_.size() == kFrame) {
    frame_(pending_.data(), pending_.size());
    pending_.clear();
  }
}

std::string RtpAudio::packet(const std::uint8_t* d, std::size_t size) {
  if (size < 12) return "shorter than an RTP header";
  if ((d[0] >> 6) != 2) return "not RTP version 2";
  const std::size_t csrc = d[0] & 0x0f;
  std::size_t header = 12 + 4 * csrc;
  if ((d[0] & 0x10) != 0) {  // an extension header: skip it
    if (size < header + 4) return "a truncated extension header";
    header += 4 + 4 * static_cast<std::size_t>(d[header + 2] << 8 | d[header + 3]);
  }
  if (header > size) return "a header longer than the packet";
  std::size_t end = size;
  if ((d[0] & 0x20) != 0) {  // padding: its count is the last byte
    if (d[size - 1] > size - header) return "padding longer than the packet";
    end -= d[size - 1];
  }
  const int pt = d[1] & 0x7f;
  if (pt == 13) return "";  // comfort noise: nothing to hear
  if (pt != 0 && pt != 8) return "payload type " + std::to_string(pt) + " is not G.711";
  const std::uint32_t ts = static_cast<std::uint32_t>(d[4]) << 24 | d[5] << 16 | d[6] << 8 | d[7];
  const std::uint32_t ssrc =
      static_cast<std::uint32_t>(d[8]) << 24 | d[9] << 16 | d[10] << 8 | d[11];
  if (started_ && ssrc == ssrc_) {
    const std::uint32_t ahead = ts - next_ts_;  // modulo 2^32
    if (ahead > 0x80000000u) return "late or repeated";
    if (ahead > 0 && ahead <= kMaxGap) {
      concealed_samples_ += ahead;
      for (std::uint32_t i = 0; i < ahead; ++i) push(0);
    }
  }
  started_ = true;
  ssrc_ = ssrc;
  ++packets_;
  for (std::size_t i = header; i < end; ++i)
    push(pt == 0 ? ulaw_to_linear(d[i]) : alaw_to_linear(d[i]));
  next_ts_ = ts + static_cast<std::uint32_t>(end - header);
  return "";
}

}  // namespace blendd::amd
