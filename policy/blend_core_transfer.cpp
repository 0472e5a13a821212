// BlendCore's blind transfers (TransferCall): the agent on a call hands the customer to another
// agent, a group's queue or a number away; the end of an agent's talk, which a hang-up shares.
#include "policy/blend_core.hpp"

namespace blendd::policy {

std::optional<int> BlendCore::transfer_group(const TransferCall& e, int from_agent) {
  switch (e.kind) {
    case TransferKind::agent: {
      auto to = roster_.find(e.to);
      if (!to) {
        out_->push_back(Rejected{"transfer", "unknown agent '" + e.to + "'"});
        return std::nullopt;
      }
      if (*to == from_agent) {
        out_->push_back(Rejected{"transfer", e.agent + " cannot transfer a call to themselves"});
        return std::nullopt;
      }
      const AgentInfo& target = roster_.agent(*to);
      if (target.state != AgentState::idle) {
        out_->push_back(Rejected{"transfer", e.to + " is " + to_string(target.state)});
        return std::nullopt;
      }
      return target.group;
    }
    case TransferKind::group: {
      auto it = group_index_.find(e.to);
      if (it == group_index_.end()) {
        out_->push_back(Rejected{"transfer", "unknown group '" + e.to + "'"});
        return std::nullopt;
      }
      return it->second;
    }
    case TransferKind::away:
      return roster_.agent(from_agent).group;
  }
  return std::nullopt;
}

void BlendCore::on(const TransferCall& e) {
  Call* call = find_call(e.call);
  const auto from = roster_.find(e.agent);
  if (call == nullptr || !from || call->phase != Phase::talking || call->agent != *from) {
    out_->push_back(Rejected{"transfer", e.agent + " is not talking on that call"});
    return;
  }
  const auto to_group = transfer_group(e, *from);
  if (!to_group) return;
  ++groups_[call->group].figures.transfers_out;
  end_talk(*call, "transferred");
  ++call->transfers;
  call->group = *to_group;
  call->agent = -1;
  call->arrived = now_;  // the wait in the new queue starts now
  if (e.kind == TransferKind::away) {
    call->phase = Phase::away;
    call->offer_end = now_ + e.ring_timeout;
    offer_ends_.insert({call->offer_end, call->id});
    return;
  }
  call->phase = Phase::waiting_agent;
  if (e.kind == TransferKind::agent) return connect(*call, *roster_.find(e.to));
  groups_[*to_group].inbound_queue.push_back(call->id);
}

void BlendCore::end_talk(Call& call, const std::string& reason) {
  Group& g = groups_[call.group];
  g.talk.record(now_ - call.talk_start);
  const double talked = to_seconds(now_ - call.talk_start);
  ++g.figures.talks;
  g.figures.talk_seconds += talked;
  if (call.campaign >= 0) {
    ++campaigns_[call.campaign].figures.talks;
    campaigns_[call.campaign].figures.talk_seconds += talked;
  }
  roster_.record_talk(call.agent, talked);
  history_.talk_ended(g.settings.id,
                      call.campaign >= 0 ? campaigns_[call.campaign].settings.id : "",
                      roster_.agent(call.agent).id, call.direction, talked, now_);
  move_agent(call.agent, AgentState::wrap_up, reason);
}

}  // namespace blendd::policy
