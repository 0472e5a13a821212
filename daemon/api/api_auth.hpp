#pragma once
// Bearer-token authorisation for /api/v1: deny by default; tokens are stored hashed and carry
// a role. viewer < supervisor < admin.
#include <optional>
#include <string>
#include <vector>

#include "config/blendd_config.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::daemon {

enum class Role { viewer = 0, supervisor = 1, admin = 2 };

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

}  // namespace blendd::daemon
