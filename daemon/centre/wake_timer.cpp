#include "daemon/centre/wake_timer.hpp"

namespace blendd::daemon {

WakeTimer::WakeTimer(boost::asio::io_context& io, std::function<void()> fire)
    : timer_(io), fire_(std::move(fire)) {}

WakeTimer::~WakeTimer() {
  *alive_ = false;
  timer_.cancel();
}

void WakeTimer::wake_at(std::optional<policy::TimePoint> at) {
  if (!at) {
    timer_.cancel();
    armed_.reset();  // else re-arming to the same time later would be skipped and the wake lost
    return;
  }
  if (armed_ && *armed_ == *at) return;
  armed_ = at;
  timer_.expires_at(std::chrono::time_point_cast<std::chrono::system_clock::duration>(*at));
  timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
    if (ec || !*alive) return;
    armed_.reset();
    if (fire_) fire_();
  });
}

}  // namespace blendd::daemon
