// wss:// sessions, over the stream that did the TLS handshake (the template:
// websocket_session_impl.hpp).
#include "daemon/http/websocket_session_impl.hpp"

namespace blendd::daemon {

namespace beast = boost::beast;

void start_websocket_session(TlsStream stream,
                             beast::http::request<beast::http::string_body> request,
                             std::shared_ptr<const WebSocketHandler> handler,
                             WebSocketLimits limits) {
  std::make_shared<ws_detail::WebSocketSession<TlsStream>>(std::move(stream), std::move(handler),
                                                           limits)
      ->run(std::move(request));
}

}  // namespace blendd::daemon
