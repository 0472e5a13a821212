// libFuzzer: any sequence of WebSocket text frames (one per line) through the desk hub's real
// handling — login, ready, submit, asked_about, the phone_* messages, logout — on a running
// CallCentre. A frame may only ever be answered; an exception escaping the hub is a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/dispatch_fixture.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static blendd::fuzz::DispatchFixture f;
  static std::uint64_t next_id = 1;
  const auto handler = f.hub.handler();
  auto ws = std::make_shared<blendd::fuzz::RecordingConnection>(next_id++);
  handler.opened(ws);
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::size_t start = 0;
  while (start <= input.size()) {
    std::size_t end = input.find('\n', start);
    if (end == std::string::npos) end = input.size();
    handler.message(ws, input.substr(start, end - start));
    start = end + 1;
  }
  handler.closed(ws);  // logs the agent out: the next input starts from a clean desk
  f.io.restart();
  f.io.poll();  // the store's answers (errors: Redis is never connected) run their callbacks
  return 0;
}
