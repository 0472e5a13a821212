#pragma once
// Agents' phone registrations in Redis, so a restart or a takeover rings the phones where they
// registered without waiting for each to register again. Key: hash `phone-registrations` (agent →
// JSON list of bindings with their expiry; a binding past its time is dropped when read). A write
// Redis did not take is written again (the newest value) by retry_unwritten(); one the fence
// refused is dropped: another node is active and keeps the registrations now.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "queue/redis_types.hpp"
#include "sip/registration.hpp"

namespace blendd::queue {
class RedisClient;
}

namespace blendd::daemon {

std::string encode_bindings(const std::vector<sip::Binding>& bindings);
// nullopt (and `error` says why) when the text is not a list of bindings.
std::optional<std::vector<sip::Binding>> decode_bindings(const std::string& text,
                                                         std::string& error);

class RegistrationStore {
 public:
  static constexpr const char* kKey = "phone-registrations";

  explicit RegistrationStore(queue::RedisClient& redis);
  void write_with(queue::RedisWriter writer) { writer_ = std::move(writer); }
  void save(const sip::Registration& registration);
  void retry_unwritten();
  std::size_t unwritten() const { return unwritten_->size(); }

  struct Loaded {
    std::vector<sip::Registration> registrations;
    std::vector<std::string> problems;  // damaged values: which agent, why
  };
  // ok=false: Redis did not answer (call again).
  void load(std::function<void(bool ok, Loaded)> done);

 private:
  queue::RedisClient& redis_;
  queue::RedisWriter writer_;
  // agent → the newest encoded bindings not yet taken ("" = delete the field).
  std::shared_ptr<std::map<std::string, std::string>> unwritten_ =
      std::make_shared<std::map<std::string, std::string>>();
};

}  // namespace blendd::daemon
