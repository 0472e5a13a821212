#include "daemon/integrations/webhook_set.hpp"

#include <boost/json.hpp>

#include "log/log.hpp"
#include "queue/redis_client.hpp"

namespace blendd::daemon {

namespace json = boost::json;

namespace {

// KEYS: dead, replay; ARGV: the event ids to move (none: all). Keeps the others in order.
constexpr const char* kReplayScript = R"lua(
local want = {}
for i = 1, #ARGV do want[ARGV[i]] = true end
local all = redis.call('LRANGE', KEYS[1], 0, -1)
local keep, moved = {}, 0
for _, entry in ipairs(all) do
  local ok, d = pcall(cjson.decode, entry)
  local id = (ok and type(d) == 'table' and d.id) or ''
  if #ARGV == 0 or want[id] then
    redis.call('RPUSH', KEYS[2], entry)
    moved = moved + 1
  else
    keep[#keep + 1] = entry
  end
end
if moved > 0 then
  redis.call('DEL', KEYS[1])
  for i = 1, #keep, 1000 do
    redis.call('RPUSH', KEYS[1], unpack(keep, i, math.min(i + 999, #keep)))
  end
end
return moved
)lua";

}  // namespace

WebhookSet::WebhookSet(boost::asio::io_context& io, queue::RedisClient& redis,
                       queue::RedisWriter fenced, WebhookDispatcher::Clock clock,
                       std::function<bool()> active)
    : io_(io),
      redis_(redis),
      fenced_(std::move(fenced)),
      clock_(std::move(clock)),
      is_active_(std::move(active)),
      timer_(io) {
  arm();
}

WebhookSet::~WebhookSet() {
  stop();
}

void WebhookSet::stop() {
  timer_.cancel();
  hooks_.clear();
}

// Once a second: is this node (still) the active one?
void WebhookSet::arm() {
  set_active(is_active_());
  timer_.expires_after(std::chrono::seconds(1));
  timer_.async_wait(
      [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
        if (ec || alive.expired()) return;
        arm();
      });
}

void WebhookSet::apply(const std::vector<config::WebhookConfig>& webhooks) {
  std::map<std::string, std::unique_ptr<WebhookDispatcher>> next;
  for (const auto& w : webhooks) {
    auto it = hooks_.find(w.id);
    if (it != hooks_.end() && it->second->config() == w) {
      next[w.id] = std::move(it->second);
      continue;
    }
    log::info("webhook {}: {} ({})", w.id, it == hooks_.end() ? "configured" : "changed", w.url);
    auto d = std::make_unique<WebhookDispatcher>(io_, redis_, fenced_, w, clock_);
    d->set_active(active_);
    next[w.id] = std::move(d);
  }
  for (const auto& [id, d] : hooks_) {
    if (d && next.count(id) == 0) log::info("webhook {}: removed (its cursor stays in Redis)", id);
  }
  hooks_ = std::move(next);
}

void WebhookSet::set_active(bool active) {
  if (active == active_) return;
  active_ = active;
  for (auto& [id, d] : hooks_) d->set_active(active);
}

void WebhookSet::wake() {
  for (auto& [id, d] : hooks_) d->wake();
}

std::vector<WebhookStatus> WebhookSet::status() const {
  std::vector<WebhookStatus> out;
  for (const auto& [id, d] : hooks_) out.push_back(d->status());
  return out;
}

bool WebhookSet::has(const std::string& id) const {
  return hooks_.count(id) != 0;
}

void WebhookSet::dead_letters(const std::string& id, int limit,
                              std::function<void(std::error_code, std::string)> done) {
  redis_.command({"LRANGE", WebhookDispatcher::dead_key(id), std::to_string(-limit), "-1"},
                 [done = std::move(done)](queue::RedisReply r) {
                   if (!r.ok()) return done(r.error, "");
                   json::array out;
                   for (auto it = r.value.elements.rbegin(); it != r.value.elements.rend(); ++it) {
                     json::error_code ec;
                     auto v = json::parse(it->str, ec);
                     if (ec || !v.is_object()) continue;
                     auto& o = v.as_object();
                     if (const auto* body = o.if_contains("body"); body && body->is_string()) {
                       auto event = json::parse(body->as_string(), ec);
                       o["event"] = ec ? json::value(nullptr) : std::move(event);
                       o.erase("body");
                     }
                     out.push_back(std::move(v));
                   }
                   done({}, json::serialize(out));
                 });
}

void WebhookSet::replay(const std::string& id, const std::vector<std::string>& event_ids,
                        std::function<void(std::error_code, long)> done) {
  std::vector<std::string> argv{"EVAL", kReplayScript, "2", WebhookDispatcher::dead_key(id),
                                WebhookDispatcher::replay_key(id)};
  argv.insert(argv.end(), event_ids.begin(), event_ids.end());
  // Not fenced (a script cannot run inside the fencing script): the API refuses writes on a
  // standby before they come here.
  redis_.command(std::move(argv), [this, alive = std::weak_ptr<int>(alive_), id,
                                   done = std::move(done)](queue::RedisReply r) {
    if (!r.ok()) return done(r.error, 0);
    if (alive.expired()) return done({}, static_cast<long>(r.value.integer));
    if (auto it = hooks_.find(id); it != hooks_.end() && r.value.integer > 0)
      it->second->replays_waiting();
    done({}, static_cast<long>(r.value.integer));
  });
}

}  // namespace blendd::daemon
