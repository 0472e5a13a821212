#include "daemon/recordings/recording_store.hpp"

#include "queue/redis_client.hpp"
#include "queue/script_runner.hpp"

namespace blendd::daemon {

namespace {

// KEYS[1] the index, KEYS[2] the library set. ARGV: from, to ("+inf" for none), limit,
// examples_only ("1"/"0"), then field/value pairs that must match. Newest first; each result is
// a flat array of the hash's fields and values, with "id". At most kScanned recordings of the
// range are looked at, so a filter over months of recordings never blocks Redis for long.
const char* kSearch = R"lua(
local from, to, limit, examples = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4] == '1'
local want = {}
for i = 5, #ARGV, 2 do want[ARGV[i]] = ARGV[i + 1] end
local out = {}
local ids
if examples then
  ids = redis.call('SMEMBERS', KEYS[2])
else
  ids = redis.call('ZREVRANGEBYSCORE', KEYS[1], to == '+inf' and to or '(' .. to, from,
                   'LIMIT', 0, 5000)
end
for _, id in ipairs(ids) do
  local flat = redis.call('HGETALL', 'rec:' .. id)
  if #flat > 0 then
    local h = {}
    for i = 1, #flat, 2 do h[flat[i]] = flat[i + 1] end
    local ok = true
    for k, v in pairs(want) do
      if h[k] ~= v then ok = false break end
    end
    if ok then
      flat[#flat + 1] = 'id'
      flat[#flat + 1] = id
      out[#out + 1] = flat
      if #out >= limit then break end
    end
  end
end
return out
)lua";

RecordingFields fields_of(const queue::RedisValue& flat) {
  RecordingFields out;
  for (std::size_t i = 0; i + 1 < flat.elements.size(); i += 2) {
    out[flat.elements[i].str] = flat.elements[i + 1].str;
  }
  return out;
}

}  // namespace

RecordingStore::RecordingStore(queue::RedisClient& redis)
    : redis_(redis), search_(std::make_unique<queue::ScriptRunner>(redis, kSearch)) {}

RecordingStore::~RecordingStore() = default;

void RecordingStore::write(std::vector<std::string> argv, Done done) {
  auto reply = [done = std::move(done)](queue::RedisReply r) {
    if (done) done(r.error);
  };
  if (writer_) return writer_(std::move(argv), std::move(reply));
  redis_.command(std::move(argv), std::move(reply));
}

void RecordingStore::save(const std::string& id, const RecordingFields& fields, Done done) {
  std::vector<std::string> argv{"HSET", key(id)};
  for (const auto& [k, v] : fields) {
    argv.push_back(k);
    argv.push_back(v);
  }
  auto started = fields.find("started_ms");
  if (started == fields.end()) return write(std::move(argv), std::move(done));
  write(std::move(argv), {});
  write({"ZADD", kIndex, started->second, id}, std::move(done));
}

void RecordingStore::remove(const std::string& id, Done done) {
  write({"SREM", kLibrary, id}, {});
  write({"ZREM", kIndex, id}, {});
  write({"DEL", key(id)}, std::move(done));
}

void RecordingStore::count_play(const std::string& id) {
  write({"HINCRBY", key(id), "plays", "1"}, {});
}

void RecordingStore::mark_example(const std::string& id, const RecordingFields& example,
                                  Done done) {
  std::vector<std::string> argv{"HSET", key(id)};
  for (const auto& [k, v] : example) {
    argv.push_back(k);
    argv.push_back(v);
  }
  write(std::move(argv), {});
  write({"SADD", kLibrary, id}, std::move(done));
}

void RecordingStore::unmark_example(const std::string& id, Done done) {
  write({"HDEL", key(id), "example", "example_product", "example_note", "example_by"}, {});
  write({"SREM", kLibrary, id}, std::move(done));
}

void RecordingStore::get(
    const std::string& id,
    std::function<void(std::error_code, std::optional<RecordingFields>)> done) {
  redis_.command({"HGETALL", key(id)}, [id, done = std::move(done)](queue::RedisReply r) {
    if (!r.ok()) return done(r.error, std::nullopt);
    RecordingFields f = fields_of(r.value);
    if (f.empty() || f.count("started_ms") == 0) return done({}, std::nullopt);
    f["id"] = id;
    done({}, std::move(f));
  });
}

void RecordingStore::search(
    const RecordingQuery& q,
    std::function<void(std::error_code, std::vector<RecordingFields>)> done) {
  std::vector<std::string> args{std::to_string(q.from_ms),
                                q.to_ms > 0 ? std::to_string(q.to_ms) : std::string("+inf"),
                                std::to_string(q.limit), q.examples_only ? "1" : "0"};
  for (auto [k, v] : {std::pair{"agent", &q.agent}, std::pair{"campaign", &q.campaign},
                      std::pair{"disposition", &q.disposition},
                      std::pair{q.examples_only ? "example_product" : "product", &q.product},
                      std::pair{"direction", &q.direction}}) {
    if (v->empty()) continue;
    args.push_back(k);
    args.push_back(*v);
  }
  search_->run({kIndex, kLibrary}, args, [done = std::move(done)](queue::RedisReply r) {
    if (!r.ok()) return done(r.error, {});
    std::vector<RecordingFields> out;
    for (const auto& row : r.value.elements) out.push_back(fields_of(row));
    done({}, std::move(out));
  });
}

void RecordingStore::older_than(
    std::int64_t before_ms, int limit,
    std::function<void(std::error_code, std::vector<std::string>)> done) {
  redis_.command({"ZRANGEBYSCORE", kIndex, "-inf", "(" + std::to_string(before_ms), "LIMIT", "0",
                  std::to_string(limit)},
                 [done = std::move(done)](queue::RedisReply r) {
                   if (!r.ok()) return done(r.error, {});
                   std::vector<std::string> ids;
                   for (const auto& e : r.value.elements) ids.push_back(e.str);
                   done({}, std::move(ids));
                 });
}

}  // namespace blendd::daemon
