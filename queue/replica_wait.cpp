#include "queue/replica_wait.hpp"

#include <algorithm>

namespace blendd::queue {

ReplicaWait::ReplicaWait(RedisClient& redis, int replicas, std::chrono::milliseconds timeout)
    : redis_(redis), replicas_(replicas), timeout_(timeout) {}

void ReplicaWait::after_write(std::function<void(bool confirmed)> done) {
  const auto sent = std::chrono::steady_clock::now();
  redis_.command({"WAIT", std::to_string(replicas_), std::to_string(timeout_.count())},
                 [state = state_, wanted = replicas_, sent, done = std::move(done)](RedisReply r) {
                   const double ms = std::chrono::duration<double, std::milli>(
                                         std::chrono::steady_clock::now() - sent)
                                         .count();
                   ++state->waits;
                   if (state->recent_ms.size() < kKept) {
                     state->recent_ms.push_back(ms);
                   } else {
                     state->recent_ms[state->next] = ms;
                     state->next = (state->next + 1) % kKept;
                   }
                   const bool confirmed = r.ok() && r.value.integer >= wanted;
                   if (!confirmed) ++state->short_waits;
                   done(confirmed);
                 });
}

ReplicaWait::Figures ReplicaWait::figures() const {
  Figures f;
  f.waits = state_->waits;
  f.short_waits = state_->short_waits;
  std::vector<double> v = state_->recent_ms;
  if (v.empty()) return f;
  std::sort(v.begin(), v.end());
  auto at = [&v](double q) {
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * v.size()))];
  };
  f.p50_ms = at(0.5);
  f.p99_ms = at(0.99);
  f.max_ms = v.back();
  return f;
}

}  // namespace blendd::queue
