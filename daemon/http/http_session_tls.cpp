// https:// connections: the TLS handshake, then HTTP (the template: http_session_impl.hpp).
#include "daemon/http/http_session_impl.hpp"

namespace blendd::daemon {

void start_https_session(boost::asio::ip::tcp::socket socket,
                         std::shared_ptr<boost::asio::ssl::context> tls,
                         std::shared_ptr<const HttpHandler> handler, HttpServer::Limits limits,
                         std::shared_ptr<const std::vector<WebSocketRoute>> ws) {
  std::make_shared<http_detail::HttpSession<TlsStream>>(std::move(socket), std::move(tls),
                                                        std::move(handler), limits, std::move(ws))
      ->start();
}

}  // namespace blendd::daemon
