#include "tests/support/sip_rig.hpp"

namespace blendd::test {

SipRig::~SipRig() {
  gateway.reset();  // its calls end while the peers still answer
}

ChildProcess& SipRig::peer(std::vector<std::string> argv, const std::string& log_name) {
  return peers_.emplace_back(std::move(argv), dir.file(log_name));
}

bool SipRig::start(const sip::GatewayOptions& options) {
  gateway = started_gateway(options, events);
  return gateway != nullptr;
}

::testing::AssertionResult SipRig::bridge(sip::CallId call, const std::string& customer_uri,
                                          const std::string& agent_uri) {
  if (!gateway) return ::testing::AssertionFailure() << "the gateway is not started";
  gateway->originate(dial(call, customer_uri));
  if (!events.wait(call, sip::Leg::customer, sip::LegEventKind::answered))
    return ::testing::AssertionFailure() << "the customer did not answer\n" << events.dump();
  gateway->connect_agent(call, agent_uri);
  if (!events.wait(call, sip::Leg::agent, sip::LegEventKind::answered))
    return ::testing::AssertionFailure() << "the agent did not answer\n" << events.dump();
  return ::testing::AssertionSuccess();
}

}  // namespace blendd::test
