#include "daemon/http/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>

#include "daemon/http/http_session.hpp"

#include "log/log.hpp"

namespace blendd::daemon {

std::atomic<long> handler_exceptions{0};

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class HttpServer::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, HttpHandler handler, Limits limits)
      : io_(io),
        acceptor_(io),
        handler_(std::make_shared<const HttpHandler>(std::move(handler))),
        limits_(limits) {}

  std::error_code listen(const std::string& host, std::uint16_t port) {
    beast::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec) return ec;
    tcp::endpoint endpoint(address, port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      beast::error_code ignored;
      acceptor_.close(ignored);
      return ec;
    }
    accept();
    return {};
  }

  void set_websocket(std::string path, WebSocketHandler handler, WebSocketLimits limits) {
    auto routes = ws_ ? *ws_ : std::vector<WebSocketRoute>{};
    routes.push_back(WebSocketRoute{
        std::move(path), std::make_shared<const WebSocketHandler>(std::move(handler)), limits});
    ws_ = std::make_shared<const std::vector<WebSocketRoute>>(std::move(routes));
  }

  std::string use_tls(const std::string& certificate_file, const std::string& key_file) {
    auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
    beast::error_code ec;
    // TLS 1.2 and newer only.
    ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                     ec);
    if (!ec) ctx->use_certificate_chain_file(certificate_file, ec);
    if (ec) return "certificate " + certificate_file + ": " + ec.message();
    ctx->use_private_key_file(key_file, asio::ssl::context::pem, ec);
    if (ec) return "private key " + key_file + ": " + ec.message();
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
      return "private key " + key_file + " does not match certificate " + certificate_file;
    tls_ = std::move(ctx);  // new connections use it; open ones keep theirs
    return {};
  }

  bool tls() const { return tls_ != nullptr; }

  std::uint16_t port() const {
    beast::error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    return ec ? 0 : ep.port();
  }

  void stop() {
    beast::error_code ignored;
    acceptor_.close(ignored);
  }

 private:
  void accept() {
    acceptor_.async_accept(asio::make_strand(io_), [self = shared_from_this()](beast::error_code ec,
                                                                               tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) return;
      if (!ec && self->tls_) {
        start_https_session(std::move(socket), self->tls_, self->handler_, self->limits_,
                            self->ws_);
      } else if (!ec) {
        start_http_session(std::move(socket), self->handler_, self->limits_, self->ws_);
      }
      self->accept();
    });
  }

  asio::io_context& io_;
  tcp::acceptor acceptor_;
  std::shared_ptr<const HttpHandler> handler_;
  Limits limits_;
  std::shared_ptr<const std::vector<WebSocketRoute>> ws_;
  std::shared_ptr<asio::ssl::context> tls_;
};

HttpServer::HttpServer(asio::io_context& io, HttpHandler handler, Limits limits)
    : impl_(std::make_shared<Impl>(io, std::move(handler), limits)) {}
HttpServer::~HttpServer() {
  impl_->stop();
}
std::error_code HttpServer::listen(const std::string& host, std::uint16_t port) {
  return impl_->listen(host, port);
}
void HttpServer::set_websocket(std::string path, WebSocketHandler handler, WebSocketLimits limits) {
  impl_->set_websocket(std::move(path), std::move(handler), limits);
}
std::string HttpServer::use_tls(const std::string& certificate_file, const std::string& key_file) {
  return impl_->use_tls(certificate_file, key_file);
}
bool HttpServer::tls() const {
  return impl_->tls();
}
std::uint16_t HttpServer::port() const {
  return impl_->port();
}
void HttpServer::stop() {
  impl_->stop();
}

}  // namespace blendd::daemon
