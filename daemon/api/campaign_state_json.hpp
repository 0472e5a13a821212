#pragma once
// A campaign's run state and the governor's record as the API, the figures and the dashboard
// show them (one shape everywhere).
#include <boost/json/object.hpp>

#include "daemon/centre/call_centre.hpp"

namespace blendd::daemon {

// {state, state_by, state_reason, state_since_ms, weight, share}
boost::json::object run_state_json(const CallCentre::CampaignView& v);
// The above plus the governor: health, verdict, rule, since, override.
boost::json::object governor_json(const CallCentre::CampaignView& v);

}  // namespace blendd::daemon
