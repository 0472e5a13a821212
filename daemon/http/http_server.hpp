#pragma once
// The HTTP listener (Boost.Beast). Beast stays inside http_server.cpp; routes see only
// HttpRequest/HttpResponse values.
#include <cstdint>
#include <memory>
#include <string>
#include <system_error>

#include "daemon/http/http_types.hpp"
#include "daemon/http/websocket_types.hpp"

namespace boost::asio {
class io_context;
}

namespace blendd::daemon {

class HttpServer {
 public:
  struct Limits {
    std::uint32_t header_bytes = 8 * 1024;
    std::uint64_t body_bytes = 1024 * 1024;
    // Target-list uploads (POST .../targets) may be this large; everything else body_bytes.
    std::uint64_t upload_bytes = 64 * 1024 * 1024;
    int idle_timeout_s = 30;  // a client silent this long is dropped (slowloris guard)
  };

  HttpServer(boost::asio::io_context& io, HttpHandler handler, Limits limits);
  ~HttpServer();

  // Requests for `path` that ask for a WebSocket upgrade become WebSocket sessions. Call before
  // listen().
  void set_websocket(std::string path, WebSocketHandler handler, WebSocketLimits limits = {});

  // From now on new connections speak TLS (1.2 or newer) with this PEM certificate chain and key:
  // https:// and wss://. Called again (a reload), it rotates the certificate for new
  // connections. Returns why it cannot, or "" when done.
  std::string use_tls(const std::string& certificate_file, const std::string& key_file);
  bool tls() const;

  // Binds and starts accepting. Returns the bind error, if any.
  std::error_code listen(const std::string& host, std::uint16_t port);
  std::uint16_t port() const;  // the bound port (useful when asked for port 0)
  // Stops accepting; open sessions finish their current exchange and close.
  void stop();

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace blendd::daemon
