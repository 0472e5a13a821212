#pragma once
// WAIT after the writes that must survive a Redis master failover (results, attempt records,
// claims): the caller is told "done" once `replicas` replicas have everything this connection
// wrote, or the timeout passed — then the write stands on the master only, and that is counted
// (the daemon logs it), never hidden. Commands on the one connection queue behind a WAIT: its cost
// is measured (latency()) and shown in the metrics.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "queue/redis_client.hpp"

namespace blendd::queue {

class ReplicaWait {
 public:
  ReplicaWait(RedisClient& redis, int replicas, std::chrono::milliseconds timeout);

  // Runs `done` (with whether the replicas confirmed) after a WAIT for the writes sent so far.
  void after_write(std::function<void(bool confirmed)> done);

  struct Figures {
    std::uint64_t waits = 0;
    std::uint64_t short_waits = 0;  // fewer replicas than asked confirmed in time
    double p50_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;
  };
  Figures figures() const;
  int replicas() const { return replicas_; }

 private:
  struct State {
    std::uint64_t waits = 0;
    std::uint64_t short_waits = 0;
    std::vector<double> recent_ms;  // the last kKept WAIT round trips, a ring
    std::size_t next = 0;
  };
  static constexpr std::size_t kKept = 4096;

  RedisClient& redis_;
  int replicas_;
  std::chrono::milliseconds timeout_;
  // Shared with the replies in flight (they may come after the store is gone).
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace blendd::queue
