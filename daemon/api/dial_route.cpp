#include "daemon/api/dial_route.hpp"

#include <boost/json.hpp>

#include "daemon/api/api_request.hpp"
#include "daemon/centre/call_centre.hpp"
#include "daemon/centre/refusals.hpp"

namespace blendd::daemon {

namespace json = boost::json;

namespace {

// The HTTP status of a refused click-to-dial: the agent's state (409), the store or media (503),
// everything about the number (422).
int http_status(const std::string& reason) {
  if (reason == "busy" || reason == "in_progress" || reason == "not_logged_in" ||
      reason == "phone_not_registered")
    return 409;
  if (reason == "store_unavailable" || reason == "media_unavailable" || reason == "lease_lost")
    return 503;
  return 422;
}

}  // namespace

bool dial_route(const HttpRequest& r, const Caller& caller, CallCentre& centre,
                const HttpResponder& respond) {
  const std::string path = r.target.substr(0, r.target.find('?'));
  const auto p = split_path(path);  // api, v1, agents, {agent}, dial
  if (p.size() != 5 || p[2] != "agents" || p[4] != "dial" || r.method != "POST") return false;
  const std::string& agent = p[3];
  const bool own = caller.role == Role::agent && caller.name == "agent " + agent;
  if (!own && !role_allows(caller.role, Role::integration)) {
    respond(json_error(403, "forbidden",
                       "click-to-dial needs the integration role or " + agent + "'s own login"));
    return true;
  }
  if (!centre.knows_agent(agent)) {
    respond(json_error(404, "not_found", "no agent '" + agent + "'"));
    return true;
  }
  auto body = body_object(r);
  if (auto* refusal = std::get_if<HttpResponse>(&body)) {
    respond(*refusal);
    return true;
  }
  const auto& o = std::get<json::object>(body);
  desk::DialMessage m;
  for (const auto& [k, v] : o) {
    if (k != "number" && k != "campaign") {
      respond(json_error(422, "invalid",
                         "'" + std::string(k) + "': not a dial field (number, campaign)"));
      return true;
    }
    if (!v.is_string() || v.as_string().empty() || v.as_string().size() > 64) {
      respond(json_error(422, "invalid", "'" + std::string(k) + "' must be a string (1-64)"));
      return true;
    }
  }
  if (!o.contains("number")) {
    respond(json_error(422, "invalid", "'number' is required: the number to dial"));
    return true;
  }
  m.number = std::string(o.at("number").as_string());
  if (o.contains("campaign")) m.campaign = std::string(o.at("campaign").as_string());
  centre.click_to_dial(
      agent, m,
      [respond, agent](const std::string& reason, const std::string& message,
                       const std::string& number, const std::string& call) {
        if (reason.empty()) {
          return respond(HttpResponse{
              201, "application/json",
              json::serialize(json::object{{"agent", agent}, {"number", number}, {"call", call}})});
        }
        respond(json_error(http_status(reason), reason,
                           message.empty() ? refusal_text(reason) : message));
      });
  return true;
}

}  // namespace blendd::daemon
