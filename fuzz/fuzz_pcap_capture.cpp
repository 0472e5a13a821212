// A relay's capture file as untrusted bytes (a truncated spool after a crash, a full disk, a file
// someone else wrote): the pcap reader and the two-channel mixer must report or skip what is
// wrong, never crash, and never place audio outside the channels.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "media/pcap_reader.hpp"
#include "media/recording_mixer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Short calls only: the mixer's cap keeps a hostile timestamp from allocating hours of audio.
  blendd::media::RecordingMixer mixer(5000, 5002, 30);
  blendd::media::PcapSummary summary;
  (void)blendd::media::read_pcap_bytes(
      bytes, [&](const blendd::media::UdpDatagram& d) { mixer.add(d); }, &summary);
  const auto audio = mixer.audio();
  if (audio.channels.size() != 2 || audio.channels[0].size() != audio.channels[1].size() ||
      audio.channels[0].size() > 30 * 8000 + 65536) {
    __builtin_trap();
  }
  return 0;
}
