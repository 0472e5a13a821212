#pragma once
// The webhooks' deliveries seen and mended (docs/api.md): GET /api/v1/webhooks (each webhook's
// state, cursor, backlog and counts), GET /api/v1/webhooks/{w}/dead-letters (newest first,
// ?limit=1..1000) and POST /api/v1/webhooks/{w}/dead-letters/replay ({"ids":[…]} or {} for all:
// delivered again before the stream's next event, each with a new max_age).
#include "daemon/api/api_auth.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::daemon {

class WebhookSet;

// True when the request is one of these routes; `respond` is then called, now or later.
bool webhook_route(const HttpRequest& request, const Caller& caller, WebhookSet& webhooks,
                   const HttpResponder& respond);

}  // namespace blendd::daemon
