#pragma once
// One webhook's deliveries (docs/events.md): the events of the Redis stream after its cursor,
// those it wants, one POST at a time in the stream's order — so in order per call — each signed
// and retried by DeliveryPolicy until delivered or dead-lettered; only then does the cursor move.
// The cursor, the dead letters and the replays live in Redis ({w:<id>}:cursor, :dead, :replay),
// written fenced by the node's lease: a restart or a takeover goes on where the last left off,
// and a node that lost the lease moves nothing. Nothing is held in memory but one batch.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "config/blendd_config.hpp"
#include "queue/redis_types.hpp"

namespace boost::asio {
class io_context;
}

namespace blendd::queue {
class RedisClient;
}

namespace blendd::daemon {

struct WebhookStatus {
  std::string id;
  std::string url;
  std::string state;   // standby, starting, caught_up, delivering, retrying, store_unavailable
  std::string cursor;  // the last event delivered, dead-lettered or not wanted
  std::uint64_t delivered = 0;
  std::uint64_t failed_attempts = 0;
  std::uint64_t dead_lettered = 0;
  std::uint64_t replayed = 0;   // dead letters delivered again
  std::uint64_t gaps = 0;       // times the stream had dropped events the cursor had not reached
  std::int64_t backlog_ms = 0;  // the age of the event waiting at the front (0: none waits)
  int attempt = 0;              // of that event so far
  std::int64_t next_attempt_at_ms = 0;
  int last_status = 0;
  std::string last_error;
  std::int64_t last_delivered_at_ms = 0;
  double delivery_p50_ms = 0;  // event to delivery, the last 1,000 delivered
  double delivery_p99_ms = 0;
};

class WebhookDispatcher {
 public:
  struct Clock {
    std::function<std::int64_t()> now_ms;  // wall clock: events carry at_ms
    std::function<double()> uniform01;     // the jitter's draw
  };
  WebhookDispatcher(boost::asio::io_context& io, queue::RedisClient& redis,
                    queue::RedisWriter fenced, config::WebhookConfig cfg, Clock clock);
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  void set_active(bool active);  // only the active node delivers
  void wake();                   // events were appended
  void replays_waiting();        // dead letters were queued for replay
  WebhookStatus status() const;
  const config::WebhookConfig& config() const;

  static std::string cursor_key(const std::string& id) { return "{w:" + id + "}:cursor"; }
  static std::string dead_key(const std::string& id) { return "{w:" + id + "}:dead"; }
  static std::string replay_key(const std::string& id) { return "{w:" + id + "}:replay"; }
  static constexpr long kDeadKept = 10000;  // the newest dead letters kept per webhook

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace blendd::daemon
