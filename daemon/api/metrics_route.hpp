#pragma once
// GET /metrics: Prometheus text exposition (format 0.0.4) of the live figures.
#include <string>
#include <vector>

#include "daemon/centre/call_service.hpp"
#include "daemon/integrations/webhook_dispatcher.hpp"

namespace blendd::daemon {

class CallCentre;

std::string metrics_text(const CallCentre& centre, const CallServiceStatus& status,
                         bool redis_connected, const std::vector<WebhookStatus>& webhooks = {});

}  // namespace blendd::daemon
