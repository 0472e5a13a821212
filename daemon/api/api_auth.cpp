#include "daemon/api/api_auth.hpp"

#include <chrono>

#include "daemon/centre/token_hash.hpp"

namespace blendd::daemon {

namespace {
std::optional<Role> role_named(const std::string& name) {
  if (name == "viewer") return Role::viewer;
  if (name == "qa") return Role::qa;
  if (name == "supervisor") return Role::supervisor;
  if (name == "admin") return Role::admin;
  if (name == "intake") return Role::intake;
  if (name == "integration") return Role::integration;
  return std::nullopt;
}

bool on_ladder(Role role) {
  return role != Role::intake && role != Role::integration;
}
}  // namespace

bool role_allows(Role caller, Role needed) {
  if (needed == Role::intake)
    return caller == Role::intake || caller == Role::supervisor || caller == Role::admin;
  if (needed == Role::integration) return caller == Role::integration || caller == Role::admin;
  return on_ladder(caller) && static_cast<int>(caller) >= static_cast<int>(needed);
}

const char* to_string(Role role) {
  switch (role) {
    case Role::agent:
      return "agent";
    case Role::viewer:
      return "viewer";
    case Role::qa:
      return "qa";
    case Role::supervisor:
      return "supervisor";
    case Role::admin:
      return "admin";
    case Role::intake:
      return "intake";
    case Role::integration:
      return "integration";
  }
  return "viewer";
}

Authorisation authorise(const HttpRequest& request, const std::vector<config::ApiToken>& tokens,
                        Role needed) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return authorise(request, tokens, needed,
                   std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

Authorisation authorise(const HttpRequest& request, const std::vector<config::ApiToken>& tokens,
                        Role needed, std::int64_t now_s) {
  Authorisation out;
  const std::string header = request.header("authorization");
  const std::string prefix = "Bearer ";
  if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) {
    out.refusal = json_error(401, "unauthorized", "send Authorization: Bearer <token>");
    return out;
  }
  const std::string token = header.substr(prefix.size());
  for (const auto& t : tokens) {
    if (!token_matches(token, t.sha256_hex)) continue;
    auto role = role_named(t.role);
    if (!role) break;
    if (t.expires_at_s != 0 && now_s >= t.expires_at_s) {
      out.refusal = json_error(401, "unauthorized", "token '" + t.name + "' has expired");
      return out;
    }
    if (!role_allows(*role, needed)) {
      out.refusal =
          json_error(403, "forbidden",
                     "token '" + t.name + "' has role " + t.role + "; this needs a higher role");
      return out;
    }
    out.caller = Caller{t.name, *role};
    return out;
  }
  out.refusal = json_error(401, "unauthorized", "unknown or revoked token");
  return out;
}

std::optional<Caller> authorise_agent(const HttpRequest& request,
                                      const std::vector<config::GroupConfig>& groups) {
  const std::string header = request.header("authorization");
  const std::string prefix = "Bearer agent:";
  if (header.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  const std::string rest = header.substr(prefix.size());
  const auto colon = rest.find(':');
  if (colon == std::string::npos) return std::nullopt;
  const std::string id = rest.substr(0, colon);
  for (const auto& g : groups) {
    for (const auto& a : g.agents) {
      if (a.id != id || a.token_sha256.empty()) continue;
      if (!token_matches(rest.substr(colon + 1), a.token_sha256)) return std::nullopt;
      return Caller{"agent " + id, Role::agent};
    }
  }
  return std::nullopt;
}

}  // namespace blendd::daemon
