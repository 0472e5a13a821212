#pragma once
// The reports of /api/v1/reports (docs/api.md): per interval for a group, per agent, per
// campaign and per product, read from the history (daemon/centre/history_store.hpp) and answered
// after Redis, as JSON or (format=csv) CSV.
#include <cstdint>
#include <functional>

#include "config/blendd_config.hpp"
#include "daemon/api/api_auth.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::daemon {

class CallCentre;
class HistoryStore;

struct ReportRouteContext {
  HistoryStore& history;
  const config::BlenddConfig& config;
  const CallCentre& centre;  // its clock, and the campaigns' live abandon rates
};

// True when the request is a report route; `respond` is then called, now or later.
bool report_route(const HttpRequest& request, const Caller& caller, ReportRouteContext& context,
                  const HttpResponder& respond);

}  // namespace blendd::daemon
