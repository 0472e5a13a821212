#include "daemon/integrations/webhook_dispatcher.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <deque>
#include <optional>

#include "daemon/integrations/delivery_policy.hpp"
#include "daemon/integrations/event_log.hpp"
#include "daemon/integrations/event_outbox.hpp"
#include "daemon/integrations/webhook_client.hpp"
#include "daemon/integrations/webhook_signature.hpp"
#include "log/log.hpp"
#include "queue/redis_client.hpp"

namespace blendd::daemon {

namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

constexpr int kBatch = 200;
constexpr auto kPoll = 1s;        // caught up: look again (besides every wake)
constexpr auto kStoreRetry = 1s;  // Redis did not answer: try again
constexpr std::int64_t kGapCheckMs = 60000;
constexpr std::size_t kLatencies = 1000;

// Stream ids "ms-seq" in their numeric order.
bool id_less(const std::string& a, const std::string& b) {
  auto parts = [](const std::string& id) {
    const auto dash = id.find('-');
    return std::pair{
        std::strtoull(id.c_str(), nullptr, 10),
        dash == std::string::npos ? 0ULL : std::strtoull(id.c_str() + dash + 1, nullptr, 10)};
  };
  return parts(a) < parts(b);
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

class WebhookDispatcher::Impl : public std::enable_shared_from_this<Impl> {
 public:
  // What the dispatcher is doing; one operation at a time, each ends in pump().
  enum class Phase {
    standby,
    loading,
    idle,
    reading,
    sending,
    dead_lettering,
    waiting,
    store_wait
  };

  Impl(boost::asio::io_context& io, queue::RedisClient& redis, queue::RedisWriter fenced,
       config::WebhookConfig cfg, Clock clock)
      : redis_(redis),
        fenced_(std::move(fenced)),
        cfg_(std::move(cfg)),
        clock_(std::move(clock)),
        policy_(cfg_.retry_s, std::int64_t{cfg_.max_age_s} * 1000, clock_.uniform01),
        client_(io, url_of(cfg_.url), cfg_.ca_file),
        timer_(io) {}

  void set_active(bool active) {
    if (active == active_) return;
    active_ = active;
    log::info("webhook {}: {}", cfg_.id,
              active ? "this node is active: delivering" : "standing by");
    // Whatever was on its way belongs to the old role: its answer is ignored (stale()).
    ++epoch_;
    loaded_ = false;  // the cursor is read again at the next takeover: another node moved it
    batch_.clear();
    replays_.clear();
    current_.reset();
    timer_.cancel();
    phase_ = active ? Phase::idle : Phase::standby;
    pump();
  }

  void wake() {
    if (phase_ == Phase::idle) {
      timer_.cancel();
      pump();
    }
  }

  void replays_waiting() {
    replay_check_ = true;
    wake();
  }

  WebhookStatus status() const {
    WebhookStatus s = status_;
    s.id = cfg_.id;
    s.url = cfg_.url;
    s.cursor = cursor_;
    s.state = state_name();
    if (current_) {
      s.backlog_ms = std::max<std::int64_t>(0, clock_.now_ms() - current_->at_ms);
      s.attempt = attempt_;
    } else if (!batch_.empty()) {
      s.backlog_ms = std::max<std::int64_t>(0, clock_.now_ms() - batch_.front().event.at_ms);
    }
    s.next_attempt_at_ms = phase_ == Phase::waiting ? retry_at_ms_ : 0;
    std::vector<double> l(latencies_.begin(), latencies_.end());
    s.delivery_p50_ms = percentile(l, 0.5);
    s.delivery_p99_ms = percentile(l, 0.99);
    return s;
  }

  const config::WebhookConfig& config() const { return cfg_; }

  void stop() {
    stopped_ = true;
    timer_.cancel();
  }

 private:
  struct Delivery {
    std::string id;
    std::string type;
    std::string call;
    std::int64_t at_ms = 0;
    std::string body;
    std::int64_t since_ms = 0;  // its age counts from here: when it happened, or was replayed
    bool replay = false;
  };

  static config::HttpUrl url_of(const std::string& url) {
    std::string reason;
    return config::parse_http_url(url, reason);  // checked at load
  }

  // An answer to what an earlier role (active, then standby) sent: nothing of it applies now.
  bool stale(std::uint64_t gen) const { return stopped_ || gen != epoch_; }

  bool busy() const {
    return phase_ == Phase::loading || phase_ == Phase::reading || phase_ == Phase::sending ||
           phase_ == Phase::dead_lettering || phase_ == Phase::waiting ||
           phase_ == Phase::store_wait;
  }

  std::string state_name() const {
    switch (phase_) {
      case Phase::standby:
        return "standby";
      case Phase::loading:
        return "starting";
      case Phase::idle:
        return current_ || !batch_.empty() ? "delivering" : "caught_up";
      case Phase::reading:
      case Phase::sending:
      case Phase::dead_lettering:
        return receiver_failing_ ? "retrying" : "delivering";
      case Phase::waiting:
        return "retrying";
      case Phase::store_wait:
        return "store_unavailable";
    }
    return "standby";
  }

  bool wanted(const std::string& type) const {
    if (cfg_.events.empty()) return true;
    return std::any_of(cfg_.events.begin(), cfg_.events.end(),
                       [&](const std::string& p) { return type.rfind(p, 0) == 0; });
  }

  // The one place that decides what comes next.
  void pump() {
    if (stopped_) return;
    if (!active_) {
      if (!busy()) phase_ = Phase::standby;
      return;
    }
    if (busy()) return;
    if (!loaded_) return load();
    if (!current_) {
      if (replay_check_ && replays_.empty()) return read_replays();
      if (!replays_.empty()) {
        current_ = replay_delivery(replays_.front());
        replays_.pop_front();
        if (!current_) return pump();  // an entry that is not a dead letter: dropped in the read
      } else {
        while (!batch_.empty() && !wanted(batch_.front().event.type)) {
          cursor_ = batch_.front().id;
          batch_.pop_front();
        }
        if (batch_.empty()) {
          save_cursor();
          return read();
        }
        const StoredEvent& e = batch_.front();
        current_ = Delivery{
            e.id,          e.event.type, e.event.call, e.event.at_ms, event_json(e.event, e.id),
            e.event.at_ms, false};
      }
      attempt_ = 0;
    }
    if (receiver_failing_ && attempt_ == 0 &&
        policy_.expired(current_->since_ms, clock_.now_ms())) {
      return dead_letter("max_age", "");
    }
    send();
  }

  void after(std::chrono::milliseconds wait, Phase phase) {
    phase_ = phase;
    timer_.expires_after(wait);
    timer_.async_wait(
        [weak = weak_from_this(), phase, gen = epoch_](const boost::system::error_code&) {
          auto self = weak.lock();
          if (!self || self->stale(gen) || self->phase_ != phase) return;
          self->phase_ = Phase::idle;
          self->pump();
        });
  }

  void store_unavailable() { after(kStoreRetry, Phase::store_wait); }

  void load() {
    phase_ = Phase::loading;
    redis_.command(
        {"GET", cursor_key(cfg_.id)}, [weak = weak_from_this(), gen = epoch_](queue::RedisReply r) {
          auto self = weak.lock();
          if (!self || self->stale(gen)) return;
          if (!r.ok()) return self->store_unavailable();
          if (!r.value.is_nil()) {
            self->cursor_ = self->saved_ = r.value.str;
            return self->check_gap([self] { self->loaded(); });
          }
          // A webhook seen for the first time starts with the events from now on.
          newest_event_id(self->redis_, [weak = self->weak_from_this(), gen](std::error_code ec,
                                                                             std::string newest) {
            auto self = weak.lock();
            if (!self || self->stale(gen)) return;
            if (ec) return self->store_unavailable();
            self->cursor_ = newest.empty() ? "0" : newest;
            self->fenced_({"SET", cursor_key(self->cfg_.id), self->cursor_, "NX"},
                          [weak = self->weak_from_this(), gen](queue::RedisReply r) {
                            auto self = weak.lock();
                            if (!self || self->stale(gen)) return;
                            if (!r.ok()) return self->store_unavailable();
                            self->phase_ = Phase::idle;
                            self->loaded_ = false;
                            self->load();  // NX: another node's may have won; read what holds
                          });
          });
        });
  }

  void loaded() {
    loaded_ = true;
    replay_check_ = true;
    log::info("webhook {}: delivering after event {}", cfg_.id, cursor_);
    phase_ = Phase::idle;
    pump();
  }

  // Events the stream trimmed before the cursor reached them are gone: said, and counted.
  void check_gap(std::function<void()> then) {
    last_gap_check_ms_ = clock_.now_ms();
    redis_.command(
        {"XINFO", "STREAM", EventOutbox::kStream},
        [weak = weak_from_this(), gen = epoch_, then = std::move(then)](queue::RedisReply r) {
          auto self = weak.lock();
          if (!self || self->stale(gen)) return;
          const auto& kv = r.value.elements;
          for (std::size_t i = 0; r.ok() && i + 1 < kv.size(); i += 2) {
            if (kv[i].str != "max-deleted-entry-id") continue;
            const std::string& trimmed = kv[i + 1].str;
            if (self->cursor_ != "0" && id_less(self->cursor_, trimmed)) {
              ++self->status_.gaps;
              log::warn(
                  "webhook {}: the event stream no longer holds events after {} (it "
                  "keeps up to {}): they are lost to this webhook",
                  self->cfg_.id, self->cursor_, trimmed);
              self->cursor_ = trimmed;
            }
          }
          then();
        });
  }

  void read() {
    phase_ = Phase::reading;
    if (clock_.now_ms() - last_gap_check_ms_ > kGapCheckMs) {
      return check_gap([self = shared_from_this()] { self->read_batch(); });
    }
    read_batch();
  }

  void read_batch() {
    read_events(redis_, cursor_, kBatch,
                [weak = weak_from_this(), gen = epoch_](std::error_code ec,
                                                        std::vector<StoredEvent> events) {
                  auto self = weak.lock();
                  if (!self || self->stale(gen)) return;
                  if (ec) return self->store_unavailable();
                  if (events.empty()) return self->after(kPoll, Phase::idle), void();
                  self->batch_.assign(std::make_move_iterator(events.begin()),
                                      std::make_move_iterator(events.end()));
                  self->phase_ = Phase::idle;
                  self->pump();
                });
  }

  void read_replays() {
    phase_ = Phase::reading;
    redis_.command({"LRANGE", replay_key(cfg_.id), "0", std::to_string(kBatch - 1)},
                   [weak = weak_from_this(), gen = epoch_](queue::RedisReply r) {
                     auto self = weak.lock();
                     if (!self || self->stale(gen)) return;
                     if (!r.ok()) return self->store_unavailable();
                     for (auto& e : r.value.elements) self->replays_.push_back(std::move(e.str));
                     self->replay_check_ = self->replays_.size() == kBatch;
                     self->phase_ = Phase::idle;
                     self->pump();
                   });
  }

  std::optional<Delivery> replay_delivery(const std::string& raw) {
    json::error_code ec;
    auto v = json::parse(raw, ec);
    const auto* o = !ec ? v.if_object() : nullptr;
    const auto* body = o ? o->if_contains("body") : nullptr;
    if (!body || !body->is_string()) {
      log::warn("webhook {}: a replay entry that is not a dead letter was dropped", cfg_.id);
      fenced_({"LPOP", replay_key(cfg_.id)}, [](queue::RedisReply) {});
      return std::nullopt;
    }
    auto text = [o](const char* k) {
      const auto* x = o->if_contains(k);
      return x && x->is_string() ? std::string(x->as_string()) : std::string();
    };
    const auto* at = o->if_contains("at_ms");
    Delivery d{text("id"),
               text("type"),
               text("call"),
               at && at->is_int64() ? at->as_int64() : 0,
               std::string(body->as_string()),
               clock_.now_ms(),
               true};
    return d;
  }

  void send() {
    phase_ = Phase::sending;
    ++attempt_;
    const std::int64_t ts = clock_.now_ms() / 1000;
    WebhookClient::Headers headers{
        {"User-Agent", "blendd-webhook/1"},
        {"Blendd-Event-Id", current_->id},
        {"Blendd-Event-Type", current_->type},
        {"Blendd-Timestamp", std::to_string(ts)},
        {"Blendd-Attempt", std::to_string(attempt_)},
        {"Blendd-Signature", webhook_signature(cfg_.secret, ts, current_->body)}};
    if (current_->replay) headers.emplace_back("Blendd-Replay", "1");
    client_.post(current_->body, std::move(headers), std::chrono::seconds(cfg_.timeout_s),
                 [weak = weak_from_this(), gen = epoch_](PostResult r) {
                   auto self = weak.lock();
                   if (self && !self->stale(gen)) self->attempted(std::move(r));
                 });
  }

  void attempted(PostResult r) {
    phase_ = Phase::idle;
    status_.last_status = r.status;
    const std::int64_t now = clock_.now_ms();
    const AttemptOutcome outcome = classify_status(r.status);
    if (outcome == AttemptOutcome::delivered) {
      ++status_.delivered;
      if (current_->replay) ++status_.replayed;
      status_.last_delivered_at_ms = now;
      latencies_.push_back(static_cast<double>(now - current_->at_ms));
      if (latencies_.size() > kLatencies) latencies_.pop_front();
      receiver_failing_ = false;
      return done_with_current();
    }
    ++status_.failed_attempts;
    status_.last_error = r.error;
    if (!receiver_failing_ || attempt_ == 1) {
      log::warn("webhook {}: event {} attempt {}: {}", cfg_.id, current_->id, attempt_, r.error);
    }
    receiver_failing_ = true;
    const NextStep step = policy_.after_attempt(outcome, attempt_, current_->since_ms, now);
    if (step.kind == NextStep::Kind::dead_letter) return dead_letter(step.cause, r.error);
    retry_at_ms_ = step.retry_at_ms;
    after(std::chrono::milliseconds(std::max<std::int64_t>(0, step.retry_at_ms - now)),
          Phase::waiting);
  }

  void done_with_current() {
    if (current_->replay) {
      fenced_({"LPOP", replay_key(cfg_.id)}, [](queue::RedisReply) {});
    } else {
      cursor_ = current_->id;
      batch_.pop_front();
      save_cursor();
    }
    current_.reset();
    attempt_ = 0;
    pump();
  }

  void dead_letter(const std::string& cause, const std::string& error) {
    phase_ = Phase::dead_lettering;
    json::object entry{{"id", current_->id},
                       {"type", current_->type},
                       {"call", current_->call},
                       {"at_ms", current_->at_ms},
                       {"cause", cause},
                       {"attempts", attempt_},
                       {"last_status", status_.last_status},
                       {"error", error},
                       {"dead_at_ms", clock_.now_ms()},
                       {"body", current_->body}};
    fenced_({"RPUSH", dead_key(cfg_.id), json::serialize(entry)},
            [weak = weak_from_this(), gen = epoch_, cause](queue::RedisReply r) {
              auto self = weak.lock();
              if (!self || self->stale(gen)) return;
              if (!r.ok()) return self->store_unavailable();  // tried again from the front
              self->fenced_({"LTRIM", dead_key(self->cfg_.id), std::to_string(-kDeadKept), "-1"},
                            [](queue::RedisReply) {});
              ++self->status_.dead_lettered;
              log::warn("webhook {}: event {} ({}) to the dead letters: {}", self->cfg_.id,
                        self->current_->id, self->current_->type, cause);
              self->phase_ = Phase::idle;
              self->done_with_current();
            });
  }

  // One SET in flight; the newest cursor goes next. A failed one is sent again with the next.
  void save_cursor() {
    if (cursor_ == saved_ || saving_) return;
    saving_ = true;
    const std::string value = cursor_;
    fenced_({"SET", cursor_key(cfg_.id), value},
            [weak = weak_from_this(), value](queue::RedisReply r) {
              auto self = weak.lock();
              if (!self) return;
              self->saving_ = false;
              if (!r.ok())
                log::warn("webhook {}: cursor not saved: {}", self->cfg_.id, r.error.message());
              if (r.ok()) self->saved_ = value;
              if (r.ok() && self->cursor_ != self->saved_) self->save_cursor();
            });
  }

  queue::RedisClient& redis_;
  queue::RedisWriter fenced_;
  config::WebhookConfig cfg_;
  Clock clock_;
  DeliveryPolicy policy_;
  WebhookClient client_;
  boost::asio::steady_timer timer_;
  Phase phase_ = Phase::standby;
  bool active_ = false;
  bool stopped_ = false;
  bool loaded_ = false;
  bool replay_check_ = false;
  bool receiver_failing_ = false;
  bool saving_ = false;
  std::string cursor_ = "0";
  std::string saved_;
  std::deque<StoredEvent> batch_;
  std::deque<std::string> replays_;
  std::optional<Delivery> current_;
  int attempt_ = 0;
  std::uint64_t epoch_ = 0;
  std::int64_t retry_at_ms_ = 0;
  std::int64_t last_gap_check_ms_ = 0;
  std::deque<double> latencies_;
  WebhookStatus status_;
};

WebhookDispatcher::WebhookDispatcher(boost::asio::io_context& io, queue::RedisClient& redis,
                                     queue::RedisWriter fenced, config::WebhookConfig cfg,
                                     Clock clock)
    : impl_(
          std::make_shared<Impl>(io, redis, std::move(fenced), std::move(cfg), std::move(clock))) {}

WebhookDispatcher::~WebhookDispatcher() {
  impl_->stop();
}

void WebhookDispatcher::set_active(bool active) {
  impl_->set_active(active);
}
void WebhookDispatcher::wake() {
  impl_->wake();
}
void WebhookDispatcher::replays_waiting() {
  impl_->replays_waiting();
}
WebhookStatus WebhookDispatcher::status() const {
  return impl_->status();
}
const config::WebhookConfig& WebhookDispatcher::config() const {
  return impl_->config();
}

}  // namespace blendd::daemon
