#pragma once
// Runs an io_context in short slices until `pred` holds or `limit` passes (the tests that drive
// blendd's Redis client on the test's own thread).
#include <boost/asio/io_context.hpp>
#include <chrono>

namespace blendd::test {

template <class Pred>
bool run_io_until(boost::asio::io_context& io, Pred pred,
                  std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred() && std::chrono::steady_clock::now() < deadline) {
    io.run_for(std::chrono::milliseconds(2));
    if (io.stopped()) io.restart();
  }
  return pred();
}

}  // namespace blendd::test
