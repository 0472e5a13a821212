// The agent's leg when their phone is the desk page (WebRTC): no SIP dialog, the SDP travels
// over the desk's WebSocket. The relay rewrites the customer's offer for the page (DTLS-SRTP,
// ICE, the page's codec) and the page's answer for the trunk; the page's hang-up, its refusal
// and its re-offer after a reconnect come back here as calls from the centre.
#include "log/log.hpp"
#include "sip/sofia_gateway.hpp"

namespace blendd::sip {

void SofiaGateway::connect_browser(CallId call) {
  if (!options_.relay) {
    emit(leg_event(call, Leg::agent, LegEventKind::failed, 488,
                   "a WebRTC phone needs media.mode: relay", ""));
    return;
  }
  Call* c = awaiting_agent(call);
  if (c == nullptr) return;
  stop_queue_message(*c);
  close_tap(*c);
  c->tap_offer = false;  // a page needs the relay's WebRTC offer
  c->agent_browser = true;
  const std::uint64_t sequence = ++c->agent_sequence;
  c->agent_pending = sequence;
  relay_sdp(
      *c, SdpExchange::Step::offer, Leg::customer, c->customer_sdp,
      [this, sequence](Call& c, std::string sdp) {
        if (c.agent_pending != sequence || c.hanging_up || c.customer_ending) return;
        c.agent_pending = 0;
        c.browser_leg = true;
        c.agent_answered = false;
        c.agent_ending = false;
        c.sdp_to_agent = sdp;
        emit(leg_event(c.id, Leg::agent, LegEventKind::browser_offer, 0, "", std::move(sdp)));
      },
      [this, sequence](Call& c, std::string why) {
        if (c.agent_pending != sequence) return;
        c.agent_pending = 0;
        emit(leg_event(c.id, Leg::agent, LegEventKind::failed, 503, why, ""));
      });
}

void SofiaGateway::browser_answer(CallId call, const std::string& sdp) {
  Call* c = find(call);
  // A late answer (the offer was withdrawn, the call is over) changes nothing.
  if (c == nullptr || !c->browser_leg || c->agent_answered || c->agent_ending) return;
  c->agent_answered = true;
  c->agent_sdp = sdp;
  if (c->hanging_up) return;
  const std::uint64_t sequence = c->agent_sequence;
  relay_sdp(
      *c, SdpExchange::Step::answer, Leg::agent, sdp,
      [this, sequence](Call& c, std::string to_customer) {
        if (c.agent_sequence != sequence || !c.browser_leg) return;
        complete_bridge(c, 200, "OK", to_customer);
      },
      [this, sequence](Call& c, std::string why) {
        if (c.agent_sequence != sequence || !c.browser_leg) return;
        const CallId id = c.id;
        cancel_agent(id);
        emit(leg_event(id, Leg::agent, LegEventKind::failed, 503, why, ""));
      });
}

void SofiaGateway::browser_reoffer(CallId call, const std::string& sdp) {
  Call* c = find(call);
  if (c == nullptr || !c->browser_leg || !c->agent_answered || c->agent_ending || c->hanging_up)
    return;
  // The page lost its media (a reload): its new offer goes to the relay, and the customer's own
  // SDP answers it, so the customer's side stays as it is and needs no re-INVITE.
  const std::uint64_t sequence = c->agent_sequence;
  c->agent_sdp = sdp;
  relay_sdp(
      *c, SdpExchange::Step::offer, Leg::agent, sdp,
      [this, sequence](Call& c, std::string /*to_customer*/) {
        if (c.agent_sequence != sequence || !c.browser_leg) return;
        relay_sdp(
            c, SdpExchange::Step::answer, Leg::customer, c.customer_sdp,
            [this, sequence](Call& c, std::string to_page) {
              if (c.agent_sequence != sequence || !c.browser_leg) return;
              c.sdp_to_agent = to_page;
              emit(leg_event(c.id, Leg::agent, LegEventKind::browser_answer, 200, "",
                             std::move(to_page)));
            },
            [](Call& c, std::string why) {
              log::warn("call {}: the page's new offer was not answered: {}", c.id, why);
            });
      },
      [](Call& c, std::string why) {
        log::warn("call {}: the page's new offer was not taken: {}", c.id, why);
      });
}

void SofiaGateway::browser_hang_up(CallId call) {
  Call* c = find(call);
  if (c == nullptr || !c->browser_leg || c->agent_ending) return;
  if (!c->agent_answered) {
    // Declined while it rang: like a phone's 486, the caller goes to the next agent.
    c->browser_leg = false;
    c->agent_browser = false;
    emit(leg_event(call, Leg::agent, LegEventKind::failed, 486, "declined in the desk", ""));
    return;
  }
  c->agent_ending = true;
  end_leg(*c, Leg::customer);
  emit(leg_event(call, Leg::agent, LegEventKind::ended, 0, "agent", ""));
}

}  // namespace blendd::sip
