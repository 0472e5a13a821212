#include "tests/support/redis_server_process.hpp"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "queue/embedded_redis.hpp"

namespace blendd::test {

RedisServerProcess::RedisServerProcess() {
  start();
}

void RedisServerProcess::start() {
  std::error_code ec;
  std::filesystem::remove(socket_path(), ec);
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"redis-server", "--port", "0", "--unixsocket", socket_path(),
                               "--save", "", "--appendonly", "no", "--dir", dir_.path()},
      dir_.file("redis.log"));
  if (!eventually([&] { return queue::unix_socket_accepts(socket_path()); },
                  std::chrono::seconds(5))) {
    throw std::runtime_error("redis-server did not start: " + process_->log());
  }
}

void RedisServerProcess::kill() {
  process_.reset();  // SIGKILL (also ends a stopped process, without letting it answer) and reap
}

void RedisServerProcess::restart() {
  kill();
  start();
}

void RedisServerProcess::pause() {
  process_->signal(SIGSTOP);
}
void RedisServerProcess::resume() {
  process_->signal(SIGCONT);
}

}  // namespace blendd::test
