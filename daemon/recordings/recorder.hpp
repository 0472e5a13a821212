#pragma once
// The recordings of a running blendd: what the call centre says of each recorded call is kept
// until the relay's capture is complete, then the capture becomes a two-channel WAV (customer,
// agent) under the recordings directory, and its metadata goes to the store; a result the agent
// registers later is added to it. It watches the disk (below media.recording_min_free_mb no new
// call is recorded: calls go on) and deletes recordings past their retention. Event-loop thread,
// except the conversions (CaptureConverter).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "daemon/recordings/capture_converter.hpp"
#include "daemon/recordings/recorder_counters.hpp"
#include "daemon/recordings/recording_note.hpp"
#include "daemon/recordings/recording_store.hpp"

namespace boost::asio {
class io_context;
}

namespace blendd::daemon {

class Recorder {
 public:
  struct Options {
    std::string dir;
    int retention_days = 90;
    std::uint64_t min_free_mb = 512;
    std::chrono::seconds disk_check{5};
    std::chrono::seconds sweep{3600};
  };
  Recorder(boost::asio::io_context& io, RecordingStore& store, Options options);
  ~Recorder();
  void start();
  void note(const RecordingNote& note);
  bool may_record() const { return !disk_full_; }
  RecorderCounters counters() const;
  const std::string& dir() const { return options_.dir; }
  // Where a recording's WAV lives (the store's `file` field is relative to dir()).
  std::string path_of(const RecordingFields& fields) const;
  // Deletes the WAV and the metadata.
  void remove(const std::string& id, const RecordingFields& fields,
              std::function<void(std::error_code)> done);
  // Expired once the recorder is gone (and with it, the store and audit a reply may touch).
  std::weak_ptr<int> alive() const { return alive_; }
  // Runs the retention sweep now (tests; the timer runs it every Options::sweep).
  void sweep_now();

 private:
  struct Pending {
    std::string id;
    RecordingFields fields;
  };
  void check_disk();
  void converted(ConversionResult result);
  void schedule();  // the disk check
  void schedule_sweep();

  boost::asio::io_context& io_;
  RecordingStore& store_;
  Options options_;
  std::map<std::string, Pending> pending_;  // by call key, until captured
  std::map<std::string, std::string> ids_;  // call key → recording id, until its result
  std::map<std::string, RecordingFields> converting_;  // by recording id, until its WAV is written
  std::atomic<bool> disk_full_{false};
  std::uint64_t free_mb_ = 0;
  RecorderCounters counters_;
  struct Timers;
  std::unique_ptr<Timers> timers_;
  // Handlers hold it weakly: a timer or conversion that completes after the recorder is gone does
  // nothing (everything runs on the event loop, so the check cannot race).
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  template <class Handler>
  auto guard(Handler handler) {
    return
        [alive = std::weak_ptr<int>(alive_), handler = std::move(handler)](auto&&... args) mutable {
          if (alive.expired()) return;
          handler(std::forward<decltype(args)>(args)...);
        };
  }
  std::unique_ptr<CaptureConverter> converter_;
};

}  // namespace blendd::daemon
