#pragma once
// The configured webhooks, each with its dispatcher: rebuilt when a reload changes one (its
// cursor is in Redis, so nothing is lost or sent twice by that), told when this node becomes
// active or stands by, woken when events are appended. Also the dead letters: listed, and
// queued again for delivery (replay).
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "config/blendd_config.hpp"
#include "daemon/integrations/webhook_dispatcher.hpp"

namespace blendd::daemon {

class WebhookSet {
 public:
  // `active`: whether this node holds the lease now (asked every second).
  WebhookSet(boost::asio::io_context& io, queue::RedisClient& redis, queue::RedisWriter fenced,
             WebhookDispatcher::Clock clock, std::function<bool()> active);
  ~WebhookSet();
  void apply(const std::vector<config::WebhookConfig>& webhooks);
  void wake();
  void stop();
  std::vector<WebhookStatus> status() const;
  bool has(const std::string& id) const;

  // The newest `limit` dead letters, newest first, each as its JSON object (with `event`: the
  // body that was sent).
  void dead_letters(const std::string& id, int limit,
                    std::function<void(std::error_code, std::string json_array)> done);
  // Moves dead letters (those with the ids given, or all) to the replay list, which the webhook
  // delivers before the stream's next event; calls back with how many moved.
  void replay(const std::string& id, const std::vector<std::string>& event_ids,
              std::function<void(std::error_code, long moved)> done);

 private:
  boost::asio::io_context& io_;
  queue::RedisClient& redis_;
  queue::RedisWriter fenced_;
  WebhookDispatcher::Clock clock_;
  std::function<bool()> is_active_;
  boost::asio::steady_timer timer_;
  void arm();
  void set_active(bool active);
  bool active_ = false;
  std::map<std::string, std::unique_ptr<WebhookDispatcher>> hooks_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // Redis answers outliving this see it
};

}  // namespace blendd::daemon
