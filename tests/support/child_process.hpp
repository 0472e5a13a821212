#pragma once
// Runs a real program for a test: its output goes to a log file the test can read.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace blendd::test {

class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> argv, std::string log_file);
  ~ChildProcess();  // SIGKILLs a child still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int signo) const;
  // Waits for the exit; returns the exit code (128+signal when killed), or nothing on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  std::string log() const;

 private:
  pid_t pid_ = -1;
  std::string log_file_;
};

// True when a process with this pid exists (and is not a zombie).
bool process_alive(pid_t pid);
// Pids of processes whose command line contains needle.
std::vector<pid_t> find_processes(const std::string& needle);
// Runs a shell command (redis-cli ...) and returns its standard output, trailing newlines cut.
std::string command_output(const std::string& command);

// Polls pred every 10 ms until it holds or timeout passes.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout);

}  // namespace blendd::test

#include <thread>
template <class Pred>
bool blendd::test::eventually(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}
