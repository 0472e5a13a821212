#include "daemon/centre/history_store.hpp"

#include "log/log.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <set>

#include "queue/lua_scripts.hpp"
#include "queue/redis_client.hpp"

namespace blendd::daemon {

namespace {

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  // Trailing zeros are noise in Redis (and in every report that prints the raw value).
  std::string s(buf);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// A hash as the read script packs it: "field value field value ..." (one string per hash: a
// month of intervals is 3,000 replies rather than 250,000).
void parse_fields(const std::string& packed, policy::TallyFields& into) {
  const char* p = packed.c_str();
  const char* end = p + packed.size();
  while (p < end) {
    const char* space = static_cast<const char*>(std::memchr(p, ' ', end - p));
    if (space == nullptr) return;
    std::string field(p, space);
    char* after = nullptr;
    const double v = std::strtod(space + 1, &after);
    into[std::move(field)] += v;
    p = after != nullptr && after < end ? after + 1 : end;
  }
}

std::string ids_key(policy::TallyScope scope) {
  return std::string("hist:ids:") + policy::to_string(scope);
}

}  // namespace

HistoryStore::HistoryStore(queue::RedisClient& redis, std::string instance, policy::TimeZone zone,
                           int retention_days)
    : redis_(redis),
      instance_(std::move(instance)),
      zone_(std::move(zone)),
      retention_days_(retention_days),
      read_(redis, queue::lua::kReadHashes) {}

std::string HistoryStore::key(policy::TallyScope scope, const std::string& id,
                              std::int64_t start_s) {
  return std::string("hist:") + policy::to_string(scope) + ":" + id + ":" + std::to_string(start_s);
}

std::string HistoryStore::day_key(policy::TallyScope scope, const std::string& id,
                                  std::int64_t day_start_s) {
  return std::string("hist:") + policy::to_string(scope) + ":" + id +
         ":day:" + std::to_string(day_start_s);
}

std::string HistoryStore::hour_key(policy::TallyScope scope, const std::string& id,
                                   std::int64_t hour_start_s) {
  return std::string("hist:") + policy::to_string(scope) + ":" + id +
         ":hour:" + std::to_string(hour_start_s);
}

std::int64_t HistoryStore::hour_start(std::int64_t utc_s) const {
  // Local hours: in a zone 30 or 45 minutes off UTC they do not start on UTC hours.
  const auto local = zone_.to_local(policy::TimePoint(std::chrono::seconds(utc_s)));
  return utc_s - local.second_of_day % 3600;
}

std::int64_t HistoryStore::day_start(std::int64_t utc_s) const {
  const auto local = zone_.to_local(policy::TimePoint(std::chrono::seconds(utc_s)));
  const auto start = zone_.from_local(local.day * 86400);
  return std::chrono::duration_cast<std::chrono::seconds>(start.time_since_epoch()).count();
}

void HistoryStore::add(std::vector<policy::TallyRecord> records) {
  for (const auto& r : records) pending_.put(r);
}

std::vector<std::vector<std::string>> HistoryStore::commands(
    const std::vector<policy::TallyRecord>& batch) {
  std::vector<std::vector<std::string>> out;
  std::set<std::string> expiring;
  std::set<std::pair<int, std::string>> named;
  const std::int64_t keep_s = static_cast<std::int64_t>(retention_days_) * 86400;
  for (const auto& r : batch) {
    const std::string k = key(r.scope, r.id, r.start_s);
    const std::int64_t hour = hour_start(r.start_s);
    const std::string hk = hour_key(r.scope, r.id, hour);
    const std::int64_t day = day_start(r.start_s);
    const std::string dk = day_key(r.scope, r.id, day);
    for (const auto& [field, value] : r.fields) {
      if (value == 0) continue;
      const std::string v = number_text(value);
      out.push_back({"HINCRBYFLOAT", k, field, v});
      out.push_back({"HINCRBYFLOAT", hk, field, v});
      out.push_back({"HINCRBYFLOAT", dk, field, v});
    }
    if (expiring.insert(k).second)
      out.push_back({"EXPIREAT", k, std::to_string(r.start_s + keep_s)});
    if (expiring.insert(hk).second)
      out.push_back({"EXPIREAT", hk, std::to_string(hour + keep_s + 3600)});
    if (expiring.insert(dk).second)
      out.push_back({"EXPIREAT", dk, std::to_string(day + keep_s + 86400)});
    if (named.insert({static_cast<int>(r.scope), r.id}).second)
      out.push_back({"SADD", ids_key(r.scope), r.id});
  }
  if (!batch.empty()) {
    // History written before the hour rollups existed has none: the first hour this store may
    // have written whole is the one after its first record's (older hours read their intervals).
    const std::int64_t first = hour_start(batch.front().start_s);
    std::int64_t earliest = first;
    for (const auto& r : batch) earliest = std::min(earliest, hour_start(r.start_s));
    out.push_back({"SET", kHoursFromKey, std::to_string(earliest + 3600), "NX"});
  }
  return out;
}

void HistoryStore::flush() {
  if (*in_flight_ || !writer_) return;
  if (auto again = *unanswered_) return send(again);
  for (const auto& r : *returned_) pending_.put(r);
  returned_->clear();
  if (pending_.empty()) return;
  auto records = pending_.take();
  auto batch = std::make_shared<Batch>();
  batch->mark = "hist:batch:" + instance_ + ":" + std::to_string(++batches_);
  batch->commands = commands(records);
  *unanswered_ = batch;  // until a reply says otherwise
  auto kept = std::make_shared<std::vector<policy::TallyRecord>>(std::move(records));
  *in_flight_ = true;
  writer_(batch->commands, batch->mark,
          [in_flight = in_flight_, fenced = fenced_, returned = returned_, unanswered = unanswered_,
           kept](queue::RedisReply r) {
            *in_flight = false;
            const auto e = r.error;
            using queue::RedisErrc;
            if (e == queue::make_error_code(RedisErrc::timeout) ||
                e == queue::make_error_code(RedisErrc::connection_lost)) {
              return;  // may have been applied: sent again as it is, its mark decides
            }
            unanswered->reset();
            if (r.ok()) return;
            if (e == queue::make_error_code(RedisErrc::fenced)) {
              ++*fenced;  // another node is active: it counts from now on
              return;
            }
            // Not applied (not connected, an error reply): added to what comes next.
            returned->insert(returned->end(), kept->begin(), kept->end());
          });
}

void HistoryStore::send(std::shared_ptr<Batch> batch) {
  *in_flight_ = true;
  writer_(
      batch->commands, batch->mark,
      [in_flight = in_flight_, fenced = fenced_, unanswered = unanswered_](queue::RedisReply r) {
        *in_flight = false;
        using queue::RedisErrc;
        if (r.error == queue::make_error_code(RedisErrc::timeout) ||
            r.error == queue::make_error_code(RedisErrc::connection_lost) ||
            r.error == queue::make_error_code(RedisErrc::not_connected) ||
            r.error == queue::make_error_code(RedisErrc::queue_full)) {
          return;  // still unknown (or not sent): tried again at the next flush
        }
        if (r.error == queue::make_error_code(RedisErrc::fenced)) ++*fenced;
        if (!r.ok() && r.error != queue::make_error_code(RedisErrc::fenced)) {
          log::error("history: a batch could not be stored ({}); its counts are lost",
                     r.error.message());
        }
        unanswered->reset();
      });
}

std::vector<std::int64_t> HistoryStore::starts(std::int64_t from_s, std::int64_t to_s,
                                               Step step) const {
  std::vector<std::int64_t> out;
  if (step == Step::hour) {
    for (std::int64_t t = hour_start(from_s); t < to_s; t += 3600) out.push_back(t);
    return out;
  }
  if (step == Step::interval) {
    const std::int64_t first =
        policy::interval_start(policy::TimePoint(std::chrono::seconds(from_s)), interval_s_);
    for (std::int64_t t = first; t < to_s; t += interval_s_) out.push_back(t);
    return out;
  }
  const auto zone = zone_;
  auto local = zone.to_local(policy::TimePoint(std::chrono::seconds(from_s)));
  for (std::int64_t day = local.day;; ++day) {
    const auto start = std::chrono::duration_cast<std::chrono::seconds>(
                           zone.from_local(day * 86400).time_since_epoch())
                           .count();
    if (start >= to_s) break;
    out.push_back(start);
  }
  return out;
}

void HistoryStore::read(policy::TallyScope scope, std::vector<std::string> ids, std::int64_t from_s,
                        std::int64_t to_s, Step step,
                        std::function<void(std::error_code, std::vector<Series>)> done) {
  auto when = starts(from_s, to_s, step);
  if (step != Step::hour) {
    std::vector<std::vector<std::string>> row_keys;
    row_keys.reserve(ids.size() * when.size());
    for (const auto& id : ids) {
      for (std::int64_t s : when)
        row_keys.push_back({step == Step::day ? day_key(scope, id, s) : key(scope, id, s)});
    }
    return read_rows(std::move(ids), std::move(when), std::move(row_keys), std::move(done));
  }
  redis_.command({"GET", kHoursFromKey},
                 lifetime_.guard([this, scope, ids = std::move(ids), when = std::move(when),
                                  done = std::move(done)](queue::RedisReply r) mutable {
                   if (!r.ok()) return done(r.error, {});
                   const std::int64_t whole_from =
                       r.value.is_nil() ? std::numeric_limits<std::int64_t>::max()
                                        : std::strtoll(r.value.str.c_str(), nullptr, 10);
                   std::vector<std::vector<std::string>> row_keys;
                   row_keys.reserve(ids.size() * when.size());
                   for (const auto& id : ids) {
                     for (std::int64_t h : when) {
                       if (h >= whole_from) {
                         row_keys.push_back({hour_key(scope, id, h)});
                         continue;
                       }
                       std::vector<std::string> parts;
                       for (std::int64_t s : starts(h, h + 3600, Step::interval)) {
                         if (s >= h) parts.push_back(key(scope, id, s));
                       }
                       row_keys.push_back(std::move(parts));
                     }
                   }
                   read_rows(std::move(ids), std::move(when), std::move(row_keys), std::move(done));
                 }));
}

void HistoryStore::read_rows(std::vector<std::string> ids, std::vector<std::int64_t> when,
                             std::vector<std::vector<std::string>> row_keys,
                             std::function<void(std::error_code, std::vector<Series>)> done) {
  std::vector<std::string> keys;
  std::vector<std::size_t> parts;  // keys per row
  for (auto& row : row_keys) {
    parts.push_back(row.size());
    for (auto& k : row) keys.push_back(std::move(k));
  }
  if (keys.empty()) {
    std::vector<Series> out;
    for (auto& id : ids) out.push_back(Series{std::move(id), {}});
    return done({}, std::move(out));
  }
  read_.run(keys, {},
            [ids = std::move(ids), when = std::move(when), parts = std::move(parts),
             done = std::move(done)](queue::RedisReply r) mutable {
              if (!r.ok()) return done(r.error, {});
              std::vector<Series> out;
              std::size_t k = 0;  // the reply's element
              std::size_t n = 0;  // the row
              for (auto& id : ids) {
                Series series{std::move(id), {}};
                series.rows.reserve(when.size());
                for (std::int64_t s : when) {
                  Row row{s, {}};
                  for (std::size_t p = 0; p < parts[n]; ++p, ++k) {
                    if (k >= r.value.elements.size()) break;
                    parse_fields(r.value.elements[k].str, row.fields);
                  }
                  ++n;
                  series.rows.push_back(std::move(row));
                }
                out.push_back(std::move(series));
              }
              done({}, std::move(out));
            });
}

void HistoryStore::ids(policy::TallyScope scope,
                       std::function<void(std::error_code, std::vector<std::string>)> done) {
  redis_.command({"SMEMBERS", ids_key(scope)}, [done = std::move(done)](queue::RedisReply r) {
    if (!r.ok()) return done(r.error, {});
    std::vector<std::string> out;
    for (const auto& e : r.value.elements) out.push_back(e.str);
    std::sort(out.begin(), out.end());
    done({}, std::move(out));
  });
}

}  // namespace blendd::daemon
