#include "queue/embedded_redis.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include "os/supervised_child.hpp"

namespace blendd::queue {

bool unix_socket_accepts(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

EmbeddedRedis::EmbeddedRedis(Options options) : options_(std::move(options)) {}

EmbeddedRedis::~EmbeddedRedis() {
  stop();
}

std::string EmbeddedRedis::start() {
  std::error_code ec;
  std::filesystem::create_directories(options_.dir, ec);
  if (ec) return "cannot create " + options_.dir + ": " + ec.message();
  const std::string sock = socket_path();
  if (sock.size() >= sizeof(sockaddr_un{}.sun_path)) {
    return "socket path " + sock + " is too long for a unix socket";
  }
  if (unix_socket_accepts(sock)) {
    return "another redis-server already serves " + sock + " (is a second blendd running?)";
  }
  std::filesystem::remove(sock, ec);

  std::vector<std::string> args = {options_.server_binary,
                                   "--port",
                                   "0",
                                   "--unixsocket",
                                   sock,
                                   "--unixsocketperm",
                                   "700",
                                   "--dir",
                                   options_.dir,
                                   "--appendonly",
                                   "yes",
                                   "--appendfsync",
                                   "everysec",
                                   "--save",
                                   "",
                                   "--daemonize",
                                   "no",
                                   "--logfile",
                                   options_.dir + "/redis.log"};
  if (std::string err = child_.spawn(args); !err.empty()) return err;

  const auto deadline = std::chrono::steady_clock::now() + options_.start_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (unix_socket_accepts(sock)) return {};
    if (auto status = child_.reap()) {
      if (os::SupervisedChild::could_not_run(*status)) {
        return "cannot run '" + options_.server_binary + "' (is redis-server installed?)";
      }
      return "redis-server exited at start; see " + options_.dir + "/redis.log";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop();
  return "redis-server did not accept connections on " + sock + " in time";
}

bool EmbeddedRedis::running() {
  return child_.running();
}

void EmbeddedRedis::stop(std::chrono::milliseconds timeout) {
  child_.stop(timeout);
}

}  // namespace blendd::queue
