#include "media/recording_mixer.hpp"

#include "media/g711.hpp"

namespace blendd::media {

namespace {

constexpr int kRate = 8000;

std::uint32_t be32(std::string_view b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<std::uint8_t>(b[at + i]);
  return v;
}

}  // namespace

RecordingMixer::RecordingMixer(std::uint16_t customer_port, std::uint16_t agent_port,
                               std::int64_t longest_s)
    : customer_port_(customer_port), agent_port_(agent_port), longest_samples_(longest_s * kRate) {}

void RecordingMixer::add(const UdpDatagram& d) {
  const bool customer = d.destination_port == customer_port_;
  const bool agent = d.destination_port == agent_port_;
  if (!customer && !agent) {
    ++counters_.other_ports;
    return;
  }
  if (!start_us_) start_us_ = d.at_us;
  if (customer) {
    place(customer_stream_, customer_, d);
  } else {
    place(agent_stream_, agent_, d);
  }
}

void RecordingMixer::place(Stream& stream, std::vector<std::int16_t>& channel,
                           const UdpDatagram& d) {
  const std::string_view p = d.payload;
  if (p.size() < 12 || (static_cast<std::uint8_t>(p[0]) >> 6) != 2) {
    ++counters_.malformed;
    return;
  }
  const auto first = static_cast<std::uint8_t>(p[0]);
  const int payload_type = static_cast<std::uint8_t>(p[1]) & 0x7f;
  if (payload_type >= 72 && payload_type <= 76) {
    ++counters_.other_ports;  // RTCP multiplexed on the RTP port
    return;
  }
  std::size_t header = 12 + 4 * static_cast<std::size_t>(first & 0x0f);
  if ((first & 0x10) != 0) {  // header extension
    if (p.size() < header + 4) {
      ++counters_.malformed;
      return;
    }
    header += 4 + 4 * static_cast<std::size_t>((static_cast<std::uint8_t>(p[header + 2]) << 8) |
                                               static_cast<std::uint8_t>(p[header + 3]));
  }
  std::size_t end = p.size();
  if ((first & 0x20) != 0 && end > 0) {  // padding: its length is the last byte
    const std::size_t padding = static_cast<std::uint8_t>(p[end - 1]);
    end = padding <= end ? end - padding : 0;
  }
  if (header > end) {
    ++counters_.malformed;
    return;
  }
  if (payload_type != 0 && payload_type != 8) {
    ++counters_.not_g711;
    return;
  }
  const std::uint32_t ts = be32(p, 4);
  const std::uint32_t ssrc = be32(p, 8);
  if (!stream.anchored || stream.ssrc != ssrc) {
    stream.anchored = true;
    stream.ssrc = ssrc;
    stream.anchor_ts = ts;
    // Microseconds to samples without overflow (a hostile stamp can be 2^32 s away).
    stream.anchor_sample = (d.at_us - *start_us_) * (kRate / 1000) / 1000;
  }
  const std::int64_t at = stream.anchor_sample + static_cast<std::int32_t>(ts - stream.anchor_ts);
  const std::size_t samples = end - header;
  if (at < 0 || at + static_cast<std::int64_t>(samples) > longest_samples_) {
    ++counters_.out_of_range;
    return;
  }
  const auto from = static_cast<std::size_t>(at);
  if (channel.size() < from + samples) channel.resize(from + samples, 0);
  for (std::size_t i = 0; i < samples; ++i) {
    const auto byte = static_cast<std::uint8_t>(p[header + i]);
    channel[from + i] = payload_type == 8 ? alaw_to_linear(byte) : ulaw_to_linear(byte);
  }
  if (&channel == &customer_) {
    ++counters_.customer_packets;
  } else {
    ++counters_.agent_packets;
  }
}

WavAudio RecordingMixer::audio() const {
  WavAudio audio;
  audio.sample_rate = kRate;
  const std::size_t frames = std::max(customer_.size(), agent_.size());
  audio.channels = {customer_, agent_};
  for (auto& c : audio.channels) c.resize(frames, 0);
  return audio;
}

std::optional<std::string> mix_pcap_to_wav(const std::string& pcap_path,
                                           std::uint16_t customer_port, std::uint16_t agent_port,
                                           const std::string& wav_path, MixedRecording* out) {
  RecordingMixer mixer(customer_port, agent_port);
  if (auto why = read_pcap(pcap_path, [&](const UdpDatagram& d) { mixer.add(d); })) return why;
  WavAudio audio = mixer.audio();
  if (auto why = write_wav(wav_path, audio)) return why;
  if (out != nullptr) {
    out->duration_s = static_cast<double>(audio.channels.front().size()) / kRate;
    out->started_us = mixer.started_us().value_or(0);
    out->counters = mixer.counters();
  }
  return std::nullopt;
}

}  // namespace blendd::media
