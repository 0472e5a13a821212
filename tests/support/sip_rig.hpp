#pragma once
// One SIP gateway test's world: sipp peers on loopback (each logging into the rig's directory),
// a started gateway and the events it reports. Peers are destroyed after the gateway.
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "sip/sip_gateway.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/sip_peers.hpp"
#include "tests/support/temp_dir.hpp"

namespace blendd::test {

class SipRig {
 public:
  SipRig() = default;
  ~SipRig();
  SipRig(const SipRig&) = delete;
  SipRig& operator=(const SipRig&) = delete;

  // Starts a peer (argv from sipp_uas/sipp_uac); its log is `log_name` in the rig's directory.
  ChildProcess& peer(std::vector<std::string> argv, const std::string& log_name);
  // Starts the gateway once the peers are up; false (with the reason in the test's output) if
  // it cannot bind.
  bool start(const sip::GatewayOptions& options);
  // Dials `customer_uri` and, once the customer answered, connects `agent_uri`: success once
  // both legs answered, else what was missing with every event so far.
  ::testing::AssertionResult bridge(sip::CallId call, const std::string& customer_uri,
                                    const std::string& agent_uri);

  TempDir dir;
  LegEvents events;
  std::unique_ptr<sip::SipGateway> gateway;

 private:
  std::deque<ChildProcess> peers_;
};

}  // namespace blendd::test
