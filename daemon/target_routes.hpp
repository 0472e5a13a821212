#pragma once
// The target-list routes of /api/v1 (docs/api.md), answered after their Redis round trips:
// CSV upload with the import report, DNC add/remove/check, lead intake, results export.
#include "config/blendd_config.hpp"
#include "daemon/api_auth.hpp"
#include "daemon/http_types.hpp"

namespace blendd::queue {
class TargetStore;
}

namespace blendd::daemon {

class TargetFeed;

struct TargetRouteContext {
  queue::TargetStore& store;
  TargetFeed& feed;
  const config::BlenddConfig& config;
};

// True when the request is one of these routes; `respond` is then called, now or later.
bool target_route(const HttpRequest& request, const Caller& caller, TargetRouteContext& context,
                  const HttpResponder& respond);

}  // namespace blendd::daemon
