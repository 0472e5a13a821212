#pragma once
// For handlers that may run after their owner is gone — a Redis reply after shutdown destroyed
// the call centre, a WebSocket event after the hub closed: guard() wraps a handler so that it
// does nothing then. Everything runs on the one event-loop thread, so the check cannot race.
// Declare it as the owner's last member: it is destroyed first.
#include <memory>
#include <utility>

namespace blendd::daemon {

class Lifetime {
 public:
  Lifetime() = default;
  Lifetime(const Lifetime&) = delete;
  Lifetime& operator=(const Lifetime&) = delete;

  template <class Handler>
  auto guard(Handler handler) const {
    return [alive = std::weak_ptr<const int>(token_),
            handler = std::move(handler)](auto&&... args) mutable {
      if (alive.expired()) return;
      handler(std::forward<decltype(args)>(args)...);
    };
  }

 private:
  std::shared_ptr<const int> token_ = std::make_shared<const int>(0);
};

}  // namespace blendd::daemon
