#include "os/supervised_child.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>

namespace blendd::os {

SupervisedChild::~SupervisedChild() {
  stop(std::chrono::milliseconds(3000));
}

std::string SupervisedChild::spawn(const std::vector<std::string>& args,
                                   const std::string& stderr_file) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  if (child < 0) return std::string("fork failed: ") + std::strerror(errno);
  if (child == 0) {
    // Dies with blendd however blendd ends; its own group keeps terminal signals away.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(1);
    ::setpgid(0, 0);
    if (!stderr_file.empty() && std::freopen(stderr_file.c_str(), "a", stderr) == nullptr) {
      ::_exit(126);
    }
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  pid_ = child;
  return {};
}

std::optional<int> SupervisedChild::reap() {
  if (pid_ <= 0) return std::nullopt;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) != pid_) return std::nullopt;
  pid_ = -1;
  return status;
}

bool SupervisedChild::running() {
  if (pid_ <= 0) return false;
  return !reap().has_value();
}

bool SupervisedChild::could_not_run(int wait_status) {
  return WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 127;
}

void SupervisedChild::stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
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

}  // namespace blendd::os
