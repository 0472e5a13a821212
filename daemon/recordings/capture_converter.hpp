#pragma once
// Turns the relay's capture files into WAVs on its own thread (a call-hour is ~300,000 packets:
// not work for the event loop), one at a time in arrival order. The capture and rtpengine's
// metadata file beside it are deleted once the WAV is written.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace blendd::daemon {

struct ConversionJob {
  std::string id;
  std::string capture;  // the pcap
  std::uint16_t customer_port = 0;
  std::uint16_t agent_port = 0;
  std::string wav;  // where the WAV goes (its directory is created)
};

struct ConversionResult {
  std::string id;
  std::string wav;
  std::string error;  // empty: written
  bool disk_full = false;
  double duration_s = 0;
  std::int64_t started_us = 0;
  std::uint64_t bytes = 0;
  std::uint64_t customer_packets = 0;
  std::uint64_t agent_packets = 0;
};

class CaptureConverter {
 public:
  // `done` runs on the converter's thread.
  explicit CaptureConverter(std::function<void(ConversionResult)> done);
  ~CaptureConverter();  // finishes the job in hand; the rest stay on disk as captures
  CaptureConverter(const CaptureConverter&) = delete;
  CaptureConverter& operator=(const CaptureConverter&) = delete;
  void submit(ConversionJob job);
  std::size_t waiting() const;

 private:
  void run();
  std::function<void(ConversionResult)> done_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<ConversionJob> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace blendd::daemon
