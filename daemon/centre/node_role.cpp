#include "daemon/centre/node_role.hpp"

#include <spdlog/spdlog.h>

namespace blendd::daemon {

namespace {
constexpr auto kStep = std::chrono::milliseconds(100);  // the fence is checked this often
const policy::LeaseSettings kSettings{};
}  // namespace

NodeRole::NodeRole(boost::asio::io_context& io, queue::RedisClient& redis, std::string node,
                   Changed changed)
    : lease_(redis, "centre", std::move(node),
             std::chrono::duration_cast<std::chrono::milliseconds>(kSettings.lease)),
      leader_(kSettings),
      timer_(io),
      changed_(std::move(changed)) {}

policy::TimePoint NodeRole::now() const {
  // The monotonic clock: a lease is reckoned in elapsed time, never wall time.
  return policy::TimePoint(std::chrono::duration_cast<policy::Duration>(
      std::chrono::steady_clock::now().time_since_epoch()));
}

void NodeRole::start() {
  step();
}

void NodeRole::stop() {
  stopped_ = true;
  timer_.cancel();
  if (!leader_.may_act(now())) return;
  lease_.release([node = lease_.node()](std::error_code ec) {
    if (ec) spdlog::warn("node: lease of {} not handed back: {}", node, ec.message());
  });
}

bool NodeRole::active() const {
  return leader_.may_act(now());
}

NodeRoleView NodeRole::view() const {
  const auto t = now();
  NodeRoleView v;
  v.node = lease_.node();
  v.role = leader_.role(t);
  v.epoch = leader_.epoch();
  v.active_node = v.role == policy::NodeRole::active ? lease_.node() : leader_.holder();
  v.takeovers = leader_.takeovers();
  return v;
}

void NodeRole::step() {
  if (stopped_) return;
  const auto t = now();
  if (t >= leader_.next_request(t) && leader_.request_sent(t)) {
    lease_.acquire_or_renew(lifetime_.guard([this](std::error_code ec, policy::LeaseAnswer a) {
      if (ec) {
        leader_.unanswered(now());
      } else {
        if (!a.granted && was_active_) {
          spdlog::warn("node: lease taken over by {} (epoch {}); this node stops", a.holder,
                       a.epoch);
        }
        leader_.answered(a, now());
      }
      step();  // a change is told at once, not at the next tick
    }));
  }
  const bool active_now = leader_.may_act(t);
  if (active_now != was_active_) {
    was_active_ = active_now;
    if (active_now) {
      spdlog::info("node: {} is the active node (epoch {})", lease_.node(), leader_.epoch());
    } else {
      spdlog::warn("node: {} is a standby now (its lease may have run out)", lease_.node());
    }
    if (changed_) changed_(active_now, leader_.epoch());
  }
  arm();
}

void NodeRole::arm() {
  timer_.expires_after(kStep);
  timer_.async_wait(lifetime_.guard([this](const boost::system::error_code& ec) {
    if (!ec) step();
  }));
}

}  // namespace blendd::daemon
