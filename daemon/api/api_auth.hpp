#pragma once
// Bearer-token authorisation for /api/v1: deny by default; tokens are stored hashed and carry
// a role. viewer < qa < supervisor < admin: qa (the quality team) sees what a viewer sees and
// listens to recordings and keeps the case library; it changes nothing about how the centre runs.
// Below them all, `agent`: an agent's desk login (`Bearer agent:<id>:<desk token>`), which reaches
// only the routes meant for every agent (the case library).
#include <optional>
#include <string>
#include <vector>

#include "config/blendd_config.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::daemon {

// Beside the ladder, two roles for systems, each reaching only the routes made for it: `intake`
// (a web form's back end, an SMS gateway) adds leads and sees nothing; `integration` (a CRM)
// places click-to-dial calls.
enum class Role {
  agent = 0,
  viewer = 1,
  qa = 2,
  supervisor = 3,
  admin = 4,
  intake = 10,
  integration = 11
};
const char* to_string(Role role);
// Whether a caller with `caller` may use a route that needs `needed`: up the ladder; the intake
// routes also to supervisors and admins, the integration routes also to admins.
bool role_allows(Role caller, Role needed);

struct Caller {
  std::string name;  // the token's name, for the audit trail
  Role role = Role::viewer;
};

// The caller, or the 401/403 response to send instead.
struct Authorisation {
  std::optional<Caller> caller;
  HttpResponse refusal;
};

// `now_s` is Unix time: a token past its `expires` is refused like an unknown one (401).
Authorisation authorise(const HttpRequest& request, const std::vector<config::ApiToken>& tokens,
                        Role needed, std::int64_t now_s);
Authorisation authorise(const HttpRequest& request, const std::vector<config::ApiToken>& tokens,
                        Role needed);  // at the system clock's now
// An agent's desk credentials as a bearer token ("agent:a01:<token>", checked against the
// group's token_sha256): a Caller "agent a01" with Role::agent, or nullopt.
std::optional<Caller> authorise_agent(const HttpRequest& request,
                                      const std::vector<config::GroupConfig>& groups);

}  // namespace blendd::daemon
