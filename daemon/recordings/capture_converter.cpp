#include "daemon/recordings/capture_converter.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "media/recording_mixer.hpp"

namespace blendd::daemon {

namespace {

ConversionResult convert(const ConversionJob& job) {
  namespace fs = std::filesystem;
  ConversionResult out;
  out.id = job.id;
  out.wav = job.wav;
  std::error_code ec;
  fs::create_directories(fs::path(job.wav).parent_path(), ec);
  if (ec) {
    out.error = "cannot create " + fs::path(job.wav).parent_path().string() + ": " + ec.message();
    out.disk_full = ec == std::errc::no_space_on_device;
    return out;
  }
  media::MixedRecording mixed;
  errno = 0;
  if (auto why =
          media::mix_pcap_to_wav(job.capture, job.customer_port, job.agent_port, job.wav, &mixed)) {
    out.error = *why;
    out.disk_full = why->find(std::strerror(ENOSPC)) != std::string::npos;
    return out;
  }
  out.duration_s = mixed.duration_s;
  out.started_us = mixed.started_us;
  out.customer_packets = mixed.counters.customer_packets;
  out.agent_packets = mixed.counters.agent_packets;
  out.bytes = static_cast<std::uint64_t>(fs::file_size(job.wav, ec));
  // rtpengine's spool: <dir>/pcaps/<name>.pcap and <dir>/metadata/rtpengine-meta-<name>.txt
  const fs::path capture(job.capture);
  fs::remove(capture, ec);
  fs::remove(capture.parent_path().parent_path() / "metadata" /
                 ("rtpengine-meta-" + capture.stem().string() + ".txt"),
             ec);
  return out;
}

}  // namespace

CaptureConverter::CaptureConverter(std::function<void(ConversionResult)> done)
    : done_(std::move(done)), thread_([this] { run(); }) {}

CaptureConverter::~CaptureConverter() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void CaptureConverter::submit(ConversionJob job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

std::size_t CaptureConverter::waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return jobs_.size();
}

void CaptureConverter::run() {
  for (;;) {
    ConversionJob job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    done_(convert(job));
  }
}

}  // namespace blendd::daemon
