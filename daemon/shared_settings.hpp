#pragma once
// The live settings (what supervisors changed over the API: thresholds, schedules, campaigns)
// shared by every node through the store: the active node puts them at `live-settings` after
// every change; a node reads them back at its start and at every takeover, before the first
// call, and adopts them when they differ from its own file (validated against its blendd.yaml
// like any change). Without this a takeover would forget what was tuned on the old active.
#include <string>

#include "daemon/centre/lifetime.hpp"

namespace blendd::config {
class ConfigEditor;
}
namespace blendd::queue {
class RedisClient;
}

namespace blendd::daemon {

class CallService;

class SharedSettings {
 public:
  static constexpr const char* kKey = "live-settings";
  SharedSettings(queue::RedisClient& redis, config::ConfigEditor& editor, CallService& calls);
  // Adds the read-back to the call service's start-up and takeover steps.
  void attach();
  // After a change in force: the active node writes it (fenced: a standby's never lands).
  void publish();

 private:
  queue::RedisClient& redis_;
  config::ConfigEditor& editor_;
  CallService& calls_;
  Lifetime lifetime_;  // last: a reply after this object is gone does nothing
};

}  // namespace blendd::daemon
