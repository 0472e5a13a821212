#pragma once
// The core's wake-up: one system-clock timer re-armed to the core's next deadline after every
// event, or cancelled when it has none. Re-arming to the time already armed is free.
#include <boost/asio/io_context.hpp>
#include <boost/asio/system_timer.hpp>
#include <functional>
#include <memory>
#include <optional>

#include "policy/time.hpp"

namespace blendd::daemon {

class WakeTimer {
 public:
  WakeTimer(boost::asio::io_context& io, std::function<void()> fire);
  ~WakeTimer();
  void wake_at(std::optional<policy::TimePoint> at);
  void cancel() { wake_at(std::nullopt); }

 private:
  boost::asio::system_timer timer_;
  std::function<void()> fire_;
  std::optional<policy::TimePoint> armed_;
  // Handlers check it: a wait that completes after this object is gone does nothing.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace blendd::daemon
