#pragma once
// The agent desktop protocol's messages as plain values (docs/agent-protocol.md). Parsing and
// encoding live in agent_protocol.cpp, the only file here that sees JSON.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace blendd::desk {

constexpr int kProtocolVersion = 1;

using AnswerValue =
    std::variant<std::monostate, bool, double, std::string, std::vector<std::string>>;
using Answers = std::map<std::string, AnswerValue>;

// Agent → server.
struct LoginMessage {
  std::string agent;
  std::string token;
};
struct ReadyMessage {};
struct NotReadyMessage {
  std::string reason;
};
struct HeartbeatMessage {};
struct LogoutMessage {};
struct SubmitMessage {
  std::string call;
  std::string disposition;  // success | refused | callback | complaint | wrong_number | do_not_call
  std::optional<std::int64_t> callback_ms;  // callback: when (ms since the epoch)
  std::string product;                      // success: the product sold (default: the campaign's)
  Answers answers;
  // After a failover the new active node does not know `call`: an outbound call's result then
  // names its attempt (from call_offered) and the customer, and is taken for an attempt the
  // store holds in review.
  std::string attempt;
  std::string campaign;
  std::string number;
};
struct AskedAboutMessage {
  std::string call;
  std::string product;
  std::string reason;
};

// The desk page as the agent's phone (WebRTC; docs/agent-protocol.md "The phone").
struct PhoneAnswerMessage {  // the page's answer to blendd's phone_offer: the agent took the call
  std::string call;
  std::string sdp;
};
struct PhoneOfferMessage {  // the page lost its media (a reload) and offers anew
  std::string call;
  std::string sdp;
};
struct PhoneMediaMessage {  // the page's audio is flowing (ICE and DTLS done), or cannot
  std::string call;
  bool connected = false;
  std::string reason;
};
struct PhoneHangUpMessage {  // hung up in the page (or declined while it rang)
  std::string call;
};
struct PhoneHoldMessage {
  std::string call;
  bool on = false;
};

// A manual dial from the desk (docs/agent-protocol.md "Manual dial").
struct DialMessage {
  std::string number;    // as the agent typed it: normalised by the campaign's country
  std::string campaign;  // empty: the first campaign of the agent's group
};

// A blind transfer of the agent's call (docs/agent-protocol.md "Transfer").
struct TransferMessage {
  std::string call;
  std::string kind;  // agent | group | number
  std::string to;    // the agent's or group's id, or the number as typed
};

using AgentMessage =
    std::variant<LoginMessage, ReadyMessage, NotReadyMessage, HeartbeatMessage, LogoutMessage,
                 SubmitMessage, AskedAboutMessage, PhoneAnswerMessage, PhoneOfferMessage,
                 PhoneMediaMessage, PhoneHangUpMessage, PhoneHoldMessage, DialMessage,
                 TransferMessage>;

struct FieldError {
  std::string field;  // question id, or a message field such as "callback_at"
  std::string message;
};

struct ProtocolError {
  std::string code;  // bad_json, bad_version, unknown_type, bad_field
  std::string message;
};

}  // namespace blendd::desk
