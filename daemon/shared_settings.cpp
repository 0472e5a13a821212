#include "daemon/shared_settings.hpp"

#include "log/log.hpp"

#include "config/config_editor.hpp"
#include "daemon/centre/call_service.hpp"
#include "queue/redis_client.hpp"
#include "queue/target_store.hpp"

namespace blendd::daemon {

SharedSettings::SharedSettings(queue::RedisClient& redis, config::ConfigEditor& editor,
                               CallService& calls)
    : redis_(redis), editor_(editor), calls_(calls) {}

void SharedSettings::attach() {
  calls_.restore_also("live settings", lifetime_.guard([this](std::function<void(bool)> done) {
    redis_.command({"GET", kKey}, lifetime_.guard([this, done](queue::RedisReply r) {
      if (!r.ok()) return done(false);
      if (r.value.type != queue::RedisValue::Type::string) {
        publish();  // none in the store yet (a first start, a new Redis): this node's, if active
        return done(true);
      }
      if (r.value.str == editor_.live_json()) return done(true);
      const auto out = editor_.replace(r.value.str);
      if (out.status != 200) {
        log::error(
            "config: the live settings in the store do not fit this node's file ({}); "
            "this node's own stay in force",
            out.message);
      } else {
        log::info("config: live settings taken over from the store (the active node's)");
      }
      done(true);
    }));
  }));
}

void SharedSettings::publish() {
  if (!calls_.active()) return;
  const std::string json = editor_.live_json();
  std::vector<std::string> argv = json.empty() ? std::vector<std::string>{"DEL", kKey}
                                               : std::vector<std::string>{"SET", kKey, json};
  calls_.store().write_fenced(std::move(argv), [](queue::RedisReply r) {
    if (!r.ok())
      log::warn("config: live settings not shared through the store: {}", r.error.message());
  });
}

}  // namespace blendd::daemon
