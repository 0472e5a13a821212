#pragma once
// Runs one Lua script by EVALSHA, loading it on first use and again whenever Redis answers
// NOSCRIPT (a restarted Redis or SCRIPT FLUSH empties the cache): callers never see the miss.
#include <memory>
#include <string>
#include <vector>

#include "queue/redis_client.hpp"

namespace blendd::queue {

class ScriptRunner {
 public:
  ScriptRunner(RedisClient& redis, std::string source)
      : redis_(redis), source_(std::move(source)) {}
  void run(const std::vector<std::string>& keys, const std::vector<std::string>& args,
           RedisCallback done);
  std::uint64_t reloads() const { return reloads_; }

 private:
  void eval(const std::vector<std::string>& keys, const std::vector<std::string>& args,
            RedisCallback done);

  RedisClient& redis_;
  std::string source_;
  // Shared with the replies in flight, which may come after the runner is gone (its store
  // destroyed at shutdown): they hold it weakly and touch nothing else then.
  std::shared_ptr<std::string> sha_ = std::make_shared<std::string>();
  std::uint64_t reloads_ = 0;
};

}  // namespace blendd::queue
