#pragma once
// GET /api/v1/agents: every configured agent with its group, state and phone — for a phone that
// registers, each binding (where it registered from, over what, until when, which phone).
#include <boost/json/value.hpp>
#include <string>

namespace blendd::daemon {

class CallCentre;

// {"kind": sip|registered|webrtc, "registered": bool, "contacts": n} and, when `detailed`,
// "bindings": [...].
boost::json::value phone_json(const CallCentre& centre, const std::string& agent, bool detailed);
std::string agents_json(const CallCentre& centre);

}  // namespace blendd::daemon
