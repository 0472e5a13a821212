#include "queue/redis_client.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <csignal>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <map>
#include <optional>

#include "queue/hiredis_asio_adapter.hpp"

namespace blendd::queue {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kSweepInterval = std::chrono::milliseconds(20);

RedisValue to_value(const redisReply* r) {
  RedisValue v;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      v.type = RedisValue::Type::string;
      v.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      v.type = RedisValue::Type::status;
      v.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      v.type = RedisValue::Type::error;
      v.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      v.type = RedisValue::Type::integer;
      v.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      v.type = RedisValue::Type::array;
      v.elements.reserve(r->elements);
      for (std::size_t i = 0; i < r->elements; ++i) v.elements.push_back(to_value(r->element[i]));
      break;
    default:
      v.type = RedisValue::Type::nil;
  }
  return v;
}

}  // namespace

class RedisClient::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(boost::asio::io_context& io, Options options)
      : io_(io), options_(std::move(options)), reconnect_timer_(io), sweep_timer_(io) {}

  void start() {
    // hiredis writes with write(2): a write to a connection Redis just closed would raise
    // SIGPIPE and kill the whole process. The error is handled as a lost connection instead.
    ::signal(SIGPIPE, SIG_IGN);
    stopping_ = false;
    connect();
    arm_sweep();
  }

  void stop() {
    stopping_ = true;
    reconnect_timer_.cancel();
    sweep_timer_.cancel();
    if (ctx_ != nullptr) {
      redisAsyncContext* c = ctx_;
      ctx_ = nullptr;
      redisAsyncFree(c);  // fires every in-flight callback with a NULL reply
    }
    waiting_.clear();
    auto pending = std::move(pending_);
    pending_.clear();
    for (auto& [id, p] : pending) complete(std::move(p.callback), RedisErrc::shutting_down, {});
  }

  void command(std::vector<std::string> argv, RedisCallback cb) {
    if (stopping_) return complete(std::move(cb), RedisErrc::shutting_down, {});
    const std::uint64_t id = next_id_++;
    if (!connected_) {
      if (waiting_.size() >= options_.max_waiting) {
        return complete(std::move(cb), RedisErrc::queue_full, {});
      }
      pending_.emplace(id, Pending{Clock::now() + options_.command_timeout, std::move(cb)});
      waiting_.push_back(Waiting{id, std::move(argv)});
      return;
    }
    pending_.emplace(id, Pending{Clock::now() + options_.command_timeout, std::move(cb)});
    send(id, argv);
  }

  bool connected() const { return connected_; }
  std::string endpoint() const { return options_.endpoint.describe(); }
  std::size_t in_flight() const { return pending_.size(); }
  std::uint64_t reconnects() const { return reconnects_; }
  std::uint64_t dropped() const { return dropped_; }
  void set_listener(std::function<void(bool)> cb) { listener_ = std::move(cb); }

 private:
  struct Pending {
    Clock::time_point deadline;
    RedisCallback callback;
  };
  struct Waiting {
    std::uint64_t id;
    std::vector<std::string> argv;
  };

  void complete(RedisCallback cb, RedisErrc errc, RedisValue value) {
    if (!cb) return;
    RedisReply reply{errc == RedisErrc{} ? std::error_code{} : make_error_code(errc),
                     std::move(value)};
    boost::asio::post(
        io_, [cb = std::move(cb), reply = std::move(reply)]() mutable { cb(std::move(reply)); });
  }

  void send(std::uint64_t id, const std::vector<std::string>& argv) {
    std::vector<const char*> args;
    std::vector<std::size_t> lens;
    args.reserve(argv.size());
    lens.reserve(argv.size());
    for (const auto& a : argv) {
      args.push_back(a.data());
      lens.push_back(a.size());
    }
    int rc = redisAsyncCommandArgv(ctx_, &Impl::on_reply, reinterpret_cast<void*>(id),
                                   static_cast<int>(args.size()), args.data(), lens.data());
    if (rc != REDIS_OK) finish(id, RedisErrc::not_connected, {});
  }

  void finish(std::uint64_t id, RedisErrc errc, RedisValue value) {
    auto it = pending_.find(id);
    if (it == pending_.end()) return;  // deadline already passed and reported
    RedisCallback cb = std::move(it->second.callback);
    pending_.erase(it);
    complete(std::move(cb), errc, std::move(value));
  }

  static void on_reply(redisAsyncContext* c, void* r, void* privdata) {
    auto* self = static_cast<Impl*>(c->data);
    const auto id = reinterpret_cast<std::uint64_t>(privdata);
    if (r == nullptr) return self->finish(id, RedisErrc::connection_lost, {});
    self->stalled_since_.reset();  // the server answers
    RedisValue value = to_value(static_cast<redisReply*>(r));
    const bool is_error = value.type == RedisValue::Type::error;
    // A master demoted to a replica (Sentinel failed over while we stayed connected): leave it
    // and ask where the master is now. Not inside hiredis's callback: posted.
    if (is_error && self->options_.locate && value.str.rfind("READONLY", 0) == 0) {
      boost::asio::post(self->io_, [weak = self->weak_from_this()] {
        if (auto s = weak.lock()) s->drop_connection();
      });
    }
    self->finish(id, is_error ? RedisErrc::server_error : RedisErrc{}, std::move(value));
  }

  static void on_connect(const redisAsyncContext* c, int status) {
    auto* self = static_cast<Impl*>(c->data);
    if (status != REDIS_OK) {
      self->ctx_ = nullptr;  // hiredis frees the context after this callback
      self->schedule_reconnect();
      return;
    }
    self->connected_ = true;
    self->backoff_ = self->options_.reconnect_min;
    self->flush_waiting();
    if (self->listener_) self->listener_(true);
  }

  static void on_disconnect(const redisAsyncContext* c, int /*status*/) {
    auto* self = static_cast<Impl*>(c->data);
    const bool was_connected = self->connected_;
    self->ctx_ = nullptr;
    self->connected_ = false;
    if (was_connected && self->listener_ && !self->stopping_) self->listener_(false);
    if (!self->stopping_) self->schedule_reconnect();
  }

  void connect() {
    if (stopping_ || ctx_ != nullptr || locating_) return;
    if (!options_.locate) return connect_to_endpoint();
    locating_ = true;
    options_.locate([weak = weak_from_this()](std::optional<RedisEndpoint> where) {
      auto self = weak.lock();
      if (!self) return;
      self->locating_ = false;
      if (self->stopping_) return;
      if (!where) return self->schedule_reconnect();
      self->options_.endpoint = *where;
      self->connect_to_endpoint();
    });
  }

  void drop_connection() {
    if (ctx_ == nullptr || !connected_) return;
    ++dropped_;
    redisAsyncContext* c = ctx_;
    redisAsyncFree(c);  // fails what is pending on it; its disconnect callback reconnects
    if (ctx_ == c) {
      ctx_ = nullptr;
      connected_ = false;
      if (listener_) listener_(false);
      schedule_reconnect();
    }
  }

  void connect_to_endpoint() {
    if (stopping_ || ctx_ != nullptr) return;
    const auto& ep = options_.endpoint;
    redisAsyncContext* c = ep.unix_path.empty() ? redisAsyncConnect(ep.host.c_str(), ep.port)
                                                : redisAsyncConnectUnix(ep.unix_path.c_str());
    if (c == nullptr || c->err) {
      if (c != nullptr) redisAsyncFree(c);
      schedule_reconnect();
      return;
    }
    c->data = this;
    ctx_ = c;
    attach_to_asio(c, io_);
    redisAsyncSetConnectCallback(c, &Impl::on_connect);
    redisAsyncSetDisconnectCallback(c, &Impl::on_disconnect);
    connect_started_ = Clock::now();
  }

  void schedule_reconnect() {
    if (stopping_) return;
    ++reconnects_;
    reconnect_timer_.expires_after(backoff_);
    backoff_ = std::min(backoff_ * 2, options_.reconnect_max);
    reconnect_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      if (auto self = weak.lock(); self && !ec) self->connect();
    });
  }

  void flush_waiting() {
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& w : waiting) {
      if (pending_.count(w.id) == 0) continue;  // timed out while waiting
      if (!connected_ || ctx_ == nullptr) {
        waiting_.push_back(std::move(w));
        continue;
      }
      send(w.id, w.argv);
    }
  }

  void arm_sweep() {
    sweep_timer_.expires_after(kSweepInterval);
    sweep_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (!self || ec || self->stopping_) return;
      self->sweep();
      self->arm_sweep();
    });
  }

  // Commands are answered in order on one connection and share one timeout, so the oldest ids
  // expire first: stop at the first one still inside its deadline.
  void sweep() {
    const auto now = Clock::now();
    while (!pending_.empty() && pending_.begin()->second.deadline <= now) {
      const auto sent = pending_.begin()->second.deadline - options_.command_timeout;
      if (connected_ && (!stalled_since_ || sent < *stalled_since_)) stalled_since_ = sent;
      finish(pending_.begin()->first, RedisErrc::timeout, {});
    }
    // Connected, but nothing answered for three deadlines (a stopped or wedged server, a
    // half-open connection): drop it and connect again rather than wait on it for ever.
    if (connected_ && ctx_ != nullptr && stalled_since_ &&
        now - *stalled_since_ >= 3 * options_.command_timeout) {
      stalled_since_.reset();
      drop_connection();
    }
    // A connect that hangs (server stopped) is abandoned and retried.
    if (ctx_ != nullptr && !connected_ && now - connect_started_ > 4 * options_.command_timeout) {
      redisAsyncContext* c = ctx_;
      ctx_ = nullptr;
      redisAsyncFree(c);
      schedule_reconnect();
    }
  }

  boost::asio::io_context& io_;
  Options options_;
  boost::asio::steady_timer reconnect_timer_;
  boost::asio::steady_timer sweep_timer_;
  redisAsyncContext* ctx_ = nullptr;
  bool connected_ = false;
  bool stopping_ = false;
  bool locating_ = false;  // asking `locate` where to connect
  std::chrono::milliseconds backoff_{options_.reconnect_min};
  Clock::time_point connect_started_{};
  std::optional<Clock::time_point> stalled_since_;  // oldest command unanswered past its deadline
  std::uint64_t dropped_ = 0;  // connections dropped because the server stopped answering
  std::uint64_t next_id_ = 1;
  std::uint64_t reconnects_ = 0;
  std::map<std::uint64_t, Pending> pending_;
  std::deque<Waiting> waiting_;
  std::function<void(bool)> listener_;
};

RedisClient::RedisClient(boost::asio::io_context& io, Options options)
    : impl_(std::make_shared<Impl>(io, std::move(options))) {}
RedisClient::~RedisClient() {
  impl_->stop();
}
void RedisClient::start() {
  impl_->start();
}
void RedisClient::stop() {
  impl_->stop();
}
void RedisClient::command(std::vector<std::string> argv, RedisCallback callback) {
  impl_->command(std::move(argv), std::move(callback));
}
bool RedisClient::connected() const {
  return impl_->connected();
}
std::string RedisClient::endpoint() const {
  return impl_->endpoint();
}
std::size_t RedisClient::in_flight() const {
  return impl_->in_flight();
}
std::uint64_t RedisClient::dropped_unanswering() const {
  return impl_->dropped();
}
std::uint64_t RedisClient::reconnects() const {
  return impl_->reconnects();
}
void RedisClient::on_connection_change(std::function<void(bool)> callback) {
  impl_->set_listener(std::move(callback));
}

}  // namespace blendd::queue
