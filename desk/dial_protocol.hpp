#pragma once
// The manual dial's messages ↔ JSON (docs/agent-protocol.md "Manual dial"); agent_protocol.cpp
// hands the `dial` type here. Every parse failure says which field and why.
#include <optional>
#include <string>
#include <variant>

#include <boost/json/fwd.hpp>

#include "desk/agent_messages.hpp"

namespace blendd::desk {

// A `dial` message, or nullopt when `type` is not one.
std::optional<std::variant<AgentMessage, ProtocolError>> parse_dial_message(
    const std::string& type, const boost::json::object& message);

// `dialling` {number, call}: the number passed every check and its INVITE is on its way.
std::string encode_dialling(const std::string& number, const std::string& call);
// `dial_refused` {number, reason, message}: not dialled, and why (reason is a code: bad_number,
// blocked, dnc_global, dnc_campaign, outside_window, busy, not_your_campaign, in_progress,
// store_unavailable, ...).
std::string encode_dial_refused(const std::string& number, const std::string& reason,
                                const std::string& message);
// `dial_failed` {call, outcome}: dialled, but nobody answered (busy, no_answer, rejected,
// failed).
std::string encode_dial_failed(const std::string& call, const std::string& outcome);

}  // namespace blendd::desk
