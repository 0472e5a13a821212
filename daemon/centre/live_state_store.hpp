#pragma once
// Campaign standings (run state, governor record) and group overrides in Redis, so a restart or
// a failover goes on from them. Keys: hash `campaign-states` (campaign → JSON) and hash
// `group-overrides` (group → JSON). A write Redis did not take is written again (the newest
// value), by retry_unwritten() after every successful probe.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/centre/campaign_standing.hpp"
#include "queue/redis_types.hpp"

namespace blendd::queue {
class RedisClient;
}

namespace blendd::daemon {

class LiveStateStore {
 public:
  static constexpr const char* kStandings = "campaign-states";
  static constexpr const char* kOverrides = "group-overrides";

  explicit LiveStateStore(queue::RedisClient& redis);
  // Writes go through `writer` (the node's fenced writes); a write refused by the fence is
  // dropped, not retried: another node is active and owns the state now.
  void write_with(queue::RedisWriter writer) { writer_ = std::move(writer); }
  void save_standing(const std::string& campaign, const CampaignStanding& standing);
  void save_override(const std::string& group, const std::optional<OverrideRecord>& record);
  void retry_unwritten();
  std::size_t unwritten() const;

  struct Loaded {
    std::map<std::string, CampaignStanding> standings;
    std::map<std::string, OverrideRecord> overrides;
    std::vector<std::string> problems;  // damaged values: which key, which field, why
  };
  // ok=false: Redis did not answer both reads (nothing is half-applied; call again).
  void load(std::function<void(bool ok, Loaded)> done);

 private:
  struct Write {
    std::string key;
    std::string field;
    std::optional<std::string> value;  // nullopt: delete the field
  };
  void write(Write w);
  queue::RedisClient& redis_;
  queue::RedisWriter writer_;
  // key + field → the newest value not yet taken; shared with replies in flight.
  std::shared_ptr<std::map<std::string, Write>> unwritten_ =
      std::make_shared<std::map<std::string, Write>>();
};

}  // namespace blendd::daemon
