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
#include <vector>

#include "policy/time.hpp"

namespace blendd::policy {

enum class TallyScope { group, campaign, agent, product };
const char* to_string(TallyScope s);

inline constexpr std::int64_t kIntervalSeconds = 900;
// Unix seconds of the interval holding `t`.
std::int64_t interval_start(TimePoint t);

using TallyFields = std::map<std::string, double>;

struct TallyRecord {
  TallyScope scope = TallyScope::group;
  std::string id;
  std::int64_t start_s = 0;  // the interval's first second (Unix time)
  TallyFields fields;        // deltas
};

class IntervalTally {
 public:
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
  std::map<Key, TallyFields> pending_;
};

// The inbound waits histogram: an answered call's wait is counted in the first bucket whose
// upper bound (seconds) holds it, "in_wait_le_<b>", or "in_wait_gt_300" — enough to read the
// service level later at any threshold (between bounds linearly).
inline constexpr std::array<int, 11> kWaitBounds = {5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300};
std::string wait_bucket(double wait_s);

}  // namespace blendd::policy
