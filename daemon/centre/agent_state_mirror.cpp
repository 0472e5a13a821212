#include "daemon/centre/agent_state_mirror.hpp"

#include "log/log.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/centre/lifetime.hpp"
#include "queue/redis_client.hpp"

namespace blendd::daemon {

class AgentStateMirror::Impl {
 public:
  Impl(boost::asio::io_context& io, queue::RedisClient& redis) : redis_(redis), timer_(io) {
    arm();
  }

  void changed(const policy::AgentStateChanged& c, std::int64_t now_ms) {
    if (c.state == policy::AgentState::logged_out) {
      values_.erase(c.agent);
      send({"DEL", key(c.agent)}, [](queue::RedisReply) {});
      return;
    }
    std::string value = std::string(policy::to_string(c.state)) + '\x1f' + std::to_string(now_ms) +
                        '\x1f' + c.reason;
    write(c.agent, value);
    values_[c.agent] = std::move(value);
  }

  void stop() { timer_.cancel(); }

 private:
  void write(const std::string& agent, const std::string& value) {
    send({"SET", key(agent), value, "PX", std::to_string(kLease.count() * 1000)},
         [agent](queue::RedisReply r) {
           if (!r.ok()) log::debug("agents: state of {} not mirrored", agent);
         });
  }

  void send(std::vector<std::string> argv, queue::RedisCallback done) {
    if (writer_) return writer_(std::move(argv), std::move(done));
    redis_.command(std::move(argv), std::move(done));
  }

 public:
  queue::RedisWriter writer_;  // set by AgentStateMirror::write_with

 private:
  void arm() {
    timer_.expires_after(kRefresh);
    timer_.async_wait(lifetime_.guard([this](const boost::system::error_code& ec) {
      if (ec) return;
      for (const auto& [agent, value] : values_) write(agent, value);
      arm();
    }));
  }

  queue::RedisClient& redis_;
  boost::asio::steady_timer timer_;
  std::map<std::string, std::string> values_;
  Lifetime lifetime_;  // last: a refresh due after the mirror is gone does nothing
};

AgentStateMirror::AgentStateMirror(boost::asio::io_context& io, queue::RedisClient& redis)
    : impl_(std::make_unique<Impl>(io, redis)) {}
AgentStateMirror::~AgentStateMirror() = default;
void AgentStateMirror::write_with(queue::RedisWriter writer) {
  impl_->writer_ = std::move(writer);
}
void AgentStateMirror::changed(const policy::AgentStateChanged& change, std::int64_t now_ms) {
  impl_->changed(change, now_ms);
}
void AgentStateMirror::stop() {
  impl_->stop();
}

}  // namespace blendd::daemon
