#include "desk/desk_client.hpp"

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <thread>

namespace blendd::desk {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
namespace json = boost::json;
using tcp = asio::ip::tcp;

class DeskClient::Impl {
 public:
  Impl(const std::string& host, int port, const std::string& path) : ws_(io_) {
    beast::error_code ec;
    tcp::resolver resolver(io_);
    auto endpoints = resolver.resolve(host, std::to_string(port), ec);
    if (!ec) beast::get_lowest_layer(ws_).connect(endpoints, ec);
    if (!ec) ws_.handshake(host + ":" + std::to_string(port), path, ec);
    if (ec) {
      closed_ = true;
      return;
    }
    connected_ = true;
    read();
    thread_ = std::thread([this] { io_.run(); });
  }

  ~Impl() {
    asio::post(io_, [this] {
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
    });
    if (thread_.joinable()) thread_.join();
  }

  void reset_connection() {
    asio::post(io_, [this] {
      beast::error_code ignored;
      auto& socket = beast::get_lowest_layer(ws_).socket();
      socket.set_option(asio::socket_base::linger(true, 0), ignored);
      socket.close(ignored);
    });
  }

  void send(std::string text) {
    asio::post(io_, [this, text = std::move(text)]() mutable {
      queue_.push_back(std::move(text));
      if (queue_.size() == 1) write_next();
    });
  }

  std::optional<json::object> wait_for(const std::string& type, std::chrono::milliseconds timeout,
                                       const std::function<bool(const json::object&)>& pred) {
    std::unique_lock<std::mutex> lock(mutex_);
    std::optional<json::object> found;
    cv_.wait_for(lock, timeout, [&] {
      for (auto it = inbox_.begin(); it != inbox_.end(); ++it) {
        auto t = it->if_contains("type");
        if (t == nullptr || !t->is_string() || t->as_string() != type) continue;
        if (pred && !pred(*it)) continue;
        found = *it;
        inbox_.erase(it);
        return true;
      }
      return false;
    });
    return found;
  }

  std::vector<json::object> history() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {history_.begin(), history_.end()};
  }

  std::atomic<bool> connected_{false};
  std::atomic<bool> closed_{false};
  std::atomic<int> close_code_{0};

 private:
  void read() {
    ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
      if (ec) {
        close_code_ = ws_.reason().code;
        closed_ = true;
        cv_.notify_all();
        return;
      }
      json::error_code jec;
      json::value v = json::parse(beast::buffers_to_string(buffer_.data()), jec);
      buffer_.consume(buffer_.size());
      if (!jec && v.is_object()) {
        std::lock_guard<std::mutex> lock(mutex_);
        inbox_.push_back(v.as_object());
        history_.push_back(v.as_object());
        // Bounded: a simulated agent that never waits for some message types (state, script…)
        // would otherwise make every wait_for scan everything it was ever sent.
        if (inbox_.size() > kInboxLimit) inbox_.pop_front();
        if (history_.size() > kHistoryLimit) history_.pop_front();
      }
      cv_.notify_all();
      read();
    });
  }

  void write_next() {
    ws_.async_write(asio::buffer(queue_.front()), [this](beast::error_code ec, std::size_t) {
      queue_.pop_front();
      if (!ec && !queue_.empty()) write_next();
    });
  }

  asio::io_context io_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<json::object> inbox_;
  std::deque<json::object> history_;
  static constexpr std::size_t kInboxLimit = 256;
  static constexpr std::size_t kHistoryLimit = 4096;
};

DeskClient::DeskClient(const std::string& host, int port, std::string path)
    : impl_(std::make_unique<Impl>(host, port, path)) {}
DeskClient::~DeskClient() = default;

bool DeskClient::connected() const {
  return impl_->connected_;
}
bool DeskClient::closed() const {
  return impl_->closed_;
}
int DeskClient::close_code() const {
  return impl_->close_code_;
}
void DeskClient::reset_connection() {
  impl_->reset_connection();
}
void DeskClient::send_text(std::string text) {
  impl_->send(std::move(text));
}

void DeskClient::send(const json::object& message) {
  json::object m = message;
  m["v"] = 1;
  impl_->send(json::serialize(m));
}

void DeskClient::login(const std::string& agent, const std::string& token) {
  send({{"type", "login"}, {"agent", agent}, {"token", token}});
}
void DeskClient::ready() {
  send({{"type", "ready"}});
}
void DeskClient::not_ready(const std::string& reason) {
  send({{"type", "not_ready"}, {"reason", reason}});
}

void DeskClient::submit(const std::string& call, const std::string& disposition,
                        const json::object& answers, std::optional<std::int64_t> callback_ms,
                        const std::string& product) {
  json::object m{
      {"type", "submit"}, {"call", call}, {"disposition", disposition}, {"answers", answers}};
  if (callback_ms) m["callback_at_ms"] = *callback_ms;
  if (!product.empty()) m["product"] = product;
  send(m);
}

std::optional<json::object> DeskClient::wait_for(
    const std::string& type, std::chrono::milliseconds timeout,
    const std::function<bool(const json::object&)>& pred) {
  return impl_->wait_for(type, timeout, pred);
}

std::vector<json::object> DeskClient::history() const {
  return impl_->history();
}

}  // namespace blendd::desk
