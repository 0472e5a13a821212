#pragma once
// Agent desktops over WebSocket: login with the agent's token, one live session per agent (a new
// login takes the desk over and the old session is told why and closed), every later message
// acts for the logged-in agent only. Messages go to the call centre; its pushes come back here.
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "config/blendd_config.hpp"
#include "daemon/centre/call_centre.hpp"
#include "daemon/centre/lifetime.hpp"
#include "daemon/http/websocket_types.hpp"

namespace blendd::daemon {

class DesktopHub final : public DesktopSink {
 public:
  explicit DesktopHub(const config::BlenddConfig& cfg);
  void attach(CallCentre* centre) { centre_ = centre; }  // nullptr once the centre is gone
  void update(const config::BlenddConfig& cfg);

  WebSocketHandler handler();
  void send(const std::string& agent, const std::string& message) override;
  int sessions() const { return static_cast<int>(by_agent_.size()); }
  // Desks belong on the active node: once another node is known to hold the lease, logins are
  // refused and open desks closed, both with kStandby and the active node's URL when known.
  void set_active(bool active);
  // Where the active node is, asked when a desk is refused (empty: not known yet).
  void find_active_with(std::function<std::string()> active_url) {
    active_url_ = std::move(active_url);
  }
  static constexpr std::uint16_t kStandby = 4005;

 private:
  void on_open(const WebSocketPtr& ws);
  void on_message(const WebSocketPtr& ws, const std::string& text);
  void on_close(const WebSocketPtr& ws);
  void login(const WebSocketPtr& ws, const std::string& agent, const std::string& token);

  std::string standby_reason() const;
  std::string welcome(const std::string& agent) const;

  CallCentre* centre_ = nullptr;
  bool active_ = true;  // false once another node is known to be the active one
  std::function<std::string()> active_url_;
  std::vector<std::string> nodes_;                // this node's URL and its peers', sent in welcome
  std::vector<config::ProductConfig> catalogue_;  // sent in welcome: the desk's clickable list
  std::map<std::string, int> wrap_up_s_;          // group → its wrap-up, for the countdown
  std::map<std::string, std::string> token_hashes_;  // agent → SHA-256 hex
  std::map<std::uint64_t, std::string> agent_of_;    // connection → logged-in agent
  std::map<std::string, WebSocketPtr> by_agent_;     // agent → its one live session
  Lifetime lifetime_;                                // last: destroyed first
};

}  // namespace blendd::daemon
