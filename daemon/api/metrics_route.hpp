#pragma once
// GET /metrics: Prometheus text exposition (format 0.0.4) of the live figures.
#include <string>

#include "daemon/centre/call_service.hpp"

namespace blendd::daemon {

class CallCentre;

std::string metrics_text(const CallCentre& centre, const CallServiceStatus& status,
                         bool redis_connected);

}  // namespace blendd::daemon
