#include "daemon/api/event_stream.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>
#include <map>

#include "daemon/api/api_auth.hpp"
#include "daemon/api/websocket_handler_of.hpp"

namespace blendd::daemon {

namespace json = boost::json;

namespace {
constexpr auto kPoll = std::chrono::milliseconds(100);  // how soon a new event goes out
constexpr int kBatch = 200;
}  // namespace

class EventStream::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(boost::asio::io_context& io, Reader read, Newest newest)
      : timer_(io), read_(std::move(read)), newest_(std::move(newest)) {}

  void start() { arm(); }
  void stop() {
    stopped_ = true;
    timer_.cancel();
  }

  void on_message(const WebSocketPtr& ws, const std::string& text) {
    if (subscribers_.count(ws->id()) != 0) return;  // nothing else is expected
    json::error_code ec;
    auto v = json::parse(text, ec);
    const json::object* o = !ec && v.is_object() ? &v.as_object() : nullptr;
    auto text_of = [o](const char* k) {
      const auto* x = o != nullptr ? o->if_contains(k) : nullptr;
      return x != nullptr && x->is_string() ? std::string(x->as_string()) : std::string();
    };
    Subscriber s{ws, {}, text_of("after"), {}, false, false};
    s.credentials.headers.emplace_back("authorization", "Bearer " + text_of("token"));
    if (!allowed(s.credentials)) {
      ws->send(
          R"({"type":"error","code":"unauthorized","message":"send {\"type\":\"subscribe\",\"token\":…} with a viewer or integration token"})");
      ws->close(4003, "unauthorized");
      return;
    }
    if (const auto* types = o->if_contains("types"); types != nullptr && types->is_array()) {
      for (const auto& t : types->as_array()) {
        if (t.is_string()) s.types.emplace_back(t.as_string());
      }
    }
    const std::uint64_t id = ws->id();
    if (!s.after.empty()) {
      s.ready = true;
      subscribers_[id] = std::move(s);
      ws->send(json::serialize(json::object{{"type", "subscribed"}, {"after", text_of("after")}}));
      return;
    }
    subscribers_[id] = std::move(s);
    // From now: after the newest event the stream holds.
    newest_([weak = weak_from_this(), id](std::error_code ec, std::string newest) {
      auto self = weak.lock();
      if (!self) return;
      auto it = self->subscribers_.find(id);
      if (it == self->subscribers_.end()) return;
      if (ec) {
        it->second.ws->send(
            R"({"type":"error","code":"store_unavailable","message":"the event stream is not readable now"})");
        it->second.ws->close(4503, "store unavailable");
        self->subscribers_.erase(it);
        return;
      }
      it->second.after = newest.empty() ? "0" : newest;
      it->second.ready = true;
      it->second.ws->send(
          json::serialize(json::object{{"type", "subscribed"}, {"after", it->second.after}}));
    });
  }

  void on_close(const WebSocketPtr& ws) { subscribers_.erase(ws->id()); }

  bool allowed(const HttpRequest& credentials) const {
    return authorise(credentials, tokens_, Role::viewer).caller.has_value() ||
           authorise(credentials, tokens_, Role::integration).caller.has_value();
  }

  struct Subscriber {
    WebSocketPtr ws;
    HttpRequest credentials;  // checked again on every poll: a revoked token ends the stream
    std::string after;        // the last event it was sent (or skipped)
    std::vector<std::string> types;
    bool ready = false;    // its starting point is known
    bool reading = false;  // a read is on its way
  };
  std::vector<config::ApiToken> tokens_;
  std::map<std::uint64_t, Subscriber> subscribers_;

 private:
  void arm() {
    timer_.expires_after(kPoll);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->stopped_) return;
      self->poll();
      self->arm();
    });
  }

  void poll() {
    for (auto it = subscribers_.begin(); it != subscribers_.end();) {
      if (!allowed(it->second.credentials)) {
        it->second.ws->send(
            R"({"type":"error","code":"unauthorized","message":"the token was revoked or has expired"})");
        it->second.ws->close(4003, "token no longer valid");
        it = subscribers_.erase(it);
        continue;
      }
      Subscriber& s = it->second;
      ++it;
      if (!s.ready || s.reading) continue;
      s.reading = true;
      read_(s.after, kBatch,
            [weak = weak_from_this(), id = s.ws->id()](std::error_code ec,
                                                       std::vector<StoredEvent> events) {
              auto self = weak.lock();
              if (!self) return;
              auto found = self->subscribers_.find(id);
              if (found == self->subscribers_.end()) return;
              Subscriber& s = found->second;
              s.reading = false;
              if (ec) return;  // tried again at the next poll
              for (const auto& e : events) {
                s.after = e.id;
                if (!wanted(s, e.event.type)) continue;
                s.ws->send(event_json(e.event, e.id));
              }
            });
    }
  }

  static bool wanted(const Subscriber& s, const std::string& type) {
    if (s.types.empty()) return true;
    for (const auto& prefix : s.types) {
      if (type.rfind(prefix, 0) == 0) return true;
    }
    return false;
  }

  boost::asio::steady_timer timer_;
  Reader read_;
  Newest newest_;
  bool stopped_ = false;
};

EventStream::EventStream(boost::asio::io_context& io, Reader read, Newest newest)
    : impl_(std::make_shared<Impl>(io, std::move(read), std::move(newest))) {
  impl_->start();
}
EventStream::~EventStream() {
  impl_->stop();
}
void EventStream::update(const std::vector<config::ApiToken>& tokens) {
  impl_->tokens_ = tokens;
}
void EventStream::stop() {
  impl_->stop();
}
int EventStream::subscribers() const {
  return static_cast<int>(impl_->subscribers_.size());
}

WebSocketHandler EventStream::handler() {
  return websocket_handler_of(impl_);
}

}  // namespace blendd::daemon
