#pragma once
// The CTI events live over WebSocket (/api/v1/events, docs/events.md), for integrations that
// pull: the first message subscribes — {"type":"subscribe","token":…,"after":"<event id>",
// "types":["call.", "agent.state"]} (a viewer or integration token; `after` resumes after that
// event, else the stream starts now; `types` are prefixes, none = all) — then every event from
// the Redis stream arrives as its JSON, in order, with no gap between `after` and the next.
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "config/blendd_config.hpp"
#include "daemon/http/websocket_types.hpp"
#include "daemon/integrations/event_log.hpp"

namespace boost::asio {
class io_context;
}

namespace blendd::daemon {

class EventStream {
 public:
  using Reader =
      std::function<void(const std::string& after, int count,
                         std::function<void(std::error_code, std::vector<StoredEvent>)>)>;
  using Newest = std::function<void(std::function<void(std::error_code, std::string)>)>;
  EventStream(boost::asio::io_context& io, Reader read, Newest newest);
  ~EventStream();
  void update(const std::vector<config::ApiToken>& tokens);
  WebSocketHandler handler();
  void stop();
  int subscribers() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace blendd::daemon
