#include "daemon/integrations/webhook_client.hpp"

#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

namespace blendd::daemon {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {
constexpr std::size_t kBodyKept = 200;         // of an error answer, for the log and the API
constexpr std::size_t kBodyLimit = 64 * 1024;  // an answer's body read at most
}  // namespace

class WebhookClient::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, config::HttpUrl url, std::string ca_file)
      : io_(io),
        url_(std::move(url)),
        resolver_(io),
        deadline_(io),
        tls_(asio::ssl::context::tls_client) {
    if (url_.tls) {
      boost::system::error_code ec;
      tls_.set_default_verify_paths(ec);
      if (!ca_file.empty()) tls_.load_verify_file(ca_file, ec);
      tls_.set_verify_mode(asio::ssl::verify_peer);
    }
  }

  void post(std::string body, Headers headers, std::chrono::milliseconds timeout,
            std::function<void(PostResult)> done) {
    if (done_) {
      asio::post(io_, [done = std::move(done)] { done({0, "a request is already on its way"}); });
      return;
    }
    request_ = {};
    request_.method(http::verb::post);
    request_.target(url_.target);
    request_.version(11);
    request_.set(http::field::host, url_.host_header());
    request_.set(http::field::content_type, "application/json");
    request_.keep_alive(true);
    for (auto& [k, v] : headers) request_.set(k, v);
    request_.body() = std::move(body);
    request_.prepare_payload();
    done_ = std::move(done);
    timed_out_ = false;
    deadline_.expires_after(timeout);
    deadline_.async_wait([self = shared_from_this(), gen = ++generation_,
                          timeout](const boost::system::error_code& ec) {
      if (ec || gen != self->generation_ || !self->done_) return;
      self->timed_out_ = true;
      self->timeout_ = timeout;
      self->close();  // the operation on its way fails and finishes the request
    });
    if (connected_) return send(true);
    connect();
  }

  void close() {
    resolver_.cancel();
    boost::system::error_code ec;
    if (plain_) plain_->socket().close(ec);
    if (secure_) beast::get_lowest_layer(*secure_).socket().close(ec);
    plain_.reset();
    secure_.reset();
    connected_ = false;
  }

  // Its owner is going: nothing is called back any more.
  void shut() {
    ++generation_;
    done_ = nullptr;
    deadline_.cancel();
    close();
  }

 private:
  void connect() {
    close();
    resolver_.async_resolve(
        url_.host, url_.port,
        [self = shared_from_this(), gen = generation_](const boost::system::error_code& ec,
                                                       tcp::resolver::results_type results) {
          if (gen != self->generation_) return;
          if (ec) return self->fail("resolve " + self->url_.host + ": " + ec.message());
          self->connect_to(results);
        });
  }

  void connect_to(const tcp::resolver::results_type& results) {
    auto on_connect = [self = shared_from_this(), gen = generation_](
                          const boost::system::error_code& ec, const tcp::endpoint&) {
      if (gen != self->generation_) return;
      if (ec) return self->fail("connect: " + ec.message());
      if (!self->url_.tls) {
        self->connected_ = true;
        return self->send(false);
      }
      self->handshake();
    };
    if (url_.tls) {
      secure_.emplace(io_, tls_);
      beast::get_lowest_layer(*secure_).async_connect(results, std::move(on_connect));
    } else {
      plain_.emplace(io_);
      plain_->async_connect(results, std::move(on_connect));
    }
  }

  void handshake() {
    boost::system::error_code ec;
    asio::ip::make_address(url_.host, ec);
    const bool literal = !ec;  // SNI carries names only
    if (!literal) SSL_set_tlsext_host_name(secure_->native_handle(), url_.host.c_str());
    secure_->set_verify_callback(asio::ssl::host_name_verification(url_.host));
    secure_->async_handshake(
        asio::ssl::stream_base::client,
        [self = shared_from_this(), gen = generation_](const boost::system::error_code& ec) {
          if (gen != self->generation_) return;
          if (ec) return self->fail("tls: " + ec.message());
          self->connected_ = true;
          self->send(false);
        });
  }

  void send(bool reused) {
    if (plain_) return exchange(*plain_, reused);
    exchange(*secure_, reused);
  }

  template <class Stream>
  void exchange(Stream& stream, bool reused) {
    http::async_write(stream, request_,
                      [self = shared_from_this(), gen = generation_, reused, &stream](
                          const boost::system::error_code& ec, std::size_t) {
                        if (gen != self->generation_) return;
                        if (ec) return self->failed_exchange(reused, "send: " + ec.message());
                        self->read(stream, reused);
                      });
  }

  template <class Stream>
  void read(Stream& stream, bool reused) {
    buffer_.clear();
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    http::async_read(stream, buffer_, *parser_,
                     [self = shared_from_this(), gen = generation_, reused](
                         const boost::system::error_code& ec, std::size_t) {
                       if (gen != self->generation_) return;
                       if (ec) return self->failed_exchange(reused, "answer: " + ec.message());
                       self->answered();
                     });
  }

  // A kept-alive connection the receiver closed meanwhile fails before any answer: once more on
  // a new one (at worst the receiver sees the event twice, with the same id).
  void failed_exchange(bool reused, const std::string& why) {
    if (reused && !timed_out_) {
      close();
      return connect();
    }
    fail(why);
  }

  void answered() {
    const auto& res = parser_->get();
    PostResult r;
    r.status = static_cast<int>(res.result_int());
    if (r.status < 200 || r.status >= 300) {
      r.error = "HTTP " + std::to_string(r.status);
      if (r.status >= 300 && r.status < 400) {
        r.error += " (redirect to '" + std::string(res[http::field::location]) + "' not followed)";
      } else if (!res.body().empty()) {
        r.error += ": " + res.body().substr(0, kBodyKept);
      }
    }
    if (!res.keep_alive()) close();
    finish(std::move(r));
  }

  void fail(const std::string& why) {
    close();
    PostResult r;
    r.error = timed_out_ ? "timed out after " + std::to_string(timeout_.count()) + " ms" : why;
    finish(std::move(r));
  }

  void finish(PostResult r) {
    ++generation_;  // a late handler of this request is ignored
    deadline_.cancel();
    auto done = std::move(done_);
    done_ = nullptr;
    if (done) done(std::move(r));
  }

  asio::io_context& io_;
  config::HttpUrl url_;
  tcp::resolver resolver_;
  asio::steady_timer deadline_;
  asio::ssl::context tls_;
  std::optional<beast::tcp_stream> plain_;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure_;
  bool connected_ = false;
  http::request<http::string_body> request_;
  beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> parser_;
  std::function<void(PostResult)> done_;
  std::uint64_t generation_ = 0;
  bool timed_out_ = false;
  std::chrono::milliseconds timeout_{0};
};

WebhookClient::WebhookClient(asio::io_context& io, config::HttpUrl url, std::string ca_file)
    : impl_(std::make_shared<Impl>(io, std::move(url), std::move(ca_file))) {}

WebhookClient::~WebhookClient() {
  impl_->shut();
}

void WebhookClient::post(std::string body, Headers headers, std::chrono::milliseconds timeout,
                         std::function<void(PostResult)> done) {
  impl_->post(std::move(body), std::move(headers), timeout, std::move(done));
}

}  // namespace blendd::daemon
