#pragma once
// The supervisor REST API under /api/v1 (documented in docs/api.md). Routes check the caller's
// role themselves (viewer < supervisor < admin); authentication happened before.
#include "daemon/api/api_auth.hpp"
#include "daemon/centre/call_service.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::config {
class ConfigEditor;
}

namespace blendd::daemon {

class AuditLog;
class CallCentre;

struct ApiContext {
  CallCentre& centre;
  AuditLog& audit;
  CallServiceStatus status;
  config::ConfigEditor& editor;
  const config::BlenddConfig& config;  // in force; updated as soon as a change is applied
};

HttpResponse api_route(const HttpRequest& request, const Caller& caller, ApiContext& context);

}  // namespace blendd::daemon
