#include "queue/embedded_redis.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

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
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t parent = ::getpid();
  pid_t child = ::fork();
  if (child < 0) return std::string("fork failed: ") + std::strerror(errno);
  if (child == 0) {
    // Dies with blendd however blendd ends; its own group keeps terminal signals away.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(1);
    ::setpgid(0, 0);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  pid_ = child;

  const auto deadline = std::chrono::steady_clock::now() + options_.start_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (unix_socket_accepts(sock)) return {};
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
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
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

void EmbeddedRedis::stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace blendd::queue
