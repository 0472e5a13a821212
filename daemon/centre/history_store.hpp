#pragma once
// The history per 15-minute interval in Redis (docs/history.md): the core's and the centre's
// counters added up as they happen, and read back for reports, the advisor and the what-if.
// Keys: hash `hist:<scope>:<id>:<interval start>`, the local hour's rollup
// `hist:<scope>:<id>:hour:<start>` and the day's `hist:<scope>:<id>:day:<local midnight>` (Unix
// seconds; hours and days in the centre's zone), each expiring after the retention; string
// `hist:hours_from` is the first hour the hour rollups hold whole (older hours are summed from
// their intervals); set `hist:ids:<scope>` names every id ever recorded. Each batch
// is applied at most once (marked `hist:batch:<instance>:<n>`): one whose reply never came is
// sent again as it was, so a write Redis took before its deadline passed is not counted twice;
// one Redis refused is added to what comes next. A write the fence refuses is dropped: another
// node is active and counts from then on.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "daemon/centre/lifetime.hpp"
#include "policy/interval_tally.hpp"
#include "policy/time_zone.hpp"
#include "queue/redis_types.hpp"
#include "queue/script_runner.hpp"

namespace blendd::queue {
class RedisClient;
}

namespace blendd::daemon {

class HistoryStore {
 public:
  // Writes the commands at most once per `once_key` (TargetStore::write_fenced_batch).
  using BatchWriter = std::function<void(const std::vector<std::vector<std::string>>& commands,
                                         const std::string& once_key, queue::RedisCallback done)>;
  enum class Step { interval, hour, day };
  struct Row {
    std::int64_t start_s = 0;  // the interval's (or local day's) first second
    policy::TallyFields fields;
  };
  struct Series {
    std::string id;
    std::vector<Row> rows;  // one per interval (or day) of the range, empty ones included
  };

  // `instance`: this process's store instance name (batch marks are unique with it).
  HistoryStore(queue::RedisClient& redis, std::string instance, policy::TimeZone zone,
               int retention_days);
  void write_with(BatchWriter writer) { writer_ = std::move(writer); }
  void set_zone(policy::TimeZone zone) { zone_ = std::move(zone); }
  void set_retention_days(int days) { retention_days_ = days; }
  // The interval the core tallies in (redis.history_interval_s, fixed at start).
  void set_interval_s(std::int64_t s) { interval_s_ = s; }
  std::int64_t interval_s() const { return interval_s_; }

  void add(std::vector<policy::TallyRecord> records);
  // Writes what is pending (one batch at a time; the next flush sends what came meanwhile).
  void flush();
  bool idle() const { return !*in_flight_ && pending_.empty() && !*unanswered_; }
  std::uint64_t fenced_dropped() const { return *fenced_; }

  // The rows of [from_s, to_s) for each id, by interval, local hour or local day.
  void read(policy::TallyScope scope, std::vector<std::string> ids, std::int64_t from_s,
            std::int64_t to_s, Step step,
            std::function<void(std::error_code, std::vector<Series>)> done);
  // Every id of the scope the history has ever recorded.
  void ids(policy::TallyScope scope,
           std::function<void(std::error_code, std::vector<std::string>)> done);

  // The starts of [from_s, to_s) by step: intervals, or local midnights in the zone.
  std::vector<std::int64_t> starts(std::int64_t from_s, std::int64_t to_s, Step step) const;
  std::int64_t day_start(std::int64_t utc_s) const;
  std::int64_t hour_start(std::int64_t utc_s) const;
  static std::string key(policy::TallyScope scope, const std::string& id, std::int64_t start_s);
  static std::string day_key(policy::TallyScope scope, const std::string& id,
                             std::int64_t day_start_s);
  static std::string hour_key(policy::TallyScope scope, const std::string& id,
                              std::int64_t hour_start_s);
  static constexpr const char* kHoursFromKey = "hist:hours_from";

 private:
  std::vector<std::vector<std::string>> commands(const std::vector<policy::TallyRecord>& batch);

  struct Batch {
    std::string mark;
    std::vector<std::vector<std::string>> commands;
  };
  void send(std::shared_ptr<Batch> batch);
  // Reads the keys of each row (one, or the intervals of an hour older than the hour rollups).
  void read_rows(std::vector<std::string> ids, std::vector<std::int64_t> when,
                 std::vector<std::vector<std::string>> row_keys,
                 std::function<void(std::error_code, std::vector<Series>)> done);

  queue::RedisClient& redis_;
  std::string instance_;
  std::uint64_t batches_ = 0;
  policy::TimeZone zone_;
  int retention_days_;
  std::int64_t interval_s_ = policy::kIntervalSeconds;
  BatchWriter writer_;
  queue::ScriptRunner read_;
  policy::IntervalTally pending_;
  // Shared with the write in flight, which may answer after the store is gone.
  std::shared_ptr<bool> in_flight_ = std::make_shared<bool>(false);
  std::shared_ptr<std::uint64_t> fenced_ = std::make_shared<std::uint64_t>(0);
  // A batch whose outcome is unknown (no reply in time, connection lost): sent again as it was.
  std::shared_ptr<std::shared_ptr<Batch>> unanswered_ = std::make_shared<std::shared_ptr<Batch>>();
  // Records of a batch Redis refused (an error reply): added to the next one.
  std::shared_ptr<std::vector<policy::TallyRecord>> returned_ =
      std::make_shared<std::vector<policy::TallyRecord>>();
  Lifetime lifetime_;  // last: a reply after the store is gone does nothing
};

}  // namespace blendd::daemon
