#pragma once
// What the call centre tells the recorder about a recorded call, as it happens: chosen for
// recording (with what the call is), the agent who took it, the result the agent registered, and
// the relay's capture file once the call is over. Plain values, in call order per call — except
// that a result may come after the capture (wrap-up outlasts the call).
#include <cstdint>
#include <string>

namespace blendd::daemon {

struct RecordingNote {
  enum class Kind { started, agent, result, captured };
  Kind kind = Kind::started;
  std::string call;  // the centre's call key: the recording's id
  // started
  std::string direction;  // inbound | outbound
  std::string group;
  std::string campaign;
  std::string number;  // the customer's
  std::int64_t at_ms = 0;
  // agent
  std::string agent;
  // result
  std::string disposition;
  std::string product;
  std::string answers;  // the questionnaire's answers, as JSON
  // captured
  std::string capture;  // the relay's pcap
  std::uint16_t customer_port = 0;
  std::uint16_t agent_port = 0;
};

}  // namespace blendd::daemon
