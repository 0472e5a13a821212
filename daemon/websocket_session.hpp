#pragma once
// Internal to the HTTP listener: takes over an upgraded connection. Included by
// http_server.cpp only (it brings Beast in).
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>
#include <memory>

#include "daemon/websocket_types.hpp"

namespace blendd::daemon {

void start_websocket_session(boost::asio::ip::tcp::socket socket,
                             boost::beast::http::request<boost::beast::http::string_body> request,
                             std::shared_ptr<const WebSocketHandler> handler,
                             WebSocketLimits limits);

}  // namespace blendd::daemon
