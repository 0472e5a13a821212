#pragma once
// The target-list routes of /api/v1 (docs/api.md), answered after their Redis round trips:
// CSV upload with the import report, DNC add/remove/check, lead intake, results export.
#include <functional>

#include "config/blendd_config.hpp"
#include "daemon/api/api_auth.hpp"
#include "daemon/api/rate_limiter.hpp"
#include "daemon/centre/target_explainer.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::queue {
class TargetStore;
}

namespace blendd::daemon {

class TargetFeed;

struct TargetRouteContext {
  queue::TargetStore& store;
  TargetFeed& feed;
  const config::BlenddConfig& config;
  // A number just put on a DNC list (campaign "" = the global one): claimed targets with it
  // leave every buffer at once.
  std::function<void(const std::string& campaign, const std::string& number)> dnc_added;
  std::function<HeldHere(const std::string& campaign, const std::string& number)> held;
  std::function<std::int64_t()> now_ms;   // the call centre's clock
  RateLimiter* intake_limiter = nullptr;  // leads an intake token may add (http.intake_per_minute)
};

// True when the request is one of these routes; `respond` is then called, now or later.
bool target_route(const HttpRequest& request, const Caller& caller, TargetRouteContext& context,
                  const HttpResponder& respond);

}  // namespace blendd::daemon
