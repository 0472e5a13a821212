#pragma once
// A simulated agent at a desktop: logs in, goes ready, takes every call it is offered, and after
// each call fills in the questionnaire and registers a disposition. Used by the end-to-end tests
// and the demo. Runs on its own thread; the figures are read from any thread.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "desk/desk_client.hpp"

namespace blendd::desk {

struct AgentBotOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string agent;
  std::string token;
  std::chrono::milliseconds wrap_up{200};  // time "spent" on the questionnaire
  double success_share = 0.3;              // dispositions: success, else refused
  std::uint64_t seed = 1;
};

struct HandledCall {
  std::string call;
  std::string direction;
  std::string number;
  std::chrono::steady_clock::time_point offered;
  std::chrono::steady_clock::time_point ended;
  bool acknowledged = false;  // blendd answered the result with `submitted`: it is stored
};

class AgentBot {
 public:
  explicit AgentBot(AgentBotOptions options);
  ~AgentBot();  // stops the thread and closes the desktop
  AgentBot(const AgentBot&) = delete;
  AgentBot& operator=(const AgentBot&) = delete;

  bool logged_in() const { return logged_in_; }
  int calls() const { return calls_; }
  // Calls this agent handed on to another agent or group (their result not this agent's).
  int transfers() const { return transfers_; }
  // An offer arrived while this agent already had a call: must never happen.
  int overlaps() const { return overlaps_; }
  int submit_errors() const { return submit_errors_; }
  std::vector<HandledCall> handled() const;
  const std::string& agent() const { return options_.agent; }

 private:
  void run();

  AgentBotOptions options_;
  std::unique_ptr<DeskClient> desk_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> logged_in_{false};
  std::atomic<int> calls_{0};
  std::atomic<int> transfers_{0};
  std::atomic<int> overlaps_{0};
  std::atomic<int> submit_errors_{0};
  mutable std::mutex mutex_;
  std::vector<HandledCall> handled_;
  std::thread thread_;
};

}  // namespace blendd::desk
