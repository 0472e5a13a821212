#pragma once
// Every change to how the centre runs — who, when, what, old → new, why — appended to the Redis
// stream `audit` (durable) and kept in memory for the API (the last 1,000, restored at start-up).
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace blendd::queue {
class RedisClient;
}

namespace blendd::daemon {

struct AuditEntry {
  std::int64_t at_ms = 0;
  std::string who;   // token name, "governor", "config reload"
  std::string what;  // e.g. "group sales thresholds"
  std::string old_value;
  std::string new_value;
  std::string why;
};

class AuditLog {
 public:
  static constexpr std::size_t kKept = 1000;
  static constexpr const char* kStream = "audit";

  explicit AuditLog(queue::RedisClient& redis) : redis_(redis) {}
  void append(AuditEntry entry);
  // Loads the newest kKept entries from the stream; done(false) when Redis did not answer.
  void restore(std::function<void(bool ok)> done);
  // Entries Redis did not take (loading, unreachable) are appended again.
  void retry_unwritten();
  // Newest first.
  std::vector<AuditEntry> recent(std::size_t limit) const;

 private:
  queue::RedisClient& redis_;
  void store(const AuditEntry& e);
  // Oldest first; shared with the replies in flight, which never touch `this`.
  std::shared_ptr<std::deque<AuditEntry>> entries_ = std::make_shared<std::deque<AuditEntry>>();
  std::shared_ptr<std::vector<AuditEntry>> unstored_ = std::make_shared<std::vector<AuditEntry>>();
};

}  // namespace blendd::daemon
