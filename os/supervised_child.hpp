#pragma once
// A helper process blendd runs itself (the private redis-server, the private rtpengine): forked
// into its own process group, so a terminal's Ctrl-C reaches blendd first and blendd stops it in
// order, and tied to blendd's life with PR_SET_PDEATHSIG, so it never outlives a killed blendd.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace blendd::os {

class SupervisedChild {
 public:
  SupervisedChild() = default;
  ~SupervisedChild();
  SupervisedChild(const SupervisedChild&) = delete;
  SupervisedChild& operator=(const SupervisedChild&) = delete;

  // Forks and execs argv (stderr to `stderr_file` if given); an empty string or why not.
  std::string spawn(const std::vector<std::string>& argv, const std::string& stderr_file = {});
  // Reaps the child if it has exited: its wait status, else nothing (still running or none).
  std::optional<int> reap();
  bool running();
  // SIGTERM, wait up to timeout, then SIGKILL. Safe to call twice.
  void stop(std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }

  // exec failed in the child (the program is not installed).
  static bool could_not_run(int wait_status);

 private:
  pid_t pid_ = -1;
};

}  // namespace blendd::os
