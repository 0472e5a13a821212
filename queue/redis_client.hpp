#pragma once
// An asynchronous Redis client: hiredis driven by an Asio io_context, with reconnect and backoff,
// and a deadline on every command (hiredis 0.14 has none of its own).
// All methods and callbacks run on the io_context's thread; callbacks are always posted, never
// called from inside command().
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "queue/redis_types.hpp"

namespace boost::asio {
class io_context;
}

namespace blendd::queue {

class RedisClient {
 public:
  struct Options {
    RedisEndpoint endpoint;
    std::chrono::milliseconds command_timeout{500};
    std::chrono::milliseconds reconnect_min{50};
    std::chrono::milliseconds reconnect_max{2000};
    std::size_t max_waiting = 100000;  // commands held while disconnected
    // Asked before every connect where to connect (Redis Sentinel: the current master); the
    // answer replaces `endpoint`. None: try again after the back-off. Unset: `endpoint`.
    std::function<void(std::function<void(std::optional<RedisEndpoint>)>)> locate;
  };

  RedisClient(boost::asio::io_context& io, Options options);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  void start();
  // Fails every pending command with shutting_down and closes the connection.
  void stop();

  // argv is sent as binary-safe arguments (never formatted into a command string).
  // While disconnected the command waits for the connection until its deadline.
  void command(std::vector<std::string> argv, RedisCallback callback);

  bool connected() const;
  // Where it is (or was last) connected; with `locate`, the master it was told of.
  std::string endpoint() const;
  std::size_t in_flight() const;
  std::uint64_t reconnects() const;
  // Connections dropped because the server, though connected, stopped answering.
  std::uint64_t dropped_unanswering() const;
  // Called with true on every (re)connect and false on every loss.
  void on_connection_change(std::function<void(bool)> callback);

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace blendd::queue
