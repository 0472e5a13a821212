#pragma once
// A real SIP user agent for interop tests: baresip (Debian's baresip-core), headless, on
// loopback only. Its microphone is a sine tone (ausine), what it hears is written to WAV files
// (sndfile: the decoded far end), its speaker goes nowhere (aubridge), and it is driven over
// ctrl_tcp (dial, hangup, events). Only the modules a test needs are loaded — none that
// discovers the network (no stun, turn, natpmp, mqtt) — DNS points at a dead loopback port, and
// the process runs under a time limit.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"

namespace blendd::test {

struct BaresipOptions {
  std::string address = "127.0.0.1";  // its SIP and RTP address (a loopback one)
  int sip_port = 0;
  int ctrl_port = 0;  // ctrl_tcp on 127.0.0.1
  int rtp_port = 0;   // RTP ports rtp_port .. rtp_port + 9
  // The accounts file's one line, e.g. "<sip:a01@127.0.0.1:5070;transport=tcp>;auth_pass=x".
  std::string account;
  int tone_hz = 440;
  int time_limit_s = 120;
  std::string ca_file;  // TLS: the CA blendd's certificate chains to (sip_cafile)
};

class BaresipUa {
 public:
  // Writes its config into `dir` (which must exist) and starts it.
  BaresipUa(const BaresipOptions& options, const std::string& dir);
  ~BaresipUa();
  BaresipUa(const BaresipUa&) = delete;
  BaresipUa& operator=(const BaresipUa&) = delete;

  // A ctrl_tcp command ("dial", "hangup", "accept"...): true when baresip said ok.
  bool command(const std::string& name, const std::string& params = "");
  // Waits for an event of this type (REGISTER_OK, CALL_ESTABLISHED, CALL_CLOSED ...), seen
  // since the start; returns its JSON text.
  std::optional<std::string> wait_event(const std::string& type, std::chrono::milliseconds timeout);
  int events_of(const std::string& type);
  // The strongest of `candidates` in the newest recording of what it heard (the far end),
  // over its middle second; 0 when there is none or it is silent.
  double heard_tone(const std::vector<double>& candidates) const;
  void kill();  // SIGKILL: no unregistering, no BYE (a phone that lost power or network)
  std::string log() const;
  const std::string& dir() const { return dir_; }

 private:
  bool connect_control();
  void read_available(std::chrono::milliseconds wait);

  BaresipOptions options_;
  std::string dir_;
  std::unique_ptr<ChildProcess> process_;
  int control_ = -1;
  std::string buffer_;
  std::vector<std::string> events_;
  std::vector<std::string> responses_;
};

}  // namespace blendd::test
