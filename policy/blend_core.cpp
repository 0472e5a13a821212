#include "policy/blend_core.hpp"

#include <algorithm>
#include <cmath>

namespace blendd::policy {

const char* to_string(DialOutcome o) {
  switch (o) {
    case DialOutcome::answered:
      return "answered";
    case DialOutcome::busy:
      return "busy";
    case DialOutcome::no_answer:
      return "no_answer";
    case DialOutcome::rejected:
      return "rejected";
    case DialOutcome::failed:
      return "failed";
    case DialOutcome::abandoned:
      return "abandoned";
    case DialOutcome::machine:
      return "machine";
    case DialOutcome::voicemail_left:
      return "voicemail_left";
    case DialOutcome::unknown:
      return "unknown";
  }
  return "unknown";
}

BlendCore::BlendCore(CoreSettings settings)
    : settings_(std::move(settings)),
      roster_(static_cast<int>(settings_.groups.size())),
      chooser_(settings_.seed),
      trunk_(settings_.trunk_breaker),
      history_(settings_.history_interval_s) {
  if (settings_.history_groups_only) history_.tally().only(TallyScope::group);
  for (const auto& gs : settings_.groups) {
    group_index_.emplace(gs.id, static_cast<int>(groups_.size()));
    Group g;
    g.settings = gs;
    g.meter.set_smoothing(gs.smoothing);
    g.gate.set_min_dwell(gs.min_dwell);
    groups_.push_back(std::move(g));
  }
  for (const auto& as : settings_.agents) {
    auto it = group_index_.find(as.group);
    if (it != group_index_.end()) roster_.add_agent(as.id, it->second);
  }
  for (const auto& cs : settings_.campaigns) {
    auto it = group_index_.find(cs.group);
    if (it != group_index_.end()) add_campaign(cs, it->second);
  }
}

void BlendCore::add_campaign(const CampaignSettings& cs, int group) {
  campaign_index_.emplace(cs.id, static_cast<int>(campaigns_.size()));
  Campaign c{cs,
             group,
             {},
             false,
             {},
             0,
             {},
             AbandonGuard(cs.abandon_cap),
             AnswerRateEstimator(),
             AdaptiveDialLevel(),
             {}};
  groups_[group].campaigns.push_back(static_cast<int>(campaigns_.size()));
  campaigns_.push_back(std::move(c));
}

std::vector<Action> BlendCore::handle(const Event& event, TimePoint now) {
  std::vector<Action> actions;
  out_ = &actions;
  now_ = now;
  settle_interval();
  expire(now);
  std::visit([this](const auto& e) { on(e); }, event);
  for (int g = 0; g < group_count(); ++g) {
    assign_agents(g);
    update_gate(g);
    pace(g);
    for (int c : groups_[g].campaigns) refill(c);
  }
  out_ = nullptr;
  return actions;
}

// ---- agents -------------------------------------------------------------------------------

std::optional<int> BlendCore::agent_index(const std::string& id, const char* event) {
  auto index = roster_.find(id);
  if (!index) out_->push_back(Rejected{event, "unknown agent '" + id + "'"});
  return index;
}

bool BlendCore::move_agent(int agent, AgentState to, const std::string& reason) {
  const AgentInfo before = roster_.agent(agent);
  if (!roster_.set_state(agent, to, now_, reason)) {
    out_->push_back(Rejected{
        "agent " + before.id,
        std::string("illegal transition ") + to_string(before.state) + " -> " + to_string(to)});
    return false;
  }
  Group& g = groups_[before.group];
  g.figures.agent_seconds[static_cast<int>(before.state)] += to_seconds(now_ - before.since);
  history_.agent_left(before.id, g.settings.id, before.state, before.reason, before.since, now_);
  if (before.state == AgentState::wrap_up)
    wrap_up_ends_.erase({before.since + g.settings.wrap_up_limit, agent});
  if (to == AgentState::wrap_up) wrap_up_ends_.insert({now_ + g.settings.wrap_up_limit, agent});
  out_->push_back(AgentStateChanged{before.id, to, reason});
  return true;
}

void BlendCore::settle_interval() {
  const std::int64_t current = interval_start(now_, settings_.history_interval_s);
  if (current <= settled_interval_) return;
  const bool first = settled_interval_ == 0;
  settled_interval_ = current;
  if (first) return;
  const TimePoint boundary{std::chrono::seconds(current)};
  for (int a = 0; a < roster_.size(); ++a) {
    const AgentInfo& info = roster_.agent(a);
    if (info.state == AgentState::logged_out) continue;
    history_.agent_settled(info.id, groups_[info.group].settings.id, info.state, info.reason,
                           info.since, boundary);
  }
}

void BlendCore::on(const AgentLoggedIn& e) {
  if (auto a = agent_index(e.agent, "login")) move_agent(*a, AgentState::not_ready, "logged in");
}

void BlendCore::on(const AgentLoggedOut& e) {
  auto a = agent_index(e.agent, "logout");
  if (!a) return;
  const CallId call = roster_.agent(*a).call;
  if (Call* c = find_call(call); c != nullptr && c->phase == Phase::offering && c->agent == *a) {
    // The offer dies with the session: the phone stops ringing, the caller goes back to the
    // head of the queue.
    out_->push_back(WithdrawOffer{c->id, e.agent});
    requeue(*c);
  }
  move_agent(*a, AgentState::logged_out);
}

void BlendCore::on(const AgentReady& e) {
  if (auto a = agent_index(e.agent, "ready")) move_agent(*a, AgentState::idle);
}

void BlendCore::on(const AgentNotReady& e) {
  if (auto a = agent_index(e.agent, "not_ready")) move_agent(*a, AgentState::not_ready, e.reason);
}

void BlendCore::on(const ManualDial& e) {
  auto a = agent_index(e.agent, "manual_dial");
  if (!a) return;
  const AgentState state = roster_.agent(*a).state;
  auto ci = campaign_index_.find(e.campaign);
  if (state != AgentState::idle && state != AgentState::not_ready) {
    out_->push_back(Rejected{"manual_dial", e.agent + " is " + to_string(state)});
    return;
  }
  if (ci == campaign_index_.end() || campaigns_[ci->second].group != roster_.agent(*a).group) {
    out_->push_back(
        Rejected{"manual_dial", "campaign " + e.campaign + " is not " + e.agent + "'s group's"});
    return;
  }
  Campaign& c = campaigns_[ci->second];
  DialTarget target = e.target;
  target.claimed_at = now_;
  c.buffer.push_front(std::move(target));
  dial(ci->second, *a, true);
}

void BlendCore::free_reserved_agent(const Call& call, const char* why) {
  if (call.agent < 0) return;
  if (call.manual) {
    move_agent(call.agent, AgentState::not_ready, "manual dial");
  } else {
    move_agent(call.agent, AgentState::idle, why);
  }
}

// ---- calls --------------------------------------------------------------------------------

BlendCore::Call* BlendCore::find_call(CallId id) {
  auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : &it->second;
}

void BlendCore::remove_call(CallId id) {
  auto it = calls_.find(id);
  if (it == calls_.end()) return;
  end_offer(it->second);
  Group& g = groups_[it->second.group];
  auto drop = [id](std::deque<CallId>& q) {
    auto pos = std::find(q.begin(), q.end(), id);
    if (pos != q.end()) q.erase(pos);
  };
  drop(g.inbound_queue);
  drop(g.outbound_waiting);
  drop(g.analysing);
  calls_.erase(it);
}

void BlendCore::on(const InboundArrived& e) {
  auto it = group_index_.find(e.group);
  if (it == group_index_.end() || calls_.count(e.call) != 0) {
    out_->push_back(Rejected{"inbound call", "unknown group '" + e.group + "' or duplicate id"});
    return;
  }
  Call call;
  call.id = e.call;
  call.direction = Direction::inbound;
  call.group = it->second;
  call.phase = Phase::waiting_agent;
  call.arrived = now_;
  calls_.emplace(e.call, call);
  Group& g = groups_[it->second];
  g.inbound_queue.push_back(e.call);
  ++g.figures.inbound_offered;
  history_.inbound_offered(g.settings.id, now_);
}

void BlendCore::on(const InboundAbandoned& e) {
  Call* call = find_call(e.call);
  if (call == nullptr || call->direction != Direction::inbound || call->phase == Phase::talking) {
    return;
  }
  if (call->phase == Phase::offering && call->agent >= 0) move_agent(call->agent, AgentState::idle);
  ++groups_[call->group].figures.inbound_abandoned;
  history_.inbound_abandoned(groups_[call->group].settings.id, to_seconds(now_ - call->arrived),
                             now_);
  remove_call(e.call);
}

void BlendCore::release_line(Call& call) {
  if (!call.holds_line) return;
  call.holds_line = false;
  Campaign& c = campaigns_[call.campaign];
  Group& g = groups_[call.group];
  --c.in_flight;
  --g.in_flight;
}

void BlendCore::finish_outbound(Call& call, DialOutcome outcome) {
  release_line(call);
  out_->push_back(
      RecordOutcome{call.id, campaigns_[call.campaign].settings.id, call.target, outcome});
}

void BlendCore::on(const OutboundAnswered& e) {
  Call* call = find_call(e.call);
  if (call == nullptr || call->phase != Phase::dialing) return;
  Campaign& c = campaigns_[call->campaign];
  trunk_.succeeded();
  c.answer_rate.record(true);
  c.adaptive.answered(now_);
  call->arrived = now_;
  groups_[call->group].ring.record(now_ - call->dialled);
  if (c.settings.amd && call->agent < 0 && !call->manual) {
    // Not yet a live call: a person or a machine, as AMD will say (blend_core_amd.cpp).
    call->phase = Phase::analysing;
    groups_[call->group].analysing.push_back(call->id);
    return;
  }
  count_live_answer(*call);
  call->phase = Phase::waiting_agent;
  if (call->agent >= 0) {  // preview: the agent was reserved before dialling
    connect(*call, call->agent);
  } else {
    groups_[call->group].outbound_waiting.push_back(call->id);
  }
}

void BlendCore::on(const OutboundFailed& e) {
  Call* call = find_call(e.call);
  if (call == nullptr || call->phase != Phase::dialing) return;
  Campaign& c = campaigns_[call->campaign];
  c.answer_rate.record(false);
  if (e.trunk_fault) {
    trunk_.faulted(now_);
  } else {
    trunk_.succeeded();  // busy, no answer, rejected: the trunk itself works
  }
  switch (e.outcome) {
    case DialOutcome::busy:
      ++c.figures.busy;
      break;
    case DialOutcome::no_answer:
      ++c.figures.no_answer;
      break;
    case DialOutcome::rejected:
      ++c.figures.rejected;
      break;
    default:
      ++c.figures.failed;
      break;
  }
  history_.dial_failed(c.settings.id, e.outcome, now_);
  free_reserved_agent(*call, "");  // a preview or manual call's agent
  finish_outbound(*call, e.outcome);
  remove_call(e.call);
}

void BlendCore::connect(Call& call, int agent) {
  call.phase = Phase::offering;
  call.agent = agent;
  call.offered_at = now_;
  call.offer_end = now_ + groups_[call.group].settings.offer_timeout;
  offer_ends_.insert({call.offer_end, call.id});
  if (roster_.agent(agent).state == AgentState::idle) move_agent(agent, AgentState::reserved);
  roster_.set_call(agent, call.id);
  out_->push_back(ConnectToAgent{call.id, roster_.agent(agent).id, call.direction});
}

void BlendCore::on(const AgentLegAnswered& e) {
  Call* call = find_call(e.call);
  if (call != nullptr && call->phase == Phase::away) {
    // The number it was handed to answered: the call has left blendd's agents.
    ++groups_[call->group].figures.transfers_connected;
    return remove_call(e.call);
  }
  if (call == nullptr || call->phase != Phase::offering) return;
  Group& g = groups_[call->group];
  history_.offer_answered(g.settings.id, to_seconds(now_ - call->offered_at), now_);
  end_offer(*call);
  call->phase = Phase::talking;
  call->talk_start = now_;
  if (call->transfers > 0) {
    // Handed on by another agent: answered and connected once already, counted then.
    ++g.figures.transfers_connected;
    move_agent(call->agent, call->direction == Direction::inbound ? AgentState::on_inbound
                                                                  : AgentState::on_outbound);
  } else if (call->direction == Direction::inbound) {
    move_agent(call->agent, AgentState::on_inbound);
    const double wait = to_seconds(now_ - call->arrived);
    ++g.figures.inbound_answered;
    g.figures.inbound_wait_s += wait;
    if (wait <= settings_.sl_threshold_s) ++g.figures.inbound_answered_within_sl;
    history_.inbound_answered(g.settings.id, roster_.agent(call->agent).id, wait, now_);
  } else {
    move_agent(call->agent, AgentState::on_outbound);
    ++g.figures.outbound_connected;
    ++campaigns_[call->campaign].figures.connected;
    history_.outbound_connected(g.settings.id, campaigns_[call->campaign].settings.id,
                                roster_.agent(call->agent).id, now_);
    finish_outbound(*call, DialOutcome::answered);
  }
  roster_.set_call(call->agent, call->id);
}

void BlendCore::on(const AgentLegConnecting& e) {
  Call* call = find_call(e.call);
  if (call == nullptr || call->phase != Phase::offering) return;
  end_offer(*call);
  call->offer_end = now_ + e.media_timeout;
  offer_ends_.insert({call->offer_end, call->id});
}

void BlendCore::on(const AgentLegFailed& e) {
  Call* call = find_call(e.call);
  if (call != nullptr && call->phase == Phase::away) return requeue(*call);
  if (call == nullptr || call->phase != Phase::offering) return;
  // Redirect on no answer: the agent is made not ready, the caller goes back to the head.
  move_agent(call->agent, AgentState::not_ready, "missed call");
  requeue(*call);
}

void BlendCore::end_offer(Call& call) {
  if (call.phase == Phase::offering || call.phase == Phase::away)
    offer_ends_.erase({call.offer_end, call.id});
}

void BlendCore::requeue(Call& call) {
  end_offer(call);
  call.agent = -1;
  call.phase = Phase::waiting_agent;
  Group& g = groups_[call.group];
  // A transferred customer has talked to an agent: they wait like an inbound caller.
  const bool inbound_queue = call.direction == Direction::inbound || call.transfers > 0;
  (inbound_queue ? g.inbound_queue : g.outbound_waiting).push_front(call.id);
}

void BlendCore::on(const CallEnded& e) {
  Call* call = find_call(e.call);
  if (call == nullptr) return;
  if (call->phase == Phase::voicemail) return on(VoicemailDone{e.call, false});
  if (call->phase == Phase::talking) {
    end_talk(*call, "");
  } else if (call->transfers > 0) {
    // Gone while being handed on: an agent had talked to them, so not an abandon.
    ++groups_[call->group].figures.transfers_lost;
    if (call->phase == Phase::offering) move_agent(call->agent, AgentState::idle);
  } else if (call->direction == Direction::outbound && call->phase != Phase::dialing) {
    // The customer hung up before an agent was on the line: that is an abandoned call (during
    // the analysis too: it may have been a person, and a person's call was live).
    if (call->phase == Phase::analysing) count_live_answer(*call);
    Campaign& c = campaigns_[call->campaign];
    c.guard.abandon(now_);
    c.adaptive.dropped(now_);
    ++c.figures.abandons;
    history_.outbound_abandoned(groups_[call->group].settings.id, c.settings.id, now_);
    if (call->phase == Phase::offering) move_agent(call->agent, AgentState::idle);
    finish_outbound(*call, DialOutcome::abandoned);
  } else if (call->direction == Direction::inbound && call->phase != Phase::talking) {
    if (call->phase == Phase::offering) move_agent(call->agent, AgentState::idle);
    ++groups_[call->group].figures.inbound_abandoned;
    history_.inbound_abandoned(groups_[call->group].settings.id, to_seconds(now_ - call->arrived),
                               now_);
  }
  remove_call(e.call);
}

// ---- targets and settings -----------------------------------------------------------------

void BlendCore::on(const TargetsClaimed& e) {
  auto it = campaign_index_.find(e.campaign);
  if (it == campaign_index_.end()) return;
  Campaign& c = campaigns_[it->second];
  c.claim_pending = false;
  if (e.targets.empty()) c.claim_backoff_until = now_ + seconds(5);  // list exhausted for now
  if (!c.settings.enabled) {
    if (!e.targets.empty()) out_->push_back(ReleaseTargets{c.settings.id, e.targets});
    return;
  }
  for (DialTarget t : e.targets) {
    t.claimed_at = now_;
    c.buffer.push_back(std::move(t));
  }
}

void BlendCore::on(const DialWithdrawn& e) {
  Call* call = find_call(e.call);
  if (call == nullptr || call->direction != Direction::outbound || call->phase != Phase::dialing)
    return;
  Campaign& c = campaigns_[call->campaign];
  // Not a dial after all: no pacing statistics, no outcome (the store has settled the target).
  --c.figures.dials;
  ++c.figures.withdrawn;
  history_.dial_withdrawn(groups_[c.group].settings.id, c.settings.id, now_);
  trunk_.withdrawn();
  free_reserved_agent(*call, "preview target withdrawn");
  release_line(*call);
  remove_call(e.call);
}

void BlendCore::on(const WithdrawTargets& e) {
  auto it = campaign_index_.find(e.campaign);
  if (it == campaign_index_.end()) return;
  auto& buffer = campaigns_[it->second].buffer;
  buffer.erase(std::remove_if(buffer.begin(), buffer.end(),
                              [&e](const DialTarget& t) {
                                return std::find(e.ids.begin(), e.ids.end(), t.id) != e.ids.end();
                              }),
               buffer.end());
}

void BlendCore::on(const ClaimFailed& e) {
  auto it = campaign_index_.find(e.campaign);
  if (it == campaign_index_.end()) return;
  campaigns_[it->second].claim_pending = false;
  campaigns_[it->second].claim_backoff_until = now_ + seconds(1);
}

void BlendCore::on(const SetThresholds& e) {
  auto it = group_index_.find(e.group);
  if (it == group_index_.end()) return out_->push_back(Rejected{"thresholds", "unknown group"});
  groups_[it->second].settings.thresholds = e.thresholds;
  groups_[it->second].settings.reserve_agents = e.reserve_agents;
}

void BlendCore::on(const SetOverride& e) {
  auto it = group_index_.find(e.group);
  if (it == group_index_.end()) return out_->push_back(Rejected{"override", "unknown group"});
  groups_[it->second].override_ = e;
}

void BlendCore::on(const ClearOverride& e) {
  auto it = group_index_.find(e.group);
  if (it != group_index_.end()) groups_[it->second].override_.reset();
}

void BlendCore::on(const SetCampaignEnabled& e) {
  auto it = campaign_index_.find(e.campaign);
  if (it == campaign_index_.end()) return out_->push_back(Rejected{"campaign", "unknown campaign"});
  Campaign& c = campaigns_[it->second];
  c.settings.enabled = e.enabled;
  if (!e.enabled && !c.buffer.empty()) {
    out_->push_back(ReleaseTargets{c.settings.id, {c.buffer.begin(), c.buffer.end()}});
    c.buffer.clear();
  }
}

void BlendCore::on(const SetCampaignWeight& e) {
  auto it = campaign_index_.find(e.campaign);
  if (it != campaign_index_.end())
    campaigns_[it->second].settings.weight = std::max(0.01, e.weight);
}

void BlendCore::on(const SetGroupSettings& e) {
  auto it = group_index_.find(e.settings.id);
  if (it == group_index_.end()) return out_->push_back(Rejected{"group settings", "unknown group"});
  Group& g = groups_[it->second];
  const Duration old_wrap_up = g.settings.wrap_up_limit;
  g.settings = e.settings;
  g.meter.set_smoothing(e.settings.smoothing);
  g.gate.set_min_dwell(e.settings.min_dwell);
  g.schedule_change.reset();
  if (old_wrap_up == e.settings.wrap_up_limit) return;
  // Agents already in wrap-up get the new limit, counted from when their wrap-up began.
  std::set<std::pair<TimePoint, int>> ends;
  for (const auto& [end, agent] : wrap_up_ends_) {
    const AgentInfo& a = roster_.agent(agent);
    ends.insert(a.group == it->second ? std::pair{a.since + e.settings.wrap_up_limit, agent}
                                      : std::pair{end, agent});
  }
  wrap_up_ends_ = std::move(ends);
}

void BlendCore::on(const SetCampaignSettings& e) {
  const CampaignSettings& s = e.settings;
  auto group = group_index_.find(s.group);
  if (group == group_index_.end())
    return out_->push_back(Rejected{"campaign " + s.id, "unknown group " + s.group});
  auto it = campaign_index_.find(s.id);
  if (it == campaign_index_.end()) return add_campaign(s, group->second);
  Campaign& c = campaigns_[it->second];
  if (c.group != group->second)
    return out_->push_back(Rejected{"campaign " + s.id, "a campaign cannot change its group"});
  const double weight = c.settings.weight;
  c.settings = s;
  c.settings.weight = weight;
  c.guard.set_cap(s.abandon_cap);
  if (!s.enabled && !c.buffer.empty()) {
    out_->push_back(ReleaseTargets{s.id, {c.buffer.begin(), c.buffer.end()}});
    c.buffer.clear();
  }
}

}  // namespace blendd::policy
