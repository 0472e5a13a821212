#pragma once
// Helpers for SIP tests: sipp peers on loopback and a gateway whose events a test can wait for.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sip/sip_gateway.hpp"

namespace blendd::test {

// Collects the gateway's events (they arrive on the sofia thread).
class LegEvents {
 public:
  void add(sip::LegEvent e);
  std::optional<sip::LegEvent> find(sip::CallId call, sip::Leg leg, sip::LegEventKind kind);
  // The first event of this kind on any call (inbound calls get their ids from the gateway).
  std::optional<sip::LegEvent> first(sip::LegEventKind kind);
  std::optional<sip::LegEvent> wait(sip::CallId call, sip::Leg leg, sip::LegEventKind kind,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // The n-th (from 1) event of this kind on the call's leg.
  std::optional<sip::LegEvent> wait_nth(
      sip::CallId call, sip::Leg leg, sip::LegEventKind kind, int n,
      std::chrono::milliseconds timeout = std::chrono::seconds(5));
  std::optional<sip::LegEvent> wait_first(
      sip::LegEventKind kind, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  int count(sip::LegEventKind kind);
  std::string dump();  // every event, for failure messages

 private:
  std::mutex mutex_;
  std::vector<sip::LegEvent> all_;
};

// argv for a sipp UAS on 127.0.0.1:port: a scenario from tests/sip/ or sipp's built-in "uas".
// timeout_s 0: no overall timeout (long-running peers of the end-to-end tests).
std::vector<std::string> sipp_uas(const std::string& scenario, int port, int calls,
                                  std::vector<std::string> extra = {}, int timeout_s = 30);
// argv for a sipp UAC on 127.0.0.1:local_port calling `service` at 127.0.0.1:target_port.
std::vector<std::string> sipp_uac(const std::string& scenario, int local_port, int target_port,
                                  const std::string& service, int calls,
                                  const std::string& local_ip = "127.0.0.1", int talk_ms = 200);

// Writes tests/sip/uas_reject.xml with this final status into dir; returns the file's path
// (sipp_uas takes absolute paths as they are).
std::string reject_scenario(const std::string& dir, int code, const std::string& phrase);

sip::GatewayOptions gateway_options(int port);
// A started gateway whose events land in `events` (waits for sipp peers to bind first).
std::unique_ptr<sip::SipGateway> started_gateway(const sip::GatewayOptions& options,
                                                 LegEvents& events);
// True once every nua handle is gone (waits up to 10 s).
bool no_handles_left(sip::SipGateway& gateway);
sip::OriginateRequest dial(sip::CallId call, const std::string& uri);

}  // namespace blendd::test
