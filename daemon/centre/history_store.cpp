#include "daemon/centre/history_store.hpp"

#include "log/log.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
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
    const std::int64_t day = day_start(r.start_s);
    const std::string dk = day_key(r.scope, r.id, day);
    for (const auto& [field, value] : r.fields) {
      if (value == 0) continue;
      const std::string v = number_text(value);
      out.push_back({"HINCRBYFLOAT", k, field, v});
      out.push_back({"HINCRBYFLOAT", dk, field, v});
    }
    if (expiring.insert(k).second)
      out.push_back({"EXPIREAT", k, std::to_string(r.start_s + keep_s)});
    if (expiring.insert(dk).second)
      out.push_back({"EXPIREAT", dk, std::to_string(day + keep_s + 86400)});
    if (named.insert({static_cast<int>(r.scope), r.id}).second)
      out.push_back({"SADD", ids_key(r.scope), r.id});
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
  const auto when = starts(from_s, to_s, step);
  std::vector<std::string> keys;
  keys.reserve(ids.size() * when.size());
  for (const auto& id : ids) {
    for (std::int64_t s : when)
      keys.push_back(step == Step::day ? day_key(scope, id, s) : key(scope, id, s));
  }
  if (keys.empty()) {
    std::vector<Series> out;
    for (auto& id : ids) out.push_back(Series{std::move(id), {}});
    return done({}, std::move(out));
  }
  read_.run(keys, {},
            [ids = std::move(ids), when, done = std::move(done)](queue::RedisReply r) mutable {
              if (!r.ok()) return done(r.error, {});
              std::vector<Series> out;
              std::size_t k = 0;
              for (auto& id : ids) {
                Series series{std::move(id), {}};
                for (std::int64_t s : when) {
                  Row row{s, {}};
                  if (k < r.value.elements.size()) {
                    const auto& flat = r.value.elements[k].elements;
                    for (std::size_t i = 0; i + 1 < flat.size(); i += 2)
                      row.fields[flat[i].str] = std::strtod(flat[i + 1].str.c_str(), nullptr);
                  }
                  ++k;
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
