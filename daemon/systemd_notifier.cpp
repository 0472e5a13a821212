#include "daemon/systemd_notifier.hpp"

#include <systemd/sd-daemon.h>

namespace blendd::daemon {

void SystemdNotifier::ready(const std::string& status) {
  sd_notify(0, ("READY=1\nSTATUS=" + status).c_str());
}
void SystemdNotifier::reloading() {
  sd_notify(0, "RELOADING=1");
}
void SystemdNotifier::stopping() {
  sd_notify(0, "STOPPING=1");
}
void SystemdNotifier::watchdog() {
  sd_notify(0, "WATCHDOG=1");
}
void SystemdNotifier::status(const std::string& text) {
  sd_notify(0, ("STATUS=" + text).c_str());
}

std::optional<std::chrono::microseconds> SystemdNotifier::watchdog_interval() const {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec / 2);
}

}  // namespace blendd::daemon
