#pragma once
// Asks Redis Sentinel where the master named `master_name` is: each sentinel in turn, the first
// that answers wins (SENTINEL get-master-addr-by-name). RedisClient calls it before every
// connect, so after a lost connection it follows a Sentinel failover to the promoted replica.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "queue/redis_types.hpp"

namespace blendd::queue {

class SentinelLocator {
 public:
  using Located = std::function<void(std::optional<RedisEndpoint> master, std::string why_not)>;
  SentinelLocator(boost::asio::io_context& io, std::vector<RedisEndpoint> sentinels,
                  std::string master_name, std::chrono::milliseconds timeout);

  // Answers once (on the event loop): the master's address, or none with the reasons.
  void locate(Located done);

 private:
  struct Setup {
    boost::asio::io_context& io;
    std::vector<RedisEndpoint> sentinels;
    std::string master_name;
    std::chrono::milliseconds timeout;
  };
  // Shared with the questions in flight: an answer after the locator is gone touches only this.
  static void ask(std::shared_ptr<const Setup> setup, std::size_t index, std::string reasons,
                  Located done);

  std::shared_ptr<const Setup> setup_;
};

}  // namespace blendd::queue
