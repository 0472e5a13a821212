#pragma once
// What a start-up (and a takeover) reads back from the store (campaign standings, overrides,
// points, audit) as named steps. A step that fails (Redis still loading its append-only file,
// unreachable) is tried again on the next run(), which the store probe calls after every PING that
// answers; the call centre places no call until every step has succeeded.
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace blendd::daemon {

class StartupRestore {
 public:
  // A step reads and applies; it calls back once with whether it succeeded.
  using Step = std::function<void(std::function<void(bool ok)>)>;

  void add(std::string name, Step step);
  // Starts every step not yet done and not in flight.
  void run();
  // Every step is to be read again (a standby became active: what the old active changed since
  // this node's start must be taken over); a read already in flight does not count.
  void again();
  bool done() const;
  std::vector<std::string> pending() const;  // names of the steps not done yet
  int attempts() const;                      // runs that started at least one step

 private:
  struct Entry {
    std::string name;
    Step step;
    bool done = false;
    bool in_flight = false;
  };
  struct State {
    std::vector<Entry> entries;
    int attempts = 0;
    int generation = 0;  // raised by again(): answers to older reads do not count
  };
  // Shared with the callbacks in flight: a reply after the owner is gone touches only this.
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace blendd::daemon
