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

void bump(TallyFields& fields, const std::string& field, double value) {
  fields[field] += value;
}

}  // namespace

std::int64_t interval_start(TimePoint t, std::int64_t length_s) {
  return floor_div(unix_us(t), length_s * 1'000'000) * length_s;
}

void IntervalTally::add(TallyScope scope, const std::string& id, const std::string& field,
                        double value, TimePoint at) {
  if (only_ >= 0 && static_cast<int>(scope) != only_) return;
  bump(entry(static_cast<int>(scope), id, interval_start(at, length_s_)), field, value);
}

void IntervalTally::add_span(TallyScope scope, const std::string& id, const std::string& field,
                             TimePoint from, TimePoint to, double weight) {
  if (only_ >= 0 && static_cast<int>(scope) != only_) return;
  std::int64_t at = unix_us(from);
  const std::int64_t end = unix_us(to);
  const std::int64_t step = length_s_ * 1'000'000;
  while (at < end) {
    const std::int64_t start = floor_div(at, step) * step;
    const std::int64_t until = std::min(end, start + step);
    bump(entry(static_cast<int>(scope), id, start / 1'000'000), field,
         weight * static_cast<double>(until - at) / 1e6);
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
  last_ = nullptr;
  std::sort(out.begin(), out.end(), [](const TallyRecord& a, const TallyRecord& b) {
    return std::tie(a.scope, a.id, a.start_s) < std::tie(b.scope, b.id, b.start_s);
  });
  return out;
}

TallyFields& IntervalTally::entry(int scope, const std::string& id, std::int64_t start_s) {
  if (last_ != nullptr && std::get<0>(last_key_) == scope && std::get<2>(last_key_) == start_s &&
      std::get<1>(last_key_) == id)
    return *last_;
  last_key_ = Key{scope, id, start_s};
  last_ = &pending_[last_key_];
  return *last_;
}

std::size_t IntervalTally::KeyHash::operator()(const Key& k) const {
  const std::size_t h = std::hash<std::string>{}(std::get<1>(k));
  return h ^ (static_cast<std::size_t>(std::get<2>(k)) * 0x9e3779b97f4a7c15ULL) ^
         static_cast<std::size_t>(std::get<0>(k));
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
