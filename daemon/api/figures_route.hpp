#pragma once
// GET /api/v1/figures: live figures per group, campaign and agent (viewer role and up).
#include "daemon/centre/call_service.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::daemon {

class CallCentre;

// The figures as JSON, `now` in the core's clock.
std::string figures_json(const CallCentre& centre, const CallServiceStatus& status);

}  // namespace blendd::daemon
