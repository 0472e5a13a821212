#pragma once
// The /api/v1 routes that show or change the configuration in force: groups (thresholds,
// smoothing, dwell, schedules), campaigns (create, update, start/pause/stop), the catalogue and
// the live settings themselves. Every change goes through the ConfigEditor (validated like
// blendd.yaml, saved, then in force) and into the audit trail with old and new values.
#include <optional>
#include <string>
#include <vector>

#include "daemon/api/api_routes.hpp"

namespace blendd::daemon {

// nullopt when the path is none of these routes.
std::optional<HttpResponse> settings_route(const HttpRequest& r, const std::vector<std::string>& p,
                                           const Caller& c, ApiContext& ctx);

}  // namespace blendd::daemon
