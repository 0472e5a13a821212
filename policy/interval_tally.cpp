#include "policy/interval_tally.hpp"

#include <algorithm>

namespace blendd::policy {

const char* to_string(TallyScope s) {
  switch (s) {
    case TallyScope::group:
      return "group";
    case TallyScope::campaign:
      return "campaign";
    case TallyScope::agent:
      return "agent";
    case TallyScope::product:
      return "product";
  }
  return "group";
}

namespace {

std::int64_t unix_us(TimePoint t) {
  return t.time_since_epoch().count();
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

std::int64_t interval_start(TimePoint t) {
  return floor_div(unix_us(t), kIntervalSeconds * 1'000'000) * kIntervalSeconds;
}

void IntervalTally::add(TallyScope scope, const std::string& id, const std::string& field,
                        double value, TimePoint at) {
  pending_[Key{static_cast<int>(scope), id, interval_start(at)}][field] += value;
}

void IntervalTally::add_span(TallyScope scope, const std::string& id, const std::string& field,
                             TimePoint from, TimePoint to, double weight) {
  std::int64_t at = unix_us(from);
  const std::int64_t end = unix_us(to);
  constexpr std::int64_t step = kIntervalSeconds * 1'000'000;
  while (at < end) {
    const std::int64_t start = floor_div(at, step) * step;
    const std::int64_t until = std::min(end, start + step);
    pending_[Key{static_cast<int>(scope), id, start / 1'000'000}][field] +=
        weight * static_cast<double>(until - at) / 1e6;
    at = until;
  }
}

std::vector<TallyRecord> IntervalTally::take() {
  std::vector<TallyRecord> out;
  out.reserve(pending_.size());
  for (auto& [key, fields] : pending_) {
    out.push_back(TallyRecord{static_cast<TallyScope>(std::get<0>(key)), std::get<1>(key),
                              std::get<2>(key), std::move(fields)});
  }
  pending_.clear();
  return out;
}

void IntervalTally::put(const TallyRecord& record) {
  auto& fields = pending_[Key{static_cast<int>(record.scope), record.id, record.start_s}];
  for (const auto& [name, value] : record.fields) fields[name] += value;
}

std::string wait_bucket(double wait_s) {
  for (int bound : kWaitBounds) {
    if (wait_s <= bound) return "in_wait_le_" + std::to_string(bound);
  }
  return "in_wait_gt_" + std::to_string(kWaitBounds.back());
}

}  // namespace blendd::policy
