#pragma once
// The SIP side of blendd (sofia-sip). It owns a thread that owns the su_root, the nua stack and
// every nua handle; requests cross in through the root's su_msg mailbox, events come out as
// value types (never pointers into sofia messages). Signalling only: media flows between the
// customer and the agent. Outbound calls follow RFC 3725 flow I (customer first, without SDP;
// the customer's offer goes to the agent; the agent's answer goes back in the customer's ACK).
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace blendd::sip {

using CallId = std::uint64_t;

enum class Leg { customer, agent };
enum class LegEventKind { ringing, answered, failed, ended };

struct LegEvent {
  CallId call = 0;
  Leg leg = Leg::customer;
  LegEventKind kind = LegEventKind::ringing;
  int status = 0;      // SIP status of the response (failed: the final status)
  std::string reason;  // reason phrase, or who hung up
  std::string sdp;     // answered: the body of the 200
};

struct GatewayOptions {
  std::string bind_url = "sip:127.0.0.1:5070";
  std::string from_uri = "sip:blendd@127.0.0.1";
};

class SipGateway {
 public:
  // on_event runs on the sofia thread: copy the value and hand it to your own thread.
  SipGateway(GatewayOptions options, std::function<void(LegEvent)> on_event);
  ~SipGateway();  // ordered shutdown: nua_shutdown, nua_destroy, su_root_break, join
  SipGateway(const SipGateway&) = delete;
  SipGateway& operator=(const SipGateway&) = delete;

  // Starts the thread and binds; returns an empty string or why it failed.
  std::string start();

  void originate(CallId call, const std::string& customer_uri);
  // The customer answered: offer their SDP to the agent; on the agent's 200, ACK the customer
  // with the agent's answer.
  void connect_agent(CallId call, const std::string& agent_uri);
  // Ends every leg of the call (CANCEL while ringing, BYE once answered).
  void hang_up(CallId call);

  // nua handles alive right now: back to zero once every call has ended.
  long live_handles() const;

  class Impl;  // the sofia side, defined in sip_gateway.cpp only

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace blendd::sip
