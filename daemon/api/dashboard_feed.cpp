#include "daemon/api/dashboard_feed.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>

#include "daemon/api/api_auth.hpp"
#include "daemon/api/websocket_handler_of.hpp"

namespace blendd::daemon {

class DashboardFeed::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(boost::asio::io_context& io, std::function<std::string()> figures)
      : timer_(io), figures_(std::move(figures)) {}

  void start() { arm(); }
  void stop() {
    stopped_ = true;
    timer_.cancel();
  }

  void on_message(const WebSocketPtr& ws, const std::string& text) {
    if (subscribed_.count(ws->id()) != 0) return;  // nothing else is expected
    boost::json::error_code ec;
    auto v = boost::json::parse(text, ec);
    std::string token;
    if (!ec && v.is_object()) {
      if (const auto* t = v.as_object().if_contains("token"); t != nullptr && t->is_string()) {
        token = std::string(t->as_string());
      }
    }
    HttpRequest request;
    request.headers.emplace_back("authorization", "Bearer " + token);
    auto auth = authorise(request, tokens_, Role::viewer);
    if (!auth.caller) {
      ws->send(
          R"({"type":"error","code":"unauthorized","message":"send {\"type\":\"auth\",\"token\":…} with a viewer token"})");
      ws->close(4003, "unauthorized");
      return;
    }
    subscribed_[ws->id()] = Subscriber{ws, request};
    ws->send(figures_());
  }

  void on_close(const WebSocketPtr& ws) { subscribed_.erase(ws->id()); }

  // A token revoked by a reload or past its expiry ends the feed it opened.
  void recheck() {
    for (auto it = subscribed_.begin(); it != subscribed_.end();) {
      if (authorise(it->second.credentials, tokens_, Role::viewer).caller) {
        ++it;
        continue;
      }
      it->second.ws->send(
          R"({"type":"error","code":"unauthorized","message":"the token was revoked or has expired"})");
      it->second.ws->close(4003, "token no longer valid");
      it = subscribed_.erase(it);
    }
  }

  struct Subscriber {
    WebSocketPtr ws;
    HttpRequest credentials;  // the Authorization it opened with, checked again every second
  };
  std::vector<config::ApiToken> tokens_;
  std::map<std::uint64_t, Subscriber> subscribed_;

 private:
  void arm() {
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->stopped_) return;
      self->recheck();
      if (!self->subscribed_.empty()) {
        const std::string figures = self->figures_();
        for (const auto& [id, s] : self->subscribed_) s.ws->send(figures);
      }
      self->arm();
    });
  }

  boost::asio::steady_timer timer_;
  std::function<std::string()> figures_;
  bool stopped_ = false;
};

DashboardFeed::DashboardFeed(boost::asio::io_context& io, std::function<std::string()> figures)
    : impl_(std::make_shared<Impl>(io, std::move(figures))) {
  impl_->start();
}
DashboardFeed::~DashboardFeed() {
  impl_->stop();
}
void DashboardFeed::update(const std::vector<config::ApiToken>& tokens) {
  impl_->tokens_ = tokens;
  impl_->recheck();
}
void DashboardFeed::stop() {
  impl_->stop();
}
int DashboardFeed::subscribers() const {
  return static_cast<int>(impl_->subscribed_.size());
}

WebSocketHandler DashboardFeed::handler() {
  return websocket_handler_of(impl_);
}

}  // namespace blendd::daemon
