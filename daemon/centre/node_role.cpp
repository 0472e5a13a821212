#include "daemon/centre/node_role.hpp"

#include "log/log.hpp"

namespace blendd::daemon {

namespace {
constexpr auto kStep = std::chrono::milliseconds(100);  // the fence is checked this often
}  // namespace

NodeRole::NodeRole(boost::asio::io_context& io, queue::RedisClient& redis, std::string node,
                   std::string url, std::chrono::milliseconds lease, Changed changed,
                   OtherHolder other_holder)
    : url_(url),
      lease_(redis, "centre", std::move(node), lease, std::move(url)),
      leader_(policy::LeaseSettings::for_lease(lease)),
      timer_(io),
      changed_(std::move(changed)),
      other_holder_(std::move(other_holder)) {}

policy::TimePoint NodeRole::now() const {
  // The monotonic clock: a lease is reckoned in elapsed time, never wall time.
  return policy::TimePoint(std::chrono::duration_cast<policy::Duration>(
      std::chrono::steady_clock::now().time_since_epoch()));
}

void NodeRole::start(bool private_store) {
  take_over_ = private_store;
  step();
}

void NodeRole::stop() {
  stopped_ = true;
  timer_.cancel();
  if (!leader_.may_act(now())) return;
  lease_.release([node = lease_.node()](std::error_code ec) {
    if (ec) log::warn("node: lease of {} not handed back: {}", node, ec.message());
  });
}

bool NodeRole::active() const {
  return leader_.may_act(now());
}

std::optional<std::chrono::steady_clock::time_point> NodeRole::acting_until() const {
  const auto until = leader_.fenced_at();
  if (!until || !active()) return std::nullopt;
  return std::chrono::steady_clock::time_point(
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(until->time_since_epoch()));
}

NodeRoleView NodeRole::view() const {
  const auto t = now();
  NodeRoleView v;
  v.node = lease_.node();
  v.role = leader_.role(t);
  v.epoch = leader_.epoch();
  const bool active = v.role == policy::NodeRole::active;
  v.active_node = active ? lease_.node() : leader_.holder();
  v.url = url_;
  v.active_url = active ? url_ : leader_.holder_url();
  v.takeovers = leader_.takeovers();
  return v;
}

void NodeRole::step() {
  if (stopped_) return;
  const auto t = now();
  if (t >= leader_.next_request(t) && leader_.request_sent(t)) {
    const bool take_over = take_over_;
    lease_.acquire_or_renew(lifetime_.guard([this](std::error_code ec, policy::LeaseAnswer a) {
      if (!ec) take_over_ = false;
      if (ec) {
        leader_.unanswered(now());
      } else {
        if (!a.granted && was_active_) {
          log::warn("node: lease taken over by {} (epoch {}); this node stops", a.holder, a.epoch);
        }
        leader_.answered(a, now());
        if (a.granted) {
          last_holder_.clear();
        } else if (a.holder != last_holder_) {
          last_holder_ = a.holder;
          if (other_holder_) other_holder_(a.holder, a.holder_url);
        }
      }
      step();  // a change is told at once, not at the next tick
    }),
                            take_over);
  }
  const bool active_now = leader_.may_act(t);
  if (active_now != was_active_) {
    was_active_ = active_now;
    if (active_now) {
      log::info("node: {} is the active node (epoch {})", lease_.node(), leader_.epoch());
    } else {
      log::warn("node: {} is a standby now (its lease may have run out)", lease_.node());
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
