#pragma once
// Value types for Redis replies and errors. Replies are copied out of hiredis before they reach
// callers, so nothing here points into hiredis memory.
#include <functional>
#include <string>
#include <system_error>
#include <vector>

namespace blendd::queue {

enum class RedisErrc {
  not_connected = 1,  // no connection and the command could not wait for one
  timeout,            // the command's deadline passed before a reply came
  connection_lost,    // the connection broke with the command in flight: outcome unknown
  server_error,       // Redis answered with an error reply (message in value.str)
  queue_full,         // too many commands waiting for a connection
  shutting_down,      // the client is stopping
  fenced,             // a store script refused the write: this node's epoch is not the lease's
};

const std::error_category& redis_category();
inline std::error_code make_error_code(RedisErrc e) {
  return {static_cast<int>(e), redis_category()};
}

struct RedisValue {
  enum class Type { nil, integer, string, status, error, array };
  Type type = Type::nil;
  long long integer = 0;
  std::string str;  // string, status and error replies
  std::vector<RedisValue> elements;

  bool is_nil() const { return type == Type::nil; }
};

struct RedisReply {
  std::error_code error;
  RedisValue value;
  bool ok() const { return !error; }
};

using RedisCallback = std::function<void(RedisReply)>;
// Sends one write command (argv) somewhere: straight to Redis, or fenced by the node's lease
// (TargetStore::write_fenced).
using RedisWriter = std::function<void(std::vector<std::string> argv, RedisCallback done)>;

// Where a Redis server listens: a unix socket path, or a TCP host and port.
struct RedisEndpoint {
  std::string unix_path;
  std::string host;
  int port = 6379;
  std::string describe() const;
};

// Parses "unix:///path" or "redis://host:port"; returns false with a reason when malformed.
bool parse_redis_url(const std::string& url, RedisEndpoint& out, std::string& reason);

}  // namespace blendd::queue

template <>
struct std::is_error_code_enum<blendd::queue::RedisErrc> : std::true_type {};
