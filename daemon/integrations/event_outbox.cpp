#include "daemon/integrations/event_outbox.hpp"

#include "log/log.hpp"

#include "queue/redis_client.hpp"

namespace blendd::daemon {

EventOutbox::EventOutbox(queue::RedisClient& redis, std::size_t max_events, std::size_t max_pending)
    : redis_(redis), max_pending_(max_pending) {
  state_->max_events = max_events;
}

void EventOutbox::observe_appended(std::function<void()> appended) {
  state_->appended = std::move(appended);
}

void EventOutbox::set_max_events(std::size_t max_events) {
  state_->max_events = max_events;
}

void EventOutbox::trim_older_than(std::int64_t min_ms) {
  redis_.command({"XTRIM", kStream, "MINID", "~", std::to_string(min_ms)}, [](queue::RedisReply r) {
    if (!r.ok()) log::warn("events: trimming the stream by age: {}", r.error.message());
  });
}

void EventOutbox::append(CtiEvent e) {
  if (!e.call.empty()) {
    auto [it, fresh] = seq_.try_emplace(e.call, 0);
    e.seq = ++it->second;
    if (fresh) order_.push_back(e.call);
    if (e.last) seq_.erase(it);  // its numbering ends with it
    // A call whose last event never came (a result never registered) is forgotten in time:
    // 50,000 calls later.
    while (order_.size() > kNumbered) {
      seq_.erase(order_.front());
      order_.pop_front();
    }
  }
  State& s = *state_;
  if (s.queue.size() >= max_pending_ && s.queue.size() > (s.in_flight ? 1u : 0u)) {
    // The oldest waiting (not the one on its way): Redis has been away for long.
    s.queue.erase(s.queue.begin() + (s.in_flight ? 1 : 0));
    ++s.counters.dropped;
    if (s.counters.dropped == 1 || s.counters.dropped % 1000 == 0)
      log::error("events: {} dropped while Redis was away (outbox full)", s.counters.dropped);
  }
  s.queue.push_back(std::move(e));
  send_next(redis_, state_);
}

void EventOutbox::retry_unwritten() {
  state_->stalled = false;
  send_next(redis_, state_);
}

EventOutbox::Counters EventOutbox::counters() const {
  Counters c = state_->counters;
  c.pending = state_->queue.size();
  return c;
}

void EventOutbox::send_next(queue::RedisClient& redis, const std::shared_ptr<State>& state) {
  State& s = *state;
  if (s.in_flight || s.stalled || s.queue.empty()) return;
  s.in_flight = true;
  const CtiEvent& e = s.queue.front();
  redis.command(
      {"XADD", kStream, "MAXLEN", "~", std::to_string(s.max_events), "*", "type", e.type, "at_ms",
       std::to_string(e.at_ms), "call", e.call, "seq", std::to_string(e.seq), "data", e.data},
      [&redis, state](queue::RedisReply r) {
        State& s = *state;
        s.in_flight = false;
        if (!r.ok()) {
          if (!s.stalled) log::warn("events: not stored in Redis yet: {}", r.error.message());
          s.stalled = true;  // in order: nothing overtakes it
          return;
        }
        if (!s.queue.empty()) s.queue.pop_front();
        ++s.counters.appended;
        if (s.appended) s.appended();
        send_next(redis, state);
      });
}

}  // namespace blendd::daemon
