#pragma once
// Plain request/response values, so routes never include Beast.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace blendd::daemon {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as sent
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string header(const std::string& name) const;  // case-insensitive; "" when absent
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers{};  // beyond the ones every answer has
};

// Handlers answer through `respond`, exactly once, now or later (after a Redis round trip).
using HttpResponder = std::function<void(HttpResponse)>;
using HttpHandler = std::function<void(const HttpRequest&, HttpResponder respond)>;

// {"error":{"code":...,"message":...}} — the one error shape of every route.
HttpResponse json_error(int status, const std::string& code, const std::string& message);

// Input handlers (HTTP routes, WebSocket messages, the event loop's callbacks) that threw and
// were stopped at their boundary: each a bug, logged with its request; in /metrics.
extern std::atomic<long> handler_exceptions;

}  // namespace blendd::daemon
