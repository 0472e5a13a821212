#pragma once
// A real redis-server for a test, on a unix socket in a temp directory (no TCP port).
#include <memory>
#include <string>

#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace blendd::test {

class RedisServerProcess {
 public:
  RedisServerProcess();
  void start();
  void kill();     // SIGKILL: the connection breaks as in a crash
  void restart();  // kill + start on the same socket
  void pause();    // SIGSTOP: the socket stays open, nothing answers
  void resume();   // SIGCONT
  std::string socket_path() const { return dir_.file("redis.sock"); }
  std::string url() const { return "unix://" + socket_path(); }

 private:
  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace blendd::test
