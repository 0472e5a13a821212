#pragma once
// The composition root: owns the io_context and every service, wires them, and runs the
// process lifecycle (start, SIGHUP reload, graceful stop, systemd notifications).
#include <memory>
#include <string>

#include "config/blendd_config.hpp"

namespace blendd::daemon {

class Daemon {
 public:
  Daemon(config::BlenddConfig config, std::string config_path);
  ~Daemon();
  // Runs until SIGTERM/SIGINT. Returns the process exit code (0 after a graceful stop).
  int run();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace blendd::daemon
