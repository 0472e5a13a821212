#pragma once
// A WebSocket connection as a template over its stream; included by websocket_session_plain.cpp
// and websocket_session_tls.cpp only (each instantiates one stream: two files build side by side).
#include "daemon/http/websocket_session.hpp"

#include "daemon/http/http_types.hpp"

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>

#include "log/log.hpp"

namespace blendd::daemon::ws_detail {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Shared by both kinds of session (one counter for the whole process).
inline std::atomic<std::uint64_t> next_id{1};

// NextLayer: beast::tcp_stream (ws://) or TlsStream (wss://).
template <class NextLayer>
class WebSocketSession : public WebSocketConnection,
                         public std::enable_shared_from_this<WebSocketSession<NextLayer>> {
 public:
  template <class Transport>
  WebSocketSession(Transport transport, std::shared_ptr<const WebSocketHandler> handler,
                   WebSocketLimits limits)
      : ws_(std::move(transport)), handler_(std::move(handler)), limits_(limits), id_(next_id++) {}

  void run(beast::http::request<beast::http::string_body> request) {
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(10);
    timeouts.idle_timeout = std::chrono::seconds(limits_.idle_timeout_s);
    timeouts.keep_alive_pings = true;  // a ping at half the idle time keeps live clients in
    ws_.set_option(timeouts);
    ws_.read_message_max(limits_.max_message_bytes);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, "blendd"); }));
    ws_.async_accept(request, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->open_ = true;
      if (self->handler_->opened) self->handler_->opened(self);
      self->read();
    });
  }

  void send(std::string text) override {
    asio::dispatch(ws_.get_executor(),
                   [self = shared_from_this(), text = std::move(text)]() mutable {
                     if (!self->open_) return;
                     if (self->closing_) return;
                     if (self->queue_.size() >= self->limits_.max_queued_messages) {
                       // A client that does not read would never take a close frame either: drop
                       // it.
                       beast::error_code ignored;
                       beast::get_lowest_layer(self->ws_).socket().close(ignored);
                       return;
                     }
                     self->queue_.push_back(std::move(text));
                     if (self->queue_.size() == 1) self->write_next();
                   });
  }

  // Messages already queued (e.g. the error saying why) go out first, then the close frame.
  void close(std::uint16_t code, std::string reason) override {
    asio::dispatch(ws_.get_executor(), [self = shared_from_this(), code, reason] {
      if (!self->open_ || self->closing_) return;
      self->closing_ = true;
      self->close_reason_ =
          websocket::close_reason(static_cast<websocket::close_code>(code), reason);
      if (self->queue_.empty()) self->send_close();
    });
  }

  std::uint64_t id() const override { return id_; }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->finish();  // closed, timed out, or a frame over the limit (1009)
      if (!self->ws_.got_text()) {
        self->buffer_.consume(self->buffer_.size());
        return self->close(static_cast<std::uint16_t>(websocket::close_code::bad_payload),
                           "text frames only");
      }
      std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      if (self->handler_->message && !self->closing_) {
        try {
          self->handler_->message(self, std::move(text));
        } catch (const std::exception& e) {
          // The last resort: a handler's bug closes this session (1011), never blendd.
          ++handler_exceptions;
          log::error("websocket: session {}: a message could not be handled: {}", self->id_,
                     e.what());
          self->close(static_cast<std::uint16_t>(websocket::close_code::internal_error),
                      "internal error");
        }
      }
      if (!self->closing_) self->read();
    });
  }

  void write_next() {
    ws_.text(true);
    ws_.async_write(asio::buffer(queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) return self->finish();
                      self->queue_.pop_front();
                      if (!self->queue_.empty()) return self->write_next();
                      if (self->closing_) self->send_close();
                    });
  }

  void send_close() {
    ws_.async_close(close_reason_,
                    [self = shared_from_this()](beast::error_code) { self->finish(); });
  }

  // Reported once, whichever way the connection ends.
  void finish() {
    if (finished_) return;
    finished_ = true;
    open_ = false;
    if (handler_->closed) handler_->closed(shared_from_this());
  }

  using std::enable_shared_from_this<WebSocketSession<NextLayer>>::shared_from_this;

  websocket::stream<NextLayer> ws_;
  beast::flat_buffer buffer_;
  std::shared_ptr<const WebSocketHandler> handler_;
  WebSocketLimits limits_;
  std::uint64_t id_;
  std::deque<std::string> queue_;
  websocket::close_reason close_reason_;
  bool open_ = false;
  bool closing_ = false;
  bool finished_ = false;
};

}  // namespace blendd::daemon::ws_detail
