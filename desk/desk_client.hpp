#pragma once
// A WebSocket client of blendd's agent desktop protocol, for tests and the demo's simulated
// agents. Runs its own I/O thread; received messages are kept in order and can be waited for.
#include <boost/json/object.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace blendd::desk {

class DeskClient {
 public:
  // Connects to ws://host:port/agent/ws; connected() says whether the handshake succeeded.
  DeskClient(const std::string& host, int port, std::string path = "/agent/ws");
  ~DeskClient();
  DeskClient(const DeskClient&) = delete;
  DeskClient& operator=(const DeskClient&) = delete;

  bool connected() const;
  bool closed() const;                            // the server closed the connection (or it broke)
  int close_code() const;                         // the server's close code, 0 if none
  void send_text(std::string text);               // raw: tests send malformed input with it
  void send(const boost::json::object& message);  // "v" is added
  // Drops the connection with a TCP reset (SO_LINGER 0), no close frame: a crashed browser,
  // a proxy or NAT that forgot the connection.
  void reset_connection();

  void login(const std::string& agent, const std::string& token);
  void ready();
  void not_ready(const std::string& reason);
  void submit(const std::string& call, const std::string& disposition,
              const boost::json::object& answers,
              std::optional<std::int64_t> callback_ms = std::nullopt,
              const std::string& product = "");  // the product sold, when not the one offered

  // Waits for the next not-yet-taken message of this type (and matching pred); takes it. The
  // newest 256 messages not taken are kept.
  std::optional<boost::json::object> wait_for(
      const std::string& type, std::chrono::milliseconds timeout,
      const std::function<bool(const boost::json::object&)>& pred = nullptr);
  // The newest 4,096 messages received (taken or not), oldest first.
  std::vector<boost::json::object> history() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace blendd::desk
