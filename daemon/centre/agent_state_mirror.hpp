#pragma once
// Mirrors every agent's state into Redis with a lease: `agent:<id>` = "state␟since_ms␟reason",
// expiring after 30 s unless refreshed (every 10 s while blendd runs). Dashboards and other
// tools read it; if blendd dies, no agent is left shown "idle" or "on call" for long.
#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "policy/actions.hpp"
#include "queue/redis_types.hpp"

namespace boost::asio {
class io_context;
}

namespace blendd::queue {
class RedisClient;
}

namespace blendd::daemon {

class AgentStateMirror {
 public:
  static constexpr std::chrono::seconds kLease{30};
  static constexpr std::chrono::seconds kRefresh{10};

  AgentStateMirror(boost::asio::io_context& io, queue::RedisClient& redis);
  ~AgentStateMirror();
  void changed(const policy::AgentStateChanged& change, std::int64_t now_ms);
  void stop();
  // Writes go through `writer` (the node's fenced writes): a woken node's stale agent states
  // cannot overwrite the active node's.
  void write_with(queue::RedisWriter writer);

  static std::string key(const std::string& agent) { return "agent:" + agent; }

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace blendd::daemon
