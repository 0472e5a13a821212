#include "daemon/api/openapi.hpp"

#include <boost/json.hpp>

#include "blendd_version.hpp"
#include "daemon/api/api_request.hpp"
#include "daemon/api/route_table.hpp"
#include "desk/json_text.hpp"

namespace blendd::daemon {

namespace json = boost::json;

namespace {

const char* role_name(Role r) {
  return to_string(r);
}

// "POST /api/v1/groups/{group}/what-if" → "post_groups_group_what_if".
std::string operation_id(const RouteSpec& r) {
  std::string id;
  for (const char* c = r.method; *c; ++c) id += static_cast<char>(*c - 'A' + 'a');
  for (const auto& part : split_path(r.path)) {
    if (part == "api" || part == "v1") continue;
    id += '_';
    for (char c : part) {
      if (c == '{' || c == '}') continue;
      id += (c == '-' || c == '.') ? '_' : c;
    }
  }
  return id;
}

json::object error_response(const char* description) {
  return {
      {"description", description},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

json::object operation(const RouteSpec& r) {
  json::array parameters;
  for (const auto& part : split_path(r.path)) {
    if (part.front() != '{') continue;
    parameters.push_back({{"name", part.substr(1, part.size() - 2)},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
  }
  const std::string query = r.query;
  for (std::size_t at = 0; at < query.size();) {
    const auto comma = query.find(',', at);
    const std::string name = query.substr(at, comma == std::string::npos ? comma : comma - at);
    parameters.push_back(
        {{"name", name},
         {"in", "query"},
         {"required", name == "group" && std::string(r.path) == "/api/v1/reports/intervals"},
         {"schema", {{"type", "string"}}}});
    at = comma == std::string::npos ? query.size() : comma + 1;
  }
  json::object responses{{"200", {{"description", "done"}}}};
  if (r.authenticated) {
    responses["401"] = error_response("no or an unknown bearer token");
    responses["403"] = error_response(std::string(r.method) == "GET"
                                          ? "the token's role is too low"
                                          : "the token's role is too low, or this node stands by");
  }
  responses["default"] = error_response(
      "refused: 400 bad body, 404 unknown id, 405 method, "
      "422 invalid field (named), 429 busy, 503 store away");
  json::object op{{"summary", r.summary},
                  {"operationId", operation_id(r)},
                  {"x-blendd-role", r.authenticated ? role_name(r.role) : "none"},
                  {"responses", std::move(responses)}};
  if (!parameters.empty()) op["parameters"] = std::move(parameters);
  if (r.authenticated) op["security"] = json::array{json::object{{"bearer", json::array{}}}};
  if (*r.body_type != '\0') {
    const bool csv = std::string(r.body_type) == "text/csv";
    json::value example = csv ? json::value(r.example) : json::parse(r.example);
    const char* type = csv ? "string" : example.is_array() ? "array" : "object";
    op["requestBody"] = {
        // Only a campaign's start, pause and stop may go without (their reason is optional).
        {"required", std::string(r.example).rfind("{\"reason\"", 0) != 0},
        {"content", {{r.body_type, {{"schema", {{"type", type}}}, {"example", example}}}}}};
  }
  return op;
}

}  // namespace

std::string openapi_json() {
  json::object paths;
  for (const auto& r : route_table()) {
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(c - 'A' + 'a');
    json::value& entry = paths[r.path];
    if (!entry.is_object()) entry.emplace_object();
    entry.as_object()[method] = operation(r);
  }
  json::object doc{{"openapi", "3.0.3"},
                   {"info",
                    {{"title", "blendd"},
                     {"version", kVersion},
                     {"description",
                      "Blended inbound/outbound dialling: the supervisor API, health and "
                      "metrics. docs/api.md explains each route."}}},
                   {"components",
                    {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
                     {"schemas",
                      {{"Error",
                        {{"type", "object"},
                         {"required", json::array{"error"}},
                         {"properties",
                          {{"error",
                            {{"type", "object"},
                             {"properties",
                              {{"code", {{"type", "string"}}},
                               {"message", {{"type", "string"}}},
                               {"field", {{"type", "string"}}}}}}}}}}}}}}},
                   {"paths", std::move(paths)}};
  return desk::json_text(doc);
}

}  // namespace blendd::daemon
