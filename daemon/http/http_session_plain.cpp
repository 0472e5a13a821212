// Plain http:// connections (the template: http_session_impl.hpp).
#include "daemon/http/http_session_impl.hpp"

namespace blendd::daemon {

void start_http_session(boost::asio::ip::tcp::socket socket,
                        std::shared_ptr<const HttpHandler> handler, HttpServer::Limits limits,
                        std::shared_ptr<const std::vector<WebSocketRoute>> ws) {
  std::make_shared<http_detail::HttpSession<boost::beast::tcp_stream>>(
      std::move(socket), nullptr, std::move(handler), limits, std::move(ws))
      ->start();
}

}  // namespace blendd::daemon
