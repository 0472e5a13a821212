// The core's wake-up timer on a real io_context: it fires at the deadline, a cancel really
// cancels, and re-arming to the time that was armed before a cancel is not lost.
#include <gtest/gtest.h>

#include "daemon/centre/wake_timer.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {
policy::TimePoint in(std::chrono::milliseconds d) {
  return std::chrono::time_point_cast<policy::Duration>(std::chrono::system_clock::now() + d);
}
}  // namespace

TEST(WakeTimer, FiresOnceAtTheDeadline) {
  boost::asio::io_context io;
  int fired = 0;
  daemon::WakeTimer t(io, [&] { ++fired; });
  t.wake_at(in(50ms));
  t.wake_at(in(50ms) + policy::seconds(10));  // re-armed later: the earlier one is gone
  t.wake_at(in(30ms));
  io.run_for(300ms);
  EXPECT_EQ(fired, 1);
}

TEST(WakeTimer, AWakeArmedAgainAfterACancelIsNotLost) {
  boost::asio::io_context io;
  int fired = 0;
  daemon::WakeTimer t(io, [&] { ++fired; });
  const auto at = in(80ms);
  t.wake_at(at);  // e.g. a claim back-off
  t.cancel();     // the campaign disabled: no deadline
  t.wake_at(at);  // enabled again with the same back-off pending
  io.run_for(400ms);
  EXPECT_EQ(fired, 1);
}

TEST(WakeTimer, ACancelledWakeDoesNotFire) {
  boost::asio::io_context io;
  int fired = 0;
  daemon::WakeTimer t(io, [&] { ++fired; });
  t.wake_at(in(30ms));
  t.cancel();
  io.run_for(200ms);
  EXPECT_EQ(fired, 0);
}
