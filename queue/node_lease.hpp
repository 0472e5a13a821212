#pragma once
// The lease that makes one node of several on one Redis the active one (policy::Leadership
// decides with its answers). `lease:<resource>` is a hash {node, epoch} that expires unless its
// holder renews it; `lease:<resource>:epoch` counts takeovers and never expires, so every grant
// to a new holder has a larger epoch than any before it — the fencing token store writes carry.
// The holder's URL is kept with it (where desks and API clients should go). A resource is the
// whole centre today ("centre"); groups spread over several actives would
// each be one.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include "policy/leadership.hpp"
#include "queue/redis_client.hpp"
#include "queue/script_runner.hpp"

namespace blendd::queue {

class NodeLease {
 public:
  NodeLease(RedisClient& redis, std::string resource, std::string node,
            std::chrono::milliseconds lease, std::string url = {});

  static std::string key(const std::string& resource) { return "lease:" + resource; }

  // Acquires the lease if nobody holds it (a new epoch) or renews it if this node does;
  // otherwise answers who holds it. An error: Redis did not answer (nothing is known).
  // `take_over`: granted whoever holds it (a new epoch) — only for a store no other node can
  // reach (blendd's private embedded Redis), where a holder is this node's dead predecessor.
  void acquire_or_renew(std::function<void(std::error_code, policy::LeaseAnswer)> done,
                        bool take_over = false);
  // A clean stop hands the lease back at once (only if this node still holds it), so a standby
  // need not wait for it to expire.
  void release(std::function<void(std::error_code)> done);

  const std::string& node() const { return node_; }

 private:
  std::string resource_;
  std::string node_;
  std::string url_;  // kept with the lease: a standby names it to desks and API clients
  std::chrono::milliseconds lease_;
  ScriptRunner acquire_;
  ScriptRunner release_;
};

}  // namespace blendd::queue
