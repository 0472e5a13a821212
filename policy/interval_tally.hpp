#pragma once
// Counters per 15-minute interval: what the history keeps for reports, the advisor and the
// what-if. A fact is added to the interval it happened in (a stay is split over the intervals it
// spans); take() hands over what changed since the last take, as deltas the store adds up.
// Intervals are aligned to UTC multiples of 900 s, which are the centre's local quarter hours
// in every zone in use (all offsets are multiples of 15 minutes).
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "policy/time.hpp"

namespace blendd::policy {

enum class TallyScope { group, campaign, agent, product };
const char* to_string(TallyScope s);

// The default length; a centre may choose a divisor of it (redis.history_interval_s).
inline constexpr std::int64_t kIntervalSeconds = 900;
// Unix seconds of the interval holding `t`.
std::int64_t interval_start(TimePoint t, std::int64_t length_s = kIntervalSeconds);

using TallyFields = std::map<std::string, double>;

struct TallyRecord {
  TallyScope scope = TallyScope::group;
  std::string id;
  std::int64_t start_s = 0;  // the interval's first second (Unix time)
  TallyFields fields;        // deltas
};

class IntervalTally {
 public:
  explicit IntervalTally(std::int64_t length_s = kIntervalSeconds) : length_s_(length_s) {}
  std::int64_t length_s() const { return length_s_; }
  // Facts of the other scopes are dropped (a replay reads only the group's).
  void only(TallyScope scope) { only_ = static_cast<int>(scope); }
  void add(TallyScope scope, const std::string& id, const std::string& field, double value,
           TimePoint at);
  // `weight` per second of [from, to), split over the intervals the span covers.
  void add_span(TallyScope scope, const std::string& id, const std::string& field, TimePoint from,
                TimePoint to, double weight = 1.0);
  // The deltas since the last take (nothing is lost: a failed write adds them back with put()).
  std::vector<TallyRecord> take();
  void put(const TallyRecord& record);
  bool empty() const { return pending_.empty(); }

 private:
  using Key = std::tuple<int, std::string, std::int64_t>;
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };
  std::int64_t length_s_;
  int only_ = -1;  // -1: every scope
  // Hashed: every call and agent stay lands here (a sorted map cost a week's replay a third of
  // its time in key comparisons); take() sorts what it hands over.
  std::unordered_map<Key, TallyFields, KeyHash> pending_;
  // The entry written last: most facts come in runs for one group and interval (an unordered
  // map's entries stay where they are until take()).
  TallyFields& entry(int scope, const std::string& id, std::int64_t start_s);
  Key last_key_;
  TallyFields* last_ = nullptr;
};

// The inbound waits histogram: an answered call's wait is counted in the first bucket whose
// upper bound (seconds) holds it, "in_wait_le_<b>", or "in_wait_gt_300" — enough to read the
// service level later at any threshold (between bounds linearly).
inline constexpr std::array<int, 11> kWaitBounds = {5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300};
std::string wait_bucket(double wait_s);

}  // namespace blendd::policy
