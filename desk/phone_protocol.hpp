#pragma once
// The phone's messages (the desk page as a WebRTC phone) ↔ JSON; agent_protocol.cpp hands the
// phone_* types here. Every parse failure says which field and why.
#include <optional>
#include <string>
#include <variant>

#include <boost/json/fwd.hpp>

#include "desk/agent_messages.hpp"

namespace blendd::desk {

constexpr std::size_t kMaxSdpBytes = 16384;  // a browser's audio offer is 1–4 KiB

// A phone_* message from the page, or nullopt when `type` is not one.
std::optional<std::variant<AgentMessage, ProtocolError>> parse_phone_message(
    const std::string& type, const boost::json::object& message);

}  // namespace blendd::desk
