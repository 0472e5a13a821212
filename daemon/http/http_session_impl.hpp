#pragma once
// The HTTP connection as a template over its stream; included by http_session_plain.cpp and
// http_session_tls.cpp only (each instantiates one stream).
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <optional>

#include "daemon/http/http_session.hpp"
#include "daemon/http/http_types.hpp"
#include "daemon/http/websocket_session.hpp"

#include "log/log.hpp"

namespace blendd::daemon::http_detail {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// One connection: reads requests one after another (keep-alive), answers each, owned by
// shared_from_this so it lives exactly as long as an operation is pending on it. Stream is
// beast::tcp_stream (http://) or TlsStream (https://, after the TLS handshake).
template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  // `tls` is kept alive with the session: the stream refers to it.
  HttpSession(tcp::socket socket, std::shared_ptr<asio::ssl::context> tls,
              std::shared_ptr<const HttpHandler> handler, HttpServer::Limits limits,
              std::shared_ptr<const std::vector<WebSocketRoute>> ws)
      : tls_(std::move(tls)),
        stream_(make_stream(std::move(socket), tls_.get())),
        handler_(std::move(handler)),
        limits_(limits),
        ws_(std::move(ws)) {}

  void start() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(10));
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->read();  // a failed handshake just closes
                              });
    } else {
      read();
    }
  }

 private:
  static Stream make_stream(tcp::socket socket, asio::ssl::context* tls) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *tls);
    } else {
      return Stream(std::move(socket));
    }
  }

  void read() {
    parser_.emplace();
    parser_->header_limit(limits_.header_bytes);
    // Beast checks a Content-Length against the body limit as soon as the header is parsed, so
    // the larger one must be in place before; other routes get theirs once the target is known.
    parser_->body_limit(limits_.upload_bytes);
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(limits_.idle_timeout_s));
    // The header first: the body limit depends on the route (uploads may be larger).
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec) return self->on_read(ec);
          auto target = self->parser_->get().target();
          target = target.substr(0, target.find('?'));  // ?strict=1 is still an upload
          const bool upload = self->parser_->get().method() == http::verb::post &&
                              target.size() > 8 && target.ends_with("/targets");
          if (!upload) {
            const auto length = self->parser_->content_length();
            if (length && *length > self->limits_.body_bytes)
              return self->on_read(http::error::body_limit);
            self->parser_->body_limit(self->limits_.body_bytes);  // chunked bodies
          }
          http::async_read(self->stream_, self->buffer_, *self->parser_,
                           [self](beast::error_code ec2, std::size_t) { self->on_read(ec2); });
        });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout) return close();
    if (ec) {
      // Malformed or oversized: say why once, then close (the stream may be out of sync).
      const bool too_big = ec == http::error::header_limit || ec == http::error::body_limit ||
                           ec == http::error::buffer_overflow;
      HttpResponse r =
          json_error(too_big ? 413 : 400, too_big ? "too_large" : "bad_request", ec.message());
      return write(r, false, 11);
    }
    const auto& req = parser_->get();
    const bool has_te = req.find(http::field::transfer_encoding) != req.end();
    const bool has_cl = req.find(http::field::content_length) != req.end();
    if (has_te && (has_cl || !beast::iequals(req[http::field::transfer_encoding], "chunked"))) {
      HttpResponse r = json_error(400, "bad_framing",
                                  "Transfer-Encoding other than chunked, or with Content-Length");
      return write(r, false, req.version());
    }
    if (ws_ && beast::websocket::is_upgrade(req)) {
      const std::string path(req.target().substr(0, req.target().find('?')));
      for (const auto& route : *ws_) {
        if (path != route.path) continue;
        beast::get_lowest_layer(stream_).expires_never();
        if constexpr (kTls) {
          return start_websocket_session(std::move(stream_), parser_->release(), route.handler,
                                         route.limits);
        } else {
          return start_websocket_session(stream_.release_socket(), parser_->release(),
                                         route.handler, route.limits);
        }
      }
    }
    HttpRequest value;
    value.method = std::string(req.method_string());
    value.target = std::string(req.target());
    value.body = req.body();
    for (const auto& field : req) {
      value.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    const bool keep_alive = req.keep_alive();
    const unsigned version = req.version();
    try {
      (*handler_)(value, [self = this->shared_from_this(), keep_alive, version](HttpResponse r) {
        asio::dispatch(self->stream_.get_executor(), [self, r = std::move(r), keep_alive, version] {
          self->write(r, keep_alive, version);
        });
      });
    } catch (const std::exception& e) {
      // The last resort: a handler's bug answers this request 500, it does not end blendd.
      ++handler_exceptions;
      log::error("http: {} {} failed: {}", value.method, value.target.substr(0, 200), e.what());
      write(json_error(500, "internal", "the request could not be handled; it is logged"), false,
            version);
    }
  }

  void write(const HttpResponse& r, bool keep_alive, unsigned version) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(version);
    res->result(static_cast<http::status>(r.status));
    res->set(http::field::server, "blendd");
    res->set(http::field::content_type, r.content_type);
    res->set(http::field::cache_control, "no-store");
    for (const auto& [name, value] : r.headers) res->set(name, value);
    res->keep_alive(keep_alive);
    res->body() = r.body;
    res->prepare_payload();
    http::async_write(
        stream_, *res,
        [self = this->shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
          if (ec || !keep_alive) return self->close();
          self->read();
        });
  }

  void close() {
    if constexpr (kTls) {
      // close_notify first, so the client knows the answer was complete; bounded in time.
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
        beast::error_code ignored;
        beast::get_lowest_layer(self->stream_).socket().close(ignored);
      });
    } else {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
  }

  std::shared_ptr<asio::ssl::context> tls_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<const HttpHandler> handler_;
  HttpServer::Limits limits_;
  std::shared_ptr<const std::vector<WebSocketRoute>> ws_;
};

}  // namespace blendd::daemon::http_detail
