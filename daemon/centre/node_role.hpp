#pragma once
// This node's part of a pair (or more) on one Redis: it asks for the centre's lease every
// second as the active node (every half second as a standby), decides with policy::Leadership
// and tells its owner at once when it becomes active or must stop — by its own monotonic clock,
// so a node paused past its lease stops on waking, before any answer. Store writes carry the
// epoch it was granted (TargetStore::fence_with).
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "daemon/centre/lifetime.hpp"
#include "daemon/centre/node_role_view.hpp"
#include "policy/leadership.hpp"
#include "queue/node_lease.hpp"

namespace blendd::daemon {

class NodeRole {
 public:
  // Called when this node becomes active (with its epoch) or stops being so.
  using Changed = std::function<void(bool active, std::uint64_t epoch)>;
  // Called when the store says another node holds the lease (each new holder once).
  using OtherHolder = std::function<void(const std::string& node, const std::string& url)>;
  // `url`: where desks and API clients reach this node (kept with the lease for the standbys).
  NodeRole(boost::asio::io_context& io, queue::RedisClient& redis, std::string node,
           std::string url, std::chrono::milliseconds lease, Changed changed,
           OtherHolder other_holder);

  // `private_store`: the store is blendd's own embedded Redis, which no other node reaches; a
  // lease found there belongs to this node's crashed predecessor and is taken at once.
  void start(bool private_store = false);
  // A clean stop hands the lease back (after the writes queued before it).
  void stop();
  bool active() const;
  // While active: when acting stops unless the lease is renewed (the monotonic clock).
  std::optional<std::chrono::steady_clock::time_point> acting_until() const;
  NodeRoleView view() const;

 private:
  void step();
  void arm();
  policy::TimePoint now() const;

  std::string url_;
  queue::NodeLease lease_;
  policy::Leadership leader_;
  boost::asio::steady_timer timer_;
  Changed changed_;
  OtherHolder other_holder_;
  std::string last_holder_;  // the other node the store named last
  bool was_active_ = false;
  bool take_over_ = false;  // the next request takes the lease whoever holds it
  bool stopped_ = false;
  Lifetime lifetime_;  // last: answers after the stop do nothing
};

}  // namespace blendd::daemon
