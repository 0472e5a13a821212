#include "daemon/integrations/event_log.hpp"

#include <cstdlib>

#include "daemon/integrations/event_outbox.hpp"
#include "queue/redis_client.hpp"

namespace blendd::daemon {

void read_events(queue::RedisClient& redis, const std::string& after, int count,
                 std::function<void(std::error_code, std::vector<StoredEvent>)> done) {
  const std::string from = after.empty() || after == "0" ? "-" : "(" + after;
  redis.command({"XRANGE", EventOutbox::kStream, from, "+", "COUNT", std::to_string(count)},
                [done = std::move(done)](queue::RedisReply r) {
                  std::vector<StoredEvent> out;
                  if (!r.ok()) return done(r.error, out);
                  for (const auto& item : r.value.elements) {
                    if (item.elements.size() < 2) continue;
                    StoredEvent s;
                    s.id = item.elements[0].str;
                    const auto& kv = item.elements[1].elements;
                    for (std::size_t i = 0; i + 1 < kv.size(); i += 2) {
                      const std::string& k = kv[i].str;
                      const std::string& v = kv[i + 1].str;
                      if (k == "type") s.event.type = v;
                      if (k == "at_ms") s.event.at_ms = std::atoll(v.c_str());
                      if (k == "call") s.event.call = v;
                      if (k == "seq") s.event.seq = std::atoi(v.c_str());
                      if (k == "data") s.event.data = v;
                    }
                    out.push_back(std::move(s));
                  }
                  done({}, std::move(out));
                });
}

void newest_event_id(queue::RedisClient& redis,
                     std::function<void(std::error_code, std::string)> done) {
  redis.command({"XREVRANGE", EventOutbox::kStream, "+", "-", "COUNT", "1"},
                [done = std::move(done)](queue::RedisReply r) {
                  if (!r.ok()) return done(r.error, "");
                  if (r.value.elements.empty() || r.value.elements[0].elements.empty())
                    return done({}, "");
                  done({}, r.value.elements[0].elements[0].str);
                });
}

}  // namespace blendd::daemon
