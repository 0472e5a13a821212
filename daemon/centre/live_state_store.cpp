#include "daemon/centre/live_state_store.hpp"

#include "log/log.hpp"

#include "queue/redis_client.hpp"

namespace blendd::daemon {

namespace {

// HGETALL of `key`, each value decoded into `into`; a value that does not decode is a problem
// named with its field, not a failure of the read.
template <class Decode, class Record, class Loaded, class Finish>
void read_hash(queue::RedisClient& redis, const char* key, Decode decode,
               std::map<std::string, Record>& into, std::shared_ptr<Loaded> loaded,
               std::shared_ptr<bool> failed, Finish finish) {
  redis.command({"HGETALL", key},
                [key, decode, &into, loaded, failed, finish](queue::RedisReply r) {
                  if (!r.ok()) {
                    *failed = true;
                    return finish();
                  }
                  const auto& e = r.value.elements;
                  for (std::size_t i = 0; i + 1 < e.size(); i += 2) {
                    std::string error;
                    if (auto record = decode(e[i + 1].str, error)) {
                      into[e[i].str] = *record;
                    } else {
                      loaded->problems.push_back(std::string(key) + " " + e[i].str + ": " + error);
                    }
                  }
                  finish();
                });
}

}  // namespace

LiveStateStore::LiveStateStore(queue::RedisClient& redis) : redis_(redis) {}

void LiveStateStore::save_standing(const std::string& campaign, const CampaignStanding& s) {
  write({kStandings, campaign, encode_standing(s)});
}

void LiveStateStore::save_override(const std::string& group,
                                   const std::optional<OverrideRecord>& record) {
  write({kOverrides, group, record ? std::optional(encode_override(*record)) : std::nullopt});
}

void LiveStateStore::write(Write w) {
  const std::string slot = w.key + '\n' + w.field;
  (*unwritten_)[slot] = w;
  std::vector<std::string> argv = w.value
                                      ? std::vector<std::string>{"HSET", w.key, w.field, *w.value}
                                      : std::vector<std::string>{"HDEL", w.key, w.field};
  auto done = [pending = unwritten_, slot, value = w.value](queue::RedisReply r) {
    if (r.error == queue::RedisErrc::fenced) {
      log::warn("state: {} dropped: this node no longer holds the lease",
                slot.substr(slot.find('\n') + 1));
      pending->erase(slot);
      return;
    }
    if (!r.ok()) {
      log::warn("state: {} not stored yet: {}", slot.substr(slot.find('\n') + 1),
                r.error.message());
      return;
    }
    // Only if no newer value came meanwhile (that one has its own write in flight).
    auto it = pending->find(slot);
    if (it != pending->end() && it->second.value == value) pending->erase(it);
  };
  if (writer_) return writer_(std::move(argv), std::move(done));
  redis_.command(std::move(argv), std::move(done));
}

void LiveStateStore::retry_unwritten() {
  if (unwritten_->empty()) return;
  std::vector<Write> again;
  for (const auto& [slot, w] : *unwritten_) again.push_back(w);
  for (auto& w : again) write(std::move(w));
}

std::size_t LiveStateStore::unwritten() const {
  return unwritten_->size();
}

void LiveStateStore::load(std::function<void(bool, Loaded)> done) {
  // One MULTI-free pair of reads; both must answer, or nothing is applied.
  auto loaded = std::make_shared<Loaded>();
  auto answers = std::make_shared<int>(0);
  auto failed = std::make_shared<bool>(false);
  auto shared_done = std::make_shared<std::function<void(bool, Loaded)>>(std::move(done));
  auto finish = [loaded, answers, failed, shared_done] {
    if (++*answers < 2) return;
    (*shared_done)(!*failed, *failed ? Loaded{} : std::move(*loaded));
  };
  read_hash(redis_, kStandings, decode_standing, loaded->standings, loaded, failed, finish);
  read_hash(redis_, kOverrides, decode_override, loaded->overrides, loaded, failed, finish);
}

}  // namespace blendd::daemon
