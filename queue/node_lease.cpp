#include "queue/node_lease.hpp"

#include <cstdlib>

namespace blendd::queue {

namespace {

// KEYS[1] the lease hash, KEYS[2] its epoch counter; ARGV[1] node, ARGV[2] lease in ms,
// ARGV[3] the node's URL, ARGV[4] "1" to take it whoever holds it. Returns {1, epoch, node, url}
// when granted, {0, epoch, holder, holder's url} when another node holds it.
const char* const kAcquire = R"lua(
local holder = redis.call('HGET', KEYS[1], 'node')
if holder and holder ~= ARGV[1] and ARGV[4] == '1' then holder = nil end
if holder and holder ~= ARGV[1] then
  return {0, redis.call('HGET', KEYS[1], 'epoch') or '0', holder,
          redis.call('HGET', KEYS[1], 'url') or ''}
end
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not holder then epoch = tostring(redis.call('INCR', KEYS[2])) end
redis.call('HSET', KEYS[1], 'node', ARGV[1], 'epoch', epoch, 'url', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {1, epoch, ARGV[1], ARGV[3]}
)lua";

// KEYS[1] the lease hash; ARGV[1] node. Deletes it only while this node holds it.
const char* const kRelease = R"lua(
if redis.call('HGET', KEYS[1], 'node') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua";

}  // namespace

NodeLease::NodeLease(RedisClient& redis, std::string resource, std::string node,
                     std::chrono::milliseconds lease, std::string url)
    : resource_(std::move(resource)),
      node_(std::move(node)),
      url_(std::move(url)),
      lease_(lease),
      acquire_(redis, kAcquire),
      release_(redis, kRelease) {}

void NodeLease::acquire_or_renew(std::function<void(std::error_code, policy::LeaseAnswer)> done,
                                 bool take_over) {
  acquire_.run({key(resource_), key(resource_) + ":epoch"},
               {node_, std::to_string(lease_.count()), url_, take_over ? "1" : "0"},
               [done = std::move(done)](RedisReply r) {
                 const auto& e = r.value.elements;
                 if (!r.ok() || e.size() != 4) {
                   return done(r.ok() ? make_error_code(RedisErrc::server_error) : r.error, {});
                 }
                 policy::LeaseAnswer answer;
                 answer.granted = e[0].integer == 1;
                 answer.epoch = std::strtoull(e[1].str.c_str(), nullptr, 10);
                 answer.holder = e[2].str;
                 answer.holder_url = e[3].str;
                 done({}, answer);
               });
}

void NodeLease::release(std::function<void(std::error_code)> done) {
  release_.run({key(resource_)}, {node_},
               [done = std::move(done)](RedisReply r) { done(r.error); });
}

}  // namespace blendd::queue
