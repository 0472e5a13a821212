#pragma once
// Internal to the HTTP listener: takes over an upgraded connection. Included by
// http_server.cpp only (it brings Beast in).
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <memory>

#include "daemon/http/websocket_types.hpp"

namespace blendd::daemon {

using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

void start_websocket_session(boost::asio::ip::tcp::socket socket,
                             boost::beast::http::request<boost::beast::http::string_body> request,
                             std::shared_ptr<const WebSocketHandler> handler,
                             WebSocketLimits limits);
// The same over TLS (wss://): the stream that did the handshake carries on.
void start_websocket_session(TlsStream stream,
                             boost::beast::http::request<boost::beast::http::string_body> request,
                             std::shared_ptr<const WebSocketHandler> handler,
                             WebSocketLimits limits);

}  // namespace blendd::daemon
