#include "desk/agent_bot.hpp"

#include <boost/json.hpp>
#include <random>

namespace blendd::desk {

namespace json = boost::json;
using namespace std::chrono_literals;

namespace {
std::string text_of(const json::object& o, const char* key) {
  auto v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}
}  // namespace

AgentBot::AgentBot(AgentBotOptions options) : options_(std::move(options)) {
  thread_ = std::thread([this] { run(); });
}

AgentBot::~AgentBot() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::vector<HandledCall> AgentBot::handled() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return handled_;
}

void AgentBot::run() {
  desk_ = std::make_unique<DeskClient>(options_.host, options_.port);
  if (!desk_->connected()) return;
  desk_->login(options_.agent, options_.token);
  if (!desk_->wait_for("welcome", 5s)) return;
  logged_in_ = true;
  desk_->ready();
  std::mt19937_64 rng(options_.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::optional<HandledCall> current;
  while (!stop_ && !desk_->closed()) {
    if (!current) {
      auto offer = desk_->wait_for("call_offered", 100ms);
      if (!offer) continue;
      current = HandledCall{text_of(*offer, "call"),
                            text_of(*offer, "direction"),
                            "",
                            std::chrono::steady_clock::now(),
                            {}};
      if (auto c = offer->if_contains("customer"); c != nullptr && c->is_object()) {
        current->number = text_of(c->as_object(), "number");
      }
    }
    if (desk_->wait_for("call_offered", 0ms)) ++overlaps_;  // a second call while on one
    const std::string call = current->call;
    auto is_mine = [&call](const json::object& o) { return text_of(o, "call") == call; };
    if (desk_->wait_for("call_withdrawn", 0ms, is_mine)) {
      current.reset();
      // A missed call makes the agent not ready; this agent simply goes ready again.
      auto missed = [](const json::object& o) { return text_of(o, "reason") == "missed call"; };
      if (desk_->wait_for("state", 500ms, missed)) desk_->ready();
      continue;
    }
    if (auto handed = desk_->wait_for("transferring", 0ms, is_mine);
        handed && text_of(*handed, "kind") != "number") {
      // Handed on inside the centre: the result is the new agent's; ready for the next call.
      current.reset();
      ++transfers_;
      desk_->ready();
      continue;
    }
    if (!desk_->wait_for("call_ended", 50ms, is_mine)) continue;
    current->ended = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(options_.wrap_up);
    const bool success = unit(rng) < options_.success_share;
    json::object answers{{"interested", success}};
    if (success) answers["lines"] = 2;
    desk_->submit(call, success ? "success" : "refused", answers);
    current->acknowledged = desk_->wait_for("submitted", 5s, is_mine).has_value();
    if (!current->acknowledged) ++submit_errors_;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      handled_.push_back(*current);
    }
    ++calls_;
    current.reset();
  }
}

}  // namespace blendd::desk
