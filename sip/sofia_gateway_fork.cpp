// An agent with several registered phones: the agent leg forks. The first handle is the leg
// (the call's agent tag); the others ring beside it under their own tags. The first to answer
// becomes the leg and the rest are cancelled; a phone that refuses drops out, and the leg fails
// only when the last one does (its status is the one reported).
#include "sip/sofia_gateway.hpp"

namespace blendd::sip {

void SofiaGateway::invite_fork(Call& c, const AgentTarget& target, const std::string& sdp) {
  auto tag = std::make_unique<HandleTag>(HandleTag{c.id, Leg::agent});
  tag->fork = true;
  const std::string to = "<" + target.uri + ">";
  nua_handle_t* nh = nua_handle(nua_, tag.get(), SIPTAG_TO_STR(to.c_str()), TAG_END());
  if (nh == nullptr) return;
  adopt(nh);
  fork_tags_[nh] = std::move(tag);
  c.forks.push_back(nh);
  const std::string contact =
      contact_for(transport_of_uri(target.flow.empty() ? target.uri : target.flow));
  nua_invite(nh, NUTAG_AUTOACK(0), SIPTAG_FROM_STR(c.agent_from.c_str()),
             TAG_IF(!contact.empty(), SIPTAG_CONTACT_STR(contact.c_str())),
             TAG_IF(!target.flow.empty(), NUTAG_PROXY(target.flow.c_str())),
             SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(sdp.c_str()),
             TAG_END());
}

// A fork's handle goes the way of a cancelled agent leg: its own retired tag, CANCEL (or BYE
// for an answer that crossed ours), and destroyed when its transaction ends.
void SofiaGateway::retire_fork(nua_handle_t* nh, bool answered) {
  auto it = fork_tags_.find(nh);
  if (it == fork_tags_.end()) return;
  std::unique_ptr<HandleTag> tag = std::move(it->second);
  fork_tags_.erase(it);
  tag->fork = false;
  tag->retired = true;
  nua_handle_bind(nh, tag.get());
  retired_[nh] = std::move(tag);
  if (answered) {
    nua_ack(nh, TAG_END());
    nua_bye(nh, TAG_END());
  } else {
    nua_cancel(nh, TAG_END());
  }
}

void SofiaGateway::cancel_forks(Call& c) {
  for (nua_handle_t* nh : c.forks) retire_fork(nh, false);
  c.forks.clear();
}

bool SofiaGateway::promote_fork(Call& c, nua_handle_t* failed) {
  if (c.forks.empty()) return false;
  destroy(failed, &c);
  nua_handle_t* next = c.forks.front();
  c.forks.erase(c.forks.begin());
  fork_tags_.erase(next);
  c.agent_tag = {c.id, Leg::agent};
  nua_handle_bind(next, &c.agent_tag);
  c.agent = next;
  return true;
}

void SofiaGateway::on_fork_event(nua_event_t event, int status, const char* phrase,
                                 nua_handle_t* nh, HandleTag* tag, const sip_t* sip,
                                 tagi_t tags[]) {
  Call* c = find(tag->call);
  const auto drop = [&] {
    if (c != nullptr) std::erase(c->forks, nh);
    fork_tags_.erase(nh);
    destroy(nh, nullptr);
  };
  if (event == nua_i_state) {
    int state = nua_callstate_init;
    tl_gets(tags, NUTAG_CALLSTATE_REF(state), TAG_END());
    if (state == nua_callstate_terminated) drop();
    return;
  }
  if (event != nua_r_invite || status < 200) return;  // its ringing is the leg's to report
  if (status >= 300) return drop();
  // A fork answered: it is the leg now, and every other phone of the agent stops ringing.
  if (c == nullptr || c->agent_answered || c->hanging_up || c->agent_ending) {
    return retire_fork(nh, true);
  }
  std::erase(c->forks, nh);
  fork_tags_.erase(nh);
  if (c->agent != nullptr) {
    auto retired = std::make_unique<HandleTag>(HandleTag{c->id, Leg::agent, true});
    nua_handle_bind(c->agent, retired.get());
    retired_[c->agent] = std::move(retired);
    nua_cancel(c->agent, TAG_END());
  }
  cancel_forks(*c);
  c->agent_tag = {c->id, Leg::agent};
  nua_handle_bind(nh, &c->agent_tag);
  c->agent = nh;
  on_invite_response(status, phrase, nh, &c->agent_tag, sip);
}

}  // namespace blendd::sip
