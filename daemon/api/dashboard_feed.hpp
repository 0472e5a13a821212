#pragma once
// Live figures for supervisors' dashboards over WebSocket (/supervisor/ws): the first message
// carries an API token ({"type":"auth","token":…}, viewer role or higher); from then on the
// session receives the figures (as GET /api/v1/figures) every second.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/blendd_config.hpp"
#include "daemon/http/websocket_types.hpp"

namespace boost::asio {
class io_context;
}

namespace blendd::daemon {

class DashboardFeed {
 public:
  // figures() produces the JSON to broadcast.
  DashboardFeed(boost::asio::io_context& io, std::function<std::string()> figures);
  ~DashboardFeed();
  void update(const std::vector<config::ApiToken>& tokens);
  WebSocketHandler handler();
  void stop();
  int subscribers() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace blendd::daemon
