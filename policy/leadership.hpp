#pragma once
// Which node of a pair (or more) may act: the one holding the lease in the store, and only while
// its own monotonic clock says the lease cannot have run out. Pure: the store's answers and the
// time are given; the caller asks the store when next_request() says so.
//
// Self-fencing: a lease granted by a request sent at t is held until t + lease - margin by this
// node's reckoning, whatever the store says later — the store set it at or after t, so by then it
// may already belong to another node. A node that loses its lease, or cannot renew it in time,
// stops acting at that instant (no INVITE, no claim, no write).
#include <cstdint>
#include <optional>
#include <string>

#include "policy/time.hpp"

namespace blendd::policy {

enum class NodeRole {
  standby,  // another node holds the lease, or nobody has answered yet
  active,   // holds the lease and may act
};
const char* to_string(NodeRole role);

struct LeaseSettings {
  // Renewal at a third of the lease, fenced a sixth before it ends, a standby asking every sixth.
  static LeaseSettings for_lease(Duration lease) {
    return {lease, lease / 3, lease / 6, lease / 6};
  }
  Duration lease = std::chrono::seconds(3);                // how long the store keeps a grant
  Duration renew_every = std::chrono::milliseconds(1000);  // the active asks this often
  Duration margin = std::chrono::milliseconds(500);        // fenced this long before it ends
  Duration retry_every = std::chrono::milliseconds(500);   // a standby asks this often
};

// What the store answered to an acquire-or-renew request sent at `sent_at`.
struct LeaseAnswer {
  bool granted = false;
  std::uint64_t epoch = 0;   // granted: ours; refused: the holder's
  std::string holder;        // refused: who holds it
  std::string holder_url{};  // refused: where the holder is reached (empty if it did not say)
};

class Leadership {
 public:
  explicit Leadership(LeaseSettings settings) : settings_(settings) {}

  // A request was sent at `sent_at` (monotonic). Returns false if one is still out.
  bool request_sent(TimePoint sent_at);
  // The store answered the request sent last; `now` is when the answer arrived.
  void answered(const LeaseAnswer& answer, TimePoint now);
  // The request failed (timeout, connection): nothing is known, the fence still runs.
  void unanswered(TimePoint now);

  NodeRole role(TimePoint now) const;
  bool may_act(TimePoint now) const { return role(now) == NodeRole::active; }
  // Our epoch while active (every store write carries it); 0 when never granted.
  std::uint64_t epoch() const { return epoch_; }
  // The holder as last seen (for a standby's answers: "the active node is ...").
  const std::string& holder() const { return holder_; }
  const std::string& holder_url() const { return holder_url_; }
  // When to send the next request (now if none has been sent).
  TimePoint next_request(TimePoint now) const;
  // Until when this node may act, when active.
  std::optional<TimePoint> fenced_at() const { return held_until_; }
  // How many times this node became active (a takeover each).
  std::uint64_t takeovers() const { return takeovers_; }

 private:
  LeaseSettings settings_;
  std::optional<TimePoint> pending_sent_;  // the request out, sent then
  std::optional<TimePoint> last_sent_;
  std::optional<TimePoint> held_until_;  // by our clock: acting stops here
  std::uint64_t epoch_ = 0;
  std::string holder_;
  std::string holder_url_;
  std::uint64_t takeovers_ = 0;
};

}  // namespace blendd::policy
