#include "policy/history_recorder.hpp"

#include <algorithm>

namespace blendd::policy {

namespace {

constexpr TallyScope kGroup = TallyScope::group;
constexpr TallyScope kCampaign = TallyScope::campaign;
constexpr TallyScope kAgent = TallyScope::agent;

const char* direction_prefix(Direction d) {
  return d == Direction::inbound ? "in_" : "out_";
}

// A not-ready reason as a field name: free text from a desk, so bounded and without spaces.
std::string reason_field(const std::string& reason) {
  std::string out = "nr_";
  for (char c : reason.substr(0, 40)) out += (c == ' ' || c == ':' || c < 0x20) ? '_' : c;
  if (reason.empty()) out += "unspecified";
  return out;
}

}  // namespace

void HistoryRecorder::inbound_offered(const std::string& group, TimePoint now) {
  tally_.add(kGroup, group, "in_offered", 1, now);
}

void HistoryRecorder::inbound_answered(const std::string& group, const std::string& agent,
                                       double wait_s, TimePoint now) {
  tally_.add(kGroup, group, "in_answered", 1, now);
  tally_.add(kGroup, group, "in_wait_s", wait_s, now);
  tally_.add(kGroup, group, wait_bucket(wait_s), 1, now);
  tally_.add(kAgent, agent, "in_calls", 1, now);
}

void HistoryRecorder::inbound_abandoned(const std::string& group, double waited_s, TimePoint now) {
  tally_.add(kGroup, group, "in_abandoned", 1, now);
  tally_.add(kGroup, group, "in_abandon_wait_s", waited_s, now);
}

void HistoryRecorder::inbound_overflowed(const std::string& group, TimePoint now) {
  tally_.add(kGroup, group, "in_overflowed", 1, now);
}

void HistoryRecorder::offer_missed(const std::string& group, const std::string& agent,
                                   TimePoint now) {
  tally_.add(kGroup, group, "offers_missed", 1, now);
  tally_.add(kAgent, agent, "missed", 1, now);
}

void HistoryRecorder::offer_answered(const std::string& group, double rang_s, TimePoint now) {
  tally_.add(kGroup, group, "pickups", 1, now);
  tally_.add(kGroup, group, "pickup_s", rang_s, now);
  tally_.add(kGroup, group, "pickup_s2", rang_s * rang_s, now);
}

void HistoryRecorder::dialled(const std::string& group, const std::string& campaign,
                              TimePoint now) {
  tally_.add(kGroup, group, "out_dials", 1, now);
  tally_.add(kCampaign, campaign, "dials", 1, now);
}

void HistoryRecorder::dial_withdrawn(const std::string& group, const std::string& campaign,
                                     TimePoint now) {
  // Not a dial after all (the store refused it at the INVITE): taken back where it happens.
  tally_.add(kGroup, group, "out_dials", -1, now);
  tally_.add(kCampaign, campaign, "dials", -1, now);
  tally_.add(kCampaign, campaign, "withdrawn", 1, now);
}

void HistoryRecorder::live_answer(const std::string& group, const std::string& campaign,
                                  double rang_s, TimePoint now) {
  tally_.add(kGroup, group, "out_answers", 1, now);
  tally_.add(kGroup, group, "out_ring_s", rang_s, now);
  tally_.add(kCampaign, campaign, "answers", 1, now);
  tally_.add(kCampaign, campaign, "ring_s", rang_s, now);
}

void HistoryRecorder::dial_failed(const std::string& campaign, DialOutcome outcome, TimePoint now) {
  const bool named = outcome == DialOutcome::busy || outcome == DialOutcome::no_answer ||
                     outcome == DialOutcome::rejected;
  tally_.add(kCampaign, campaign, named ? to_string(outcome) : "failed", 1, now);
}

void HistoryRecorder::outbound_connected(const std::string& group, const std::string& campaign,
                                         const std::string& agent, TimePoint now) {
  tally_.add(kGroup, group, "out_connects", 1, now);
  tally_.add(kCampaign, campaign, "connects", 1, now);
  tally_.add(kAgent, agent, "out_calls", 1, now);
}

void HistoryRecorder::outbound_abandoned(const std::string& group, const std::string& campaign,
                                         TimePoint now) {
  tally_.add(kGroup, group, "out_abandons", 1, now);
  tally_.add(kCampaign, campaign, "abandons", 1, now);
}

void HistoryRecorder::talk_ended(const std::string& group, const std::string& campaign,
                                 const std::string& agent, Direction direction, double talked_s,
                                 TimePoint now) {
  const std::string p = direction_prefix(direction);
  tally_.add(kGroup, group, p + "talks", 1, now);
  tally_.add(kGroup, group, p + "talk_s", talked_s, now);
  tally_.add(kGroup, group, p + "talk_s2", talked_s * talked_s, now);
  tally_.add(kAgent, agent, p + "talk_s", talked_s, now);
  if (!campaign.empty()) {
    tally_.add(kCampaign, campaign, "talks", 1, now);
    tally_.add(kCampaign, campaign, "talk_s", talked_s, now);
  }
  last_talk_[agent] = LastTalk{direction, group, talked_s, true};
}

void HistoryRecorder::stay(const std::string& agent, const std::string& group, AgentState state,
                           const std::string& reason, TimePoint since, TimePoint to) {
  auto [it, fresh] = counted_to_.try_emplace(agent, since);
  const TimePoint from = fresh ? since : std::max(since, it->second);
  it->second = to;
  if (state == AgentState::logged_out || from >= to) return;
  const std::string field = std::string("s_") + to_string(state);
  tally_.add_span(kGroup, group, field, from, to);
  tally_.add_span(kAgent, agent, field, from, to);
  if (state == AgentState::not_ready) {
    tally_.add_span(kGroup, group, reason_field(reason), from, to);
    tally_.add_span(kAgent, agent, reason_field(reason), from, to);
  }
}

void HistoryRecorder::agent_left(const std::string& agent, const std::string& group,
                                 AgentState state, const std::string& reason, TimePoint since,
                                 TimePoint now) {
  stay(agent, group, state, reason, since, now);
  auto talk = last_talk_.find(agent);
  if (talk == last_talk_.end() || !talk->second.open) return;
  if (state == AgentState::on_inbound || state == AgentState::on_outbound) return;  // into wrap-up
  // The call's handle time: its talk and the wrap-up after it (none when the agent went on
  // without one).
  const double wrap_s = state == AgentState::wrap_up ? to_seconds(now - since) : 0.0;
  const double handle = talk->second.talked_s + wrap_s;
  const std::string p = direction_prefix(talk->second.direction);
  tally_.add(kGroup, talk->second.group, p + "handles", 1, now);
  tally_.add(kGroup, talk->second.group, p + "handle_s", handle, now);
  tally_.add(kGroup, talk->second.group, p + "handle_s2", handle * handle, now);
  talk->second.open = false;
}

void HistoryRecorder::agent_settled(const std::string& agent, const std::string& group,
                                    AgentState state, const std::string& reason, TimePoint since,
                                    TimePoint boundary) {
  stay(agent, group, state, reason, since, boundary);
}

void HistoryRecorder::group_level(const std::string& group, double level, double start, double stop,
                                  bool gate_open, TimePoint from, TimePoint to) {
  if (from >= to) return;
  tally_.add_span(kGroup, group, "level_s", from, to);
  tally_.add_span(kGroup, group, "level_x_s", from, to, level);
  tally_.add_span(kGroup, group, "start_x_s", from, to, start);
  tally_.add_span(kGroup, group, "stop_x_s", from, to, stop);
  if (gate_open) tally_.add_span(kGroup, group, "gate_open_s", from, to);
}

}  // namespace blendd::policy
