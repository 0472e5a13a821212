#pragma once
// What the recorder has done, for /healthz-style figures and /metrics.
#include <cstddef>
#include <cstdint>

namespace blendd::daemon {

struct RecorderCounters {
  std::uint64_t recorded = 0;  // WAVs written
  std::uint64_t failed = 0;    // captures that did not become a WAV
  std::uint64_t expired = 0;   // deleted after their retention
  bool disk_full = false;      // below the free-space floor: no new recording
  std::uint64_t free_mb = 0;   // on the recordings' file system, at the last check
  std::size_t converting = 0;  // captures waiting for the converter
};

}  // namespace blendd::daemon
