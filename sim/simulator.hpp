#pragma once
// A discrete-event simulation of a blended call centre that drives the real policy::BlendCore:
// inbound callers, outbound customers and agents are traffic models; every decision is the core's.
#include <functional>
#include <memory>
#include <queue>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "policy/blend_core.hpp"
#include "sim/scenario.hpp"

namespace blendd::sim {

// Figures of one replication, measured after the warm-up.
struct RunFigures {
  double hours = 0;
  double inbound_offered = 0;
  double service_level = 0;  // answered within threshold / answered
  double sl_of_offered = 0;  // answered within threshold / (answered + abandoned)
  double asa_s = 0;
  double inbound_abandon_rate = 0;
  double outbound_dials = 0;
  double outbound_answers = 0;
  double outbound_abandons = 0;
  double outbound_abandon_rate = 0;  // abandons / live answers
  double outbound_per_hour = 0;      // connected outbound calls per hour
  double occupancy_inbound = 0;      // share of logged-in agent time
  double occupancy_outbound = 0;
  double idle_share = 0;
  double talk_min_per_agent_hour = 0;
  double gate_changes = 0;
  double rejected_events = 0;       // events the core refused: always 0 in a sound run
  double max_abandon_rate_24h = 0;  // worst campaign rate seen at any report point
};

// One row per group per report interval (first replication), for CSV/JSON output.
struct IntervalRow {
  double t_h = 0;
  std::string group;
  double idle_level = 0;
  double smoothed_level = 0;
  double start_threshold = 0;
  double stop_threshold = 0;
  bool dialling = false;
  int inbound_waiting = 0;
  double inbound_offered = 0;  // in the interval
  double inbound_sl = 0;       // in the interval
  double outbound_dials = 0;   // in the interval
  double outbound_answers = 0;
  double outbound_abandons = 0;
};

class Simulator {
 public:
  Simulator(const Scenario& scenario, std::uint64_t seed);
  RunFigures run();
  const std::vector<IntervalRow>& intervals() const { return intervals_; }
  const policy::BlendCore& core() const { return core_; }
  // Called with every action the core takes (tests use it to check invariants).
  void on_action(std::function<void(double t_s, const policy::Action&)> observer) {
    observer_ = std::move(observer);
  }
  // Called with every event handed to the core, before it is handled (for replay benchmarks).
  void on_event(std::function<void(policy::TimePoint, const policy::Event&)> observer) {
    event_observer_ = std::move(observer);
  }

 private:
  struct Pending {
    double t;
    std::uint64_t seq;
    std::function<void()> fire;
    bool operator>(const Pending& b) const { return t != b.t ? t > b.t : seq > b.seq; }
  };
  enum class CallState { waiting, talking, ended };
  struct SimCall {
    bool inbound = true;
    int model = 0;  // inbound stream or outbound model index
    CallState state = CallState::waiting;
  };

  void at(double t, std::function<void()> fire);
  void deliver(const policy::Event& e);
  void execute(const policy::Action& a);
  void schedule_arrival(int stream);
  policy::TimePoint time_point(double t) const;

  const Scenario& scenario_;
  policy::BlendCore core_;
  std::mt19937_64 rng_;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<>> queue_;
  std::uint64_t seq_ = 0;
  double now_ = 0;
  std::unordered_map<policy::CallId, SimCall> calls_;
  std::unordered_map<std::string, int> campaign_model_;
  std::unordered_map<std::string, int> group_model_;
  std::vector<int> agent_model_;  // roster index -> agent model (group) index
  policy::CallId next_inbound_ = 1;
  std::uint64_t next_target_ = 1;
  std::set<double> tick_times_;
  double rejected_ = 0;
  double max_abandon_rate_ = 0;
  std::vector<IntervalRow> intervals_;
  std::function<void(double, const policy::Action&)> observer_;
  std::function<void(policy::TimePoint, const policy::Event&)> event_observer_;
};

}  // namespace blendd::sim
