#pragma once
// POST /api/v1/groups/{group}/what-if: a measured period of the history replayed through the
// real core (sim/replay.hpp) with settings a supervisor proposes — thresholds, reserve, schedule,
// pacing, agents added or removed — answered per interval beside what happened. Validated like a
// real change (config::ConfigEditor::preview) and run on a worker thread (docs/api.md, "What-if").
#include "config/blendd_config.hpp"
#include "daemon/api/api_auth.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::config {
class ConfigEditor;
}

namespace blendd::daemon {

class BackgroundJobs;
class CallCentre;
class HistoryStore;

struct WhatIfRouteContext {
  HistoryStore& history;
  const config::BlenddConfig& config;
  const config::ConfigEditor& editor;
  const CallCentre& centre;
  BackgroundJobs& jobs;
};

// True when the request is the what-if route; `respond` is then called, now or later.
bool what_if_route(const HttpRequest& request, const Caller& caller, WhatIfRouteContext& context,
                   const HttpResponder& respond);

}  // namespace blendd::daemon
