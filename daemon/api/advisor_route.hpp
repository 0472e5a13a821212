#pragma once
// GET /api/v1/groups/{group}/advice: the threshold advisor (policy/threshold_advisor.hpp) over
// the measured traffic of a period or of the same weekday over the last weeks, read from the
// history and solved on a worker thread (docs/api.md, "Threshold advisor").
#include "config/blendd_config.hpp"
#include "daemon/api/api_auth.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::daemon {

class BackgroundJobs;
class CallCentre;
class HistoryStore;

struct AdvisorRouteContext {
  HistoryStore& history;
  const config::BlenddConfig& config;
  const CallCentre& centre;
  BackgroundJobs& jobs;
};

// True when the request is the advice route; `respond` is then called, now or later.
bool advisor_route(const HttpRequest& request, const Caller& caller, AdvisorRouteContext& context,
                   const HttpResponder& respond);

}  // namespace blendd::daemon
