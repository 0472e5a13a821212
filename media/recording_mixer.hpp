#pragma once
// A recorded call's RTP, as rtpengine captured it, into two channels of 8 kHz linear audio:
// channel 1 what the customer said, channel 2 the agent. A datagram's side is the rtpengine port
// it arrived on (each leg sends to its own: the port in the SDP that leg was given). Each
// stream is placed by its RTP timestamps from its first packet's arrival (so jitter and reordering
// do not smear it); a new SSRC (a re-INVITE, a transfer) re-anchors on its arrival. Gaps are
// silence. G.711 (PCMU, PCMA) is decoded; other payloads (DTMF events, comfort noise, a codec
// rtpengine did not transcode) are counted and left out.
#include <cstdint>
#include <optional>
#include <string>

#include "media/pcap_reader.hpp"
#include "media/wav_file.hpp"

namespace blendd::media {

struct MixCounters {
  std::uint64_t customer_packets = 0;
  std::uint64_t agent_packets = 0;
  std::uint64_t other_ports = 0;   // RTCP, or a port of neither side
  std::uint64_t not_g711 = 0;      // RTP of another payload type
  std::uint64_t malformed = 0;     // not RTP version 2, or shorter than its header
  std::uint64_t out_of_range = 0;  // before the start or beyond the longest call kept
};

class RecordingMixer {
 public:
  // Ports: where rtpengine received each side's RTP.
  RecordingMixer(std::uint16_t customer_port, std::uint16_t agent_port,
                 std::int64_t longest_s = 4 * 3600);
  void add(const UdpDatagram& d);
  // The audio so far, both channels the same length.
  WavAudio audio() const;
  // When the first datagram arrived (microseconds since the epoch), if any did.
  std::optional<std::int64_t> started_us() const { return start_us_; }
  const MixCounters& counters() const { return counters_; }

 private:
  struct Stream {
    bool anchored = false;
    std::uint32_t ssrc = 0;
    std::uint32_t anchor_ts = 0;
    std::int64_t anchor_sample = 0;
  };
  void place(Stream& stream, std::vector<std::int16_t>& channel, const UdpDatagram& d);

  std::uint16_t customer_port_;
  std::uint16_t agent_port_;
  std::int64_t longest_samples_;
  std::optional<std::int64_t> start_us_;
  Stream customer_stream_;
  Stream agent_stream_;
  std::vector<std::int16_t> customer_;
  std::vector<std::int16_t> agent_;
  MixCounters counters_;
};

// Reads the pcap at `pcap_path` and writes the two-channel WAV to `wav_path`. Returns why not.
struct MixedRecording {
  double duration_s = 0;
  std::int64_t started_us = 0;
  MixCounters counters;
};
std::optional<std::string> mix_pcap_to_wav(const std::string& pcap_path,
                                           std::uint16_t customer_port, std::uint16_t agent_port,
                                           const std::string& wav_path, MixedRecording* out);

}  // namespace blendd::media
