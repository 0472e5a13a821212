#pragma once
// A private redis-server for a blendd that has no Redis URL configured: unix socket only (no TCP
// port), AOF on, in its own process group so a terminal's Ctrl-C reaches blendd first, and tied
// to blendd's life with PR_SET_PDEATHSIG so it never outlives a killed blendd.
#include <chrono>
#include <string>

#include "os/supervised_child.hpp"

namespace blendd::queue {

// Whether a server listens on this unix socket now (a connect that succeeds).
bool unix_socket_accepts(const std::string& path);

class EmbeddedRedis {
 public:
  struct Options {
    std::string server_binary = "redis-server";
    std::string dir;  // data and socket live here; created if missing
    std::chrono::milliseconds start_timeout{5000};
  };

  explicit EmbeddedRedis(Options options);
  ~EmbeddedRedis();
  EmbeddedRedis(const EmbeddedRedis&) = delete;
  EmbeddedRedis& operator=(const EmbeddedRedis&) = delete;

  // Starts the server and waits until its socket accepts connections. Start-up only: it blocks.
  // Returns an empty string on success, else why it failed.
  std::string start();
  // SIGTERM, wait up to timeout (redis flushes its AOF), then SIGKILL. Safe to call twice.
  void stop(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  // Reaps the child if it died; returns true while it is running.
  bool running();

  pid_t pid() const { return child_.pid(); }
  std::string socket_path() const { return options_.dir + "/redis.sock"; }
  std::string url() const { return "unix://" + socket_path(); }

 private:
  Options options_;
  os::SupervisedChild child_;
};

}  // namespace blendd::queue
