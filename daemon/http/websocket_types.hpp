#pragma once
// WebSocket connections as the rest of the daemon sees them: no Beast types. The session
// behind it (websocket_session.cpp) owns itself via shared_from_this, runs on its own strand and
// bounds its write queue.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace blendd::daemon {

class WebSocketConnection {
 public:
  virtual ~WebSocketConnection() = default;
  // Queued for sending; a client that lets the queue fill up is dropped (its TCP connection
  // closed).
  virtual void send(std::string text) = 0;
  virtual void close(std::uint16_t code, std::string reason) = 0;
  virtual std::uint64_t id() const = 0;
};

using WebSocketPtr = std::shared_ptr<WebSocketConnection>;

struct WebSocketHandler {
  std::function<void(const WebSocketPtr&)> opened;
  std::function<void(const WebSocketPtr&, std::string text)> message;
  std::function<void(const WebSocketPtr&)> closed;
};

struct WebSocketLimits {
  std::size_t max_message_bytes = 64 * 1024;  // larger frames close the connection with 1009
  std::size_t max_queued_messages = 256;      // per client
  int idle_timeout_s = 30;  // no traffic (pings included) this long: the client is gone
};

}  // namespace blendd::daemon
