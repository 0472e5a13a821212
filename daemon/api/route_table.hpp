#pragma once
// Every HTTP route blendd answers for tools (health, metrics, /api/v1): method, path template,
// the least role, what it does, its query parameters and an example body. The router asks it
// first — a path it does not name is 404 and a method it does not list for the path 405 with
// Allow — so a route missing here cannot be reached; the OpenAPI document (openapi_json) is
// made from it, and a test sends every example to a real blendd. Pages and the agents'
// WebSocket are not tools' routes (docs/api.md, docs/agent-desk.md).
#include <string>
#include <vector>

#include "daemon/api/api_auth.hpp"

namespace blendd::daemon {

struct RouteSpec {
  const char* method;
  const char* path;    // "/api/v1/groups/{group}": {name} is one path segment
  bool authenticated;  // a bearer token is needed (then `role` at least)
  Role role;
  const char* summary;
  const char* query;      // query parameters, comma separated ("" none)
  const char* body_type;  // "application/json", "text/csv" or "" (no body)
  const char* example;    // an example body a real blendd accepts ("" none)
};

const std::vector<RouteSpec>& route_table();

struct RouteMatch {
  const RouteSpec* route = nullptr;  // the method and path matched
  std::string allow;                 // no match for the method: the methods the path has
};
// `path` without its query. Neither set: no route has the path.
RouteMatch match_route(const std::string& method, const std::string& path);

}  // namespace blendd::daemon
