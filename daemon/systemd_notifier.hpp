#pragma once
// Talks to systemd (Type=notify): readiness, reload, stop and watchdog pings.
// Every call is a no-op when blendd does not run under systemd.
#include <chrono>
#include <optional>
#include <string>

namespace blendd::daemon {

class SystemdNotifier {
 public:
  void ready(const std::string& status);
  void reloading();
  void stopping();
  void watchdog();
  void status(const std::string& text);
  // How often to ping: half the WatchdogSec systemd asked for; empty when there is no watchdog.
  std::optional<std::chrono::microseconds> watchdog_interval() const;
};

}  // namespace blendd::daemon
