#pragma once
// POST /api/v1/agents/{agent}/dial: a CRM's click-to-dial. The number goes through everything a
// manual dial from the agent's desk does (normalised, the campaign's prefixes and types, the DNC
// lists, the calling window, the campaign's caller ID); the answer waits for the verdict: 201
// with the call when its INVITE is out, or the refusal with its reason. Role `integration`, or
// the agent's own desk login.
#include "daemon/api/api_auth.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::daemon {

class CallCentre;

// True when the request is this route; `respond` is then called, now or later.
bool dial_route(const HttpRequest& request, const Caller& caller, CallCentre& centre,
                const HttpResponder& respond);

}  // namespace blendd::daemon
