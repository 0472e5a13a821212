#pragma once
// A private rtpengine for a blendd in media relay mode with no media.rtpengine address (the demo
// and the tests): userspace forwarding only (--table=-1, no kernel module), bound to loopback with
// its own port range, in its own process group and tied to blendd's life (PR_SET_PDEATHSIG) like
// the private Redis. Production points media.rtpengine at the system's rtpengine instead, which
// outlives blendd's restarts so calls keep their audio.
#include <chrono>
#include <cstdint>
#include <string>

#include "os/supervised_child.hpp"

namespace blendd::media {

class EmbeddedRtpengine {
 public:
  struct Options {
    std::string binary = "rtpengine";
    std::string dir;  // pid file, log and recordings live here; created if missing
    std::string interface = "127.0.0.1";
    std::uint16_t port_min = 0;  // the RTP ports it may use
    std::uint16_t port_max = 0;
    std::uint16_t ng_port = 0;  // 0: a free loopback port is chosen
    std::chrono::milliseconds start_timeout{5000};
  };

  explicit EmbeddedRtpengine(Options options);
  ~EmbeddedRtpengine();
  EmbeddedRtpengine(const EmbeddedRtpengine&) = delete;
  EmbeddedRtpengine& operator=(const EmbeddedRtpengine&) = delete;

  // Starts it and waits until it answers an NG ping. Start-up only: it blocks. Returns an empty
  // string on success, else why it failed.
  std::string start();
  void stop(std::chrono::milliseconds timeout = std::chrono::milliseconds(3000));
  bool running();

  pid_t pid() const { return child_.pid(); }
  std::uint16_t ng_port() const { return options_.ng_port; }
  std::string ng_address() const { return "127.0.0.1:" + std::to_string(options_.ng_port); }

 private:
  Options options_;
  os::SupervisedChild child_;
};

// One blocking NG ping to 127.0.0.1:port (start-up and tests): true on "pong".
bool ng_ping_blocking(std::uint16_t port, std::chrono::milliseconds wait);

}  // namespace blendd::media
