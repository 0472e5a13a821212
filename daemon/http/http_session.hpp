#pragma once
// Internal to the HTTP listener: one accepted connection, plain (http://) or after the TLS
// handshake (https://). Each kind is compiled in its own file (http_session_plain.cpp,
// http_session_tls.cpp): Beast's templates for the two are the heaviest code in blendd, and two
// files build side by side.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>
#include <vector>

#include "daemon/http/http_server.hpp"
#include "daemon/http/websocket_types.hpp"

namespace blendd::daemon {

struct WebSocketRoute {
  std::string path;
  std::shared_ptr<const WebSocketHandler> handler;
  WebSocketLimits limits;
};

void start_http_session(boost::asio::ip::tcp::socket socket,
                        std::shared_ptr<const HttpHandler> handler, HttpServer::Limits limits,
                        std::shared_ptr<const std::vector<WebSocketRoute>> ws);
void start_https_session(boost::asio::ip::tcp::socket socket,
                         std::shared_ptr<boost::asio::ssl::context> tls,
                         std::shared_ptr<const HttpHandler> handler, HttpServer::Limits limits,
                         std::shared_ptr<const std::vector<WebSocketRoute>> ws);

}  // namespace blendd::daemon
