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
  // The core's history of the run (what a real centre's history would hold), taken once.
  std::vector<policy::TallyRecord> take_history() { return core_.take_tallies(); }
  // Or handed over as the run goes (every few thousand events and at its end), so a long run's
  // tally stays small: a replay keeps only the records it reads.
  void on_history(std::function<void(std::vector<policy::TallyRecord>)> sink) {
    history_sink_ = std::move(sink);
  }
  // Asked every few thousand events: once it says yes the run ends where it is (stopped()).
  void stop_when(std::function<bool()> stop) { stop_ = std::move(stop); }
  bool stopped() const { return stopped_; }
  // Called with every event handed to the core, before it is handled (for replay benchmarks).
  void on_event(std::function<void(policy::TimePoint, const policy::Event&)> observer) {
    event_observer_ = std::move(observer);
  }

 private:
  // The heap holds small entries; what each fires waits in a slot (moving std::functions
  // through heap operations cost a replay a tenth of its time).
  struct Pending {
    double t;
    std::uint64_t seq;
    std::uint32_t slot;
    bool operator>(const Pending& b) const { return t != b.t ? t > b.t : seq > b.seq; }
  };
  std::vector<std::function<void()>> slots_;
  std::vector<std::uint32_t> free_slots_;
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
  double inbound_rate(const InboundStream& s, double t) const;  // calls per hour at t
  void staff(int model, int target);  // logs agents of the model in or out to `target` working
  void agent_free(const std::string& id,
                  std::uint64_t seq);  // after wrap-up: ready, or gone if it is leaving
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
  std::vector<int> agent_model_;                // roster index -> agent model (group) index
  std::vector<std::vector<int>> model_agents_;  // agent model -> its roster indices
  std::vector<char> working_;                   // roster index: logged in and not leaving
  std::vector<char> leaving_;            // roster index: logs out when its call and wrap-up end
  std::vector<std::uint64_t> free_seq_;  // roster index: its latest wrap-up (older timers lapse)
  std::function<bool()> stop_;
  std::function<void(std::vector<policy::TallyRecord>)> history_sink_;
  bool stopped_ = false;
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
