#pragma once
// The blind transfer's messages ↔ JSON (docs/agent-protocol.md "Transfer"); agent_protocol.cpp
// hands the `transfer` type here. Every parse failure says which field and why.
#include <optional>
#include <string>
#include <variant>

#include <boost/json/fwd.hpp>

#include "desk/agent_messages.hpp"

namespace blendd::desk {

// A `transfer` message, or nullopt when `type` is not one.
std::optional<std::variant<AgentMessage, ProtocolError>> parse_transfer_message(
    const std::string& type, const boost::json::object& message);

// `transferring` {call, kind, to}: the customer left the agent for `to` (an agent, a group, a
// number). kind "number": the result is still the agent's to register (call_ended follows).
std::string encode_transferring(const std::string& call, const std::string& kind,
                                const std::string& to);
// `transfer_refused` {call, to, reason, message}: the call stays with the agent, and why (reason
// is a code: not_on_call, unknown_target, agent_busy, bad_number, blocked, dnc_global,
// dnc_campaign, no_campaign, store_unavailable, ...).
std::string encode_transfer_refused(const std::string& call, const std::string& to,
                                    const std::string& reason, const std::string& message);

}  // namespace blendd::desk
