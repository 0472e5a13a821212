#include "tests/support/redis_server_process.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace blendd::test {

namespace {
bool accepts(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}
}  // namespace

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
  if (!eventually([&] { return accepts(socket_path()); }, std::chrono::seconds(5))) {
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
