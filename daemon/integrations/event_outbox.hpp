#pragma once
// The durable outbox of CTI events: each is appended to the Redis stream `events` (its stream id
// is the event's id; the stream keeps the newest `max_events`) in the order it happened — one
// XADD in flight at a time, so a refused one cannot be overtaken. Events Redis does not take
// (away, loading) wait here, at most `max_pending` (then the oldest are dropped and counted), and
// go again in order when it answers. Webhooks and the event stream read the stream, never this.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "daemon/integrations/cti_event.hpp"

namespace blendd::queue {
class RedisClient;
}

namespace blendd::daemon {

class EventOutbox {
 public:
  static constexpr const char* kStream = "events";

  EventOutbox(queue::RedisClient& redis, std::size_t max_events, std::size_t max_pending);
  // Numbers the call's events (seq) and queues it for the stream.
  void append(CtiEvent e);
  // Redis answers again: what waited goes now.
  void retry_unwritten();
  // Each event the stream took is told here (webhooks deliver at once instead of polling).
  void observe_appended(std::function<void()> appended);
  // The stream's bounds: at most `max_events`; trim_older_than drops those before `min_ms`.
  void set_max_events(std::size_t max_events);
  void trim_older_than(std::int64_t min_ms);

  struct Counters {
    std::uint64_t appended = 0;  // in the stream
    std::uint64_t pending = 0;   // waiting for Redis
    std::uint64_t dropped = 0;   // past max_pending while Redis was away
  };
  Counters counters() const;

 private:
  struct State {
    std::deque<CtiEvent> queue;
    bool in_flight = false;
    bool stalled = false;  // the last XADD failed: nothing goes until retry_unwritten
    Counters counters;
    std::size_t max_events = 0;
    std::function<void()> appended;
  };
  static void send_next(queue::RedisClient& redis, const std::shared_ptr<State>& state);

  queue::RedisClient& redis_;
  std::size_t max_pending_;
  static constexpr std::size_t kNumbered = 50000;  // calls whose numbering is kept at most
  std::map<std::string, int> seq_;
  std::deque<std::string> order_;  // the calls numbered, oldest first
  // Shared with the replies in flight, which never touch `this`.
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace blendd::daemon
