#include "queue/redis_types.hpp"

#include <charconv>

namespace blendd::queue {

namespace {
class RedisCategory : public std::error_category {
 public:
  const char* name() const noexcept override { return "redis"; }
  std::string message(int ev) const override {
    switch (static_cast<RedisErrc>(ev)) {
      case RedisErrc::not_connected:
        return "not connected to Redis";
      case RedisErrc::timeout:
        return "Redis command deadline passed";
      case RedisErrc::connection_lost:
        return "Redis connection lost with the command in flight";
      case RedisErrc::server_error:
        return "Redis replied with an error";
      case RedisErrc::queue_full:
        return "too many Redis commands waiting for a connection";
      case RedisErrc::shutting_down:
        return "Redis client is shutting down";
      case RedisErrc::fenced:
        return "refused by the store: this node no longer holds the lease (a newer epoch does)";
    }
    return "unknown Redis error";
  }
};
}  // namespace

const std::error_category& redis_category() {
  static const RedisCategory category;
  return category;
}

std::string RedisEndpoint::describe() const {
  if (!unix_path.empty()) return "unix://" + unix_path;
  return "redis://" + host + ":" + std::to_string(port);
}

bool parse_redis_url(const std::string& url, RedisEndpoint& out, std::string& reason) {
  out = RedisEndpoint{};
  if (url.rfind("unix://", 0) == 0) {
    out.unix_path = url.substr(7);
    if (out.unix_path.empty() || out.unix_path.front() != '/') {
      reason = "unix:// URL needs an absolute socket path";
      return false;
    }
    return true;
  }
  if (url.rfind("redis://", 0) != 0) {
    reason = "Redis URL must start with redis:// or unix://";
    return false;
  }
  std::string hp = url.substr(8);
  hp = hp.substr(0, hp.find('/'));
  std::string port;
  if (!hp.empty() && hp.front() == '[') {
    auto close = hp.find(']');
    if (close == std::string::npos) {
      reason = "IPv6 host lacks ']'";
      return false;
    }
    out.host = hp.substr(1, close - 1);
    if (close + 1 < hp.size() && hp[close + 1] == ':') port = hp.substr(close + 2);
  } else {
    auto colon = hp.find(':');
    out.host = hp.substr(0, colon);
    if (colon != std::string::npos) port = hp.substr(colon + 1);
  }
  if (out.host.empty()) {
    reason = "host is missing";
    return false;
  }
  if (!port.empty()) {
    int p = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || end != port.data() + port.size() || p <= 0 || p > 65535) {
      reason = "port must be 1-65535";
      return false;
    }
    out.port = p;
  }
  return true;
}

}  // namespace blendd::queue
