#include "daemon/api/api_routes.hpp"

#include "daemon/api/campaign_state_json.hpp"

#include <boost/json.hpp>
#include <cmath>

#include "daemon/api/agents_route.hpp"
#include "daemon/api/api_request.hpp"
#include "daemon/api/figures_route.hpp"
#include "daemon/api/settings_routes.hpp"
#include "daemon/centre/audit_log.hpp"
#include "daemon/centre/call_centre.hpp"

namespace blendd::daemon {

namespace json = boost::json;

namespace {

HttpResponse result(const std::string& problem) {
  if (problem.empty()) return ok_json(json::object{{"ok", true}});
  const bool unknown = problem.rfind("no ", 0) == 0;
  return json_error(unknown ? 404 : 422, unknown ? "not_found" : "invalid", problem);
}

// A JSON object body with these number fields, or the 400/422 to send instead.
struct NumberBody {
  json::object object;
  std::vector<double> values;
};
std::variant<NumberBody, HttpResponse> numbers(const HttpRequest& r,
                                               std::initializer_list<const char*> keys) {
  auto body = body_object(r);
  if (auto* e = std::get_if<HttpResponse>(&body)) return *e;
  NumberBody out{std::get<json::object>(std::move(body)), {}};
  std::string error;
  for (const char* key : keys)
    out.values.push_back(number_field(out.object, key, error).value_or(0));
  if (!error.empty()) return json_error(422, "invalid", error);
  return out;
}

HttpResponse override_route(const HttpRequest& r, const Caller& c, ApiContext& ctx,
                            const std::string& group) {
  if (r.method == "DELETE") {
    return result(ctx.centre.clear_override(group, c.name, r.header("x-reason")));
  }
  auto parsed = numbers(r, {"start", "stop", "minutes"});
  if (auto* e = std::get_if<HttpResponse>(&parsed)) return *e;
  const auto& [o, v] = std::get<NumberBody>(parsed);
  const auto* outbound = o.if_contains("outbound");
  const bool allowed = outbound == nullptr || !outbound->is_bool() || outbound->as_bool();
  // The range before the cast: 1e308 minutes must be a 422, not undefined behaviour.
  if (!(v[2] >= 1 && v[2] <= 1440)) return json_error(422, "invalid", "'minutes' is 1..1440");
  return result(ctx.centre.set_override(group, v[0], v[1], allowed,
                                        std::chrono::seconds(std::lround(v[2] * 60)), c.name,
                                        string_field(o, "reason")));
}

json::value audit_json(const AuditLog& audit) {
  json::array entries;
  for (const auto& e : audit.recent(200)) {
    entries.push_back(json::object{{"at_ms", e.at_ms},
                                   {"who", e.who},
                                   {"what", e.what},
                                   {"old", e.old_value},
                                   {"new", e.new_value},
                                   {"why", e.why}});
  }
  return json::object{{"entries", std::move(entries)}};
}

json::value governor_view_json(const CallCentre& centre) {
  json::array campaigns;
  for (const auto& v : centre.campaign_views()) campaigns.push_back(governor_json(v));
  return json::object{{"campaigns", std::move(campaigns)}};
}

}  // namespace

HttpResponse api_route(const HttpRequest& r, const Caller& c, ApiContext& ctx) {
  const std::string path = r.target.substr(0, r.target.find('?'));
  const auto p = split_path(path);  // api, v1, ...
  if (p.size() < 3 || p[0] != "api" || p[1] != "v1")
    return json_error(404, "no_route", "no route " + path);
  const bool get = r.method == "GET";
  if (p.size() == 3 && p[2] == "figures" && get)
    return {200, "application/json", figures_json(ctx.centre, ctx.status)};
  if (p.size() == 3 && p[2] == "agents" && get)
    return {200, "application/json", agents_json(ctx.centre)};
  if (p.size() == 3 && p[2] == "audit" && get) return ok_json(audit_json(ctx.audit));
  if (p.size() == 3 && p[2] == "governor" && get) return ok_json(governor_view_json(ctx.centre));
  if (p.size() == 5 && p[2] == "groups" && p[4] == "override" &&
      (r.method == "POST" || r.method == "DELETE")) {
    if (auto refusal = need(c, Role::supervisor); refusal.status != 0) return refusal;
    return override_route(r, c, ctx, p[3]);
  }
  if (auto routed = settings_route(r, p, c, ctx)) return *routed;
  return json_error(404, "no_route", "no route " + r.method + " " + path);
}

}  // namespace blendd::daemon
