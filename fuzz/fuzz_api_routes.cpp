// libFuzzer: any request through the supervisor API's real routes, as an admin, with the live
// settings editor behind them. The first line is "METHOD /path?query", the rest the body. Every
// request must be answered (4xx/2xx); an exception escaping a route is a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/dispatch_fixture.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static blendd::fuzz::DispatchFixture f;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto line_end = input.find('\n');
  const std::string first = input.substr(0, line_end);
  blendd::daemon::HttpRequest r;
  const auto space = first.find(' ');
  r.method = first.substr(0, space);
  r.target = space == std::string::npos ? "/api/v1/figures" : first.substr(space + 1);
  if (line_end != std::string::npos) r.body = input.substr(line_end + 1);
  blendd::daemon::ApiContext ctx{f.centre, f.audit, {}, f.editor, f.cfg};
  const blendd::daemon::Caller admin{"fuzz", blendd::daemon::Role::admin};
  const auto response = blendd::daemon::api_route(r, admin, ctx);
  if (response.status < 200 || response.status >= 600) __builtin_trap();
  f.io.restart();
  f.io.poll();  // the store's answers (errors: Redis is never connected) run their callbacks
  return 0;
}
