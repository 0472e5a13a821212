#pragma once
// What the core tells the history, in its own words: every fact a report, the threshold advisor
// or a what-if reads later, put into the interval it happened in (IntervalTally). The core calls
// it where it counts its live figures, so the history and the figures cannot disagree; the
// simulator's core records the same way, so a replay is read exactly like the real thing.
// Field names are listed in docs/history.md.
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "policy/actions.hpp"
#include "policy/agent_state.hpp"
#include "policy/interval_tally.hpp"

namespace blendd::policy {

class HistoryRecorder {
 public:
  explicit HistoryRecorder(std::int64_t interval_s = kIntervalSeconds) : tally_(interval_s) {}
  void inbound_offered(const std::string& group, TimePoint now);
  void inbound_answered(const std::string& group, const std::string& agent, double wait_s,
                        TimePoint now);
  void inbound_abandoned(const std::string& group, double waited_s, TimePoint now);
  void inbound_overflowed(const std::string& group, TimePoint now);
  void offer_missed(const std::string& group, const std::string& agent, TimePoint now);
  // An agent picked up after the phone rang `rang_s`.
  void offer_answered(const std::string& group, double rang_s, TimePoint now);

  void dialled(const std::string& group, const std::string& campaign, TimePoint now);
  void dial_withdrawn(const std::string& group, const std::string& campaign, TimePoint now);
  void live_answer(const std::string& group, const std::string& campaign, double rang_s,
                   TimePoint now);
  void dial_failed(const std::string& campaign, DialOutcome outcome, TimePoint now);
  void outbound_connected(const std::string& group, const std::string& campaign,
                          const std::string& agent, TimePoint now);
  void outbound_abandoned(const std::string& group, const std::string& campaign, TimePoint now);

  // A call an agent talked on ended; its handle time is complete when the wrap-up that follows
  // ends (agent_left from wrap_up).
  void talk_ended(const std::string& group, const std::string& campaign, const std::string& agent,
                  Direction direction, double talked_s, TimePoint now);

  // The agent left `state` (entered at `since`): the stay's seconds not yet counted.
  void agent_left(const std::string& agent, const std::string& group, AgentState state,
                  const std::string& reason, TimePoint since, TimePoint now);
  // At an interval boundary: the running stay counted up to `boundary`.
  void agent_settled(const std::string& agent, const std::string& group, AgentState state,
                     const std::string& reason, TimePoint since, TimePoint boundary);

  // What held over [from, to): the smoothed idle level, the thresholds in force, whether the
  // dialling gate was open.
  void group_level(const std::string& group, double level, double start, double stop,
                   bool gate_open, TimePoint from, TimePoint to);

  IntervalTally& tally() { return tally_; }
  std::vector<TallyRecord> take() { return tally_.take(); }

 private:
  void stay(const std::string& agent, const std::string& group, AgentState state,
            const std::string& reason, TimePoint since, TimePoint to);
  struct LastTalk {
    Direction direction = Direction::inbound;
    std::string group;
    double talked_s = 0;
    bool open = false;  // its wrap-up has not ended yet
  };
  IntervalTally tally_;
  std::unordered_map<std::string, TimePoint> counted_to_;  // per agent: stays counted up to here
  std::unordered_map<std::string, LastTalk> last_talk_;    // per agent
};

}  // namespace blendd::policy
