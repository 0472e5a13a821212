// The desk page as the agent's phone (agents with phone: webrtc, relay mode). The relay's offer
// rings in the page; the page's answer ends the ring but the call is the agent's only once its
// audio flows (ICE and DTLS can fail where signalling works: a firewall, a broken headset
// driver), within media.webrtc_connect_timeout_ms — else it is a phone that did not answer and
// the customer goes to the next agent. A reloaded page brings its media back by offering anew.
#include "log/log.hpp"

#include "daemon/centre/call_centre.hpp"

namespace blendd::daemon {

bool CallCentre::webrtc_phone(const std::string& agent) const {
  auto it = agents_.find(agent);
  return it != agents_.end() && it->second.phone == config::AgentPhone::webrtc;
}

void CallCentre::bridged(ActiveCall& c) {
  c.connected = true;
  c.talk_start = clock_.now();
  if (c.transfers > 0 && config_.media.mode == config::MediaMode::relay)
    sip_.hold_customer(c.id, false, config_.media.hold_message);  // the music while handed on
  desktops_.send(c.agent, desk::encode_call_event("call_connected", call_key(c.id)));
  publish_call("call.connected", c, {{"agent", c.agent}});
  feed(policy::AgentLegAnswered{c.id});
}

void CallCentre::on_browser_leg_event(ActiveCall& c, const sip::LegEvent& e) {
  using K = sip::LegEventKind;
  switch (e.kind) {
    case K::browser_offer:
      desktops_.send(c.agent, desk::encode_phone_sdp("phone_offer", call_key(c.id), e.sdp));
      break;
    case K::browser_answer:
      desktops_.send(c.agent, desk::encode_phone_sdp("phone_answer", call_key(c.id), e.sdp));
      break;
    case K::answered:
      // The customer has the page's answer; the page's audio may still be connecting.
      c.page_answered = true;
      if (c.media_connected && !c.connected) bridged(c);
      break;
    default:
      break;
  }
}

CallCentre::ActiveCall* CallCentre::phone_call(const std::string& agent, const std::string& call,
                                               const char* what) {
  for (auto& [id, c] : calls_) {
    if (call_key(id) != call) continue;
    if (c.agent == agent && c.browser && !c.core_done) return &c;
    break;
  }
  log::info("desktop: agent {}'s {} for call {} ignored: not a call on their page phone", agent,
            what, call);
  desktops_.send(agent,
                 desk::encode_error("not_your_call", std::string(what) + " for call '" + call +
                                                         "': no such call rings "
                                                         "or talks on this page"));
  return nullptr;
}

void CallCentre::phone_answer(const std::string& agent, const desk::PhoneAnswerMessage& m) {
  ActiveCall* c = phone_call(agent, m.call, "phone_answer");
  if (c == nullptr || c->page_answered || c->connected) return;
  sip_.browser_answer(c->id, m.sdp);
  // The ring is over; the audio has its own, shorter time to connect.
  feed(policy::AgentLegConnecting{
      c->id, std::chrono::milliseconds(config_.media.webrtc_connect_timeout_ms)});
}

void CallCentre::phone_media(const std::string& agent, const desk::PhoneMediaMessage& m) {
  ActiveCall* c = phone_call(agent, m.call, "phone_media");
  if (c == nullptr) return;
  if (m.connected) {
    c->media_connected = true;
    if (c->connected) return log::info("call {}: agent {}'s page has its audio back", c->id, agent);
    if (c->page_answered) bridged(*c);
    return;
  }
  if (c->connected) {
    return log::warn("call {}: agent {}'s page lost its audio ({})", c->id, agent, m.reason);
  }
  // No audio before the call was theirs: a phone that did not answer.
  log::info("call {}: agent {}'s page could not connect audio ({}); offered on", c->id, agent,
            m.reason);
  const sip::CallId id = c->id;
  sip_.cancel_agent(id);
  desktops_.send(agent, desk::encode_call_event("call_withdrawn", call_key(id), "no audio"));
  c->agent.clear();
  feed(policy::AgentLegFailed{id});
}

void CallCentre::phone_hang_up(const std::string& agent, const desk::PhoneHangUpMessage& m) {
  ActiveCall* c = phone_call(agent, m.call, "phone_hang_up");
  if (c == nullptr) return;
  // Before the answer this is the agent declining; the gateway reports either as it would a
  // SIP phone's 486 or BYE.
  sip_.browser_hang_up(c->id);
}

void CallCentre::phone_hold(const std::string& agent, const desk::PhoneHoldMessage& m) {
  ActiveCall* c = phone_call(agent, m.call, "phone_hold");
  if (c == nullptr || !c->connected) return;
  sip_.hold_customer(c->id, m.on, config_.media.hold_message);
}

void CallCentre::phone_offer(const std::string& agent, const desk::PhoneOfferMessage& m) {
  ActiveCall* c = phone_call(agent, m.call, "phone_offer");
  if (c == nullptr || !c->connected) return;
  c->media_connected = false;
  sip_.browser_reoffer(c->id, m.sdp);
}

void CallCentre::desk_opened(const std::string& agent) {
  if (!webrtc_phone(agent)) return;
  for (auto& [id, c] : calls_) {
    if (c.agent != agent || !c.browser || !c.connected || c.core_done) continue;
    // A reloaded page knows nothing of the call: shown again, and asked for its media.
    desktops_.send(agent, desk::encode_call_offered(call_offer(c)));
    desktops_.send(agent, desk::encode_call_event("call_connected", call_key(id)));
    desktops_.send(agent, desk::encode_call_event("phone_resume", call_key(id)));
  }
}

}  // namespace blendd::daemon
