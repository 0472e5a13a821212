// ws:// sessions (the template: websocket_session_impl.hpp).
#include "daemon/http/websocket_session_impl.hpp"

namespace blendd::daemon {

using tcp = boost::asio::ip::tcp;
namespace beast = boost::beast;

void start_websocket_session(tcp::socket socket,
                             beast::http::request<beast::http::string_body> request,
                             std::shared_ptr<const WebSocketHandler> handler,
                             WebSocketLimits limits) {
  std::make_shared<ws_detail::WebSocketSession<beast::tcp_stream>>(std::move(socket),
                                                                   std::move(handler), limits)
      ->run(std::move(request));
}

}  // namespace blendd::daemon
