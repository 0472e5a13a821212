// Relay mode (media.mode: relay): each offer and answer goes through the media relay before it
// reaches the other leg, and the relay forgets the call when it ends (a recorded call's capture
// file is reported then). Direct mode passes the SDP through unchanged, at once.
#include <random>

#include "sip/sdp_origin.hpp"
#include "sip/sofia_gateway.hpp"

namespace blendd::sip {

namespace {

const char* tag_of(Leg leg) {
  return leg == Leg::customer ? "customer" : "agent";
}

// The port of an SDP's first audio stream, or 0.
std::uint16_t audio_port(const std::string& sdp) {
  const std::size_t at = sdp.find("m=audio ");
  if (at == std::string::npos) return 0;
  unsigned long port = 0;
  for (std::size_t i = at + 8; i < sdp.size() && sdp[i] >= '0' && sdp[i] <= '9'; ++i) {
    port = port * 10 + static_cast<unsigned long>(sdp[i] - '0');
    if (port > 65535) return 0;
  }
  return static_cast<std::uint16_t>(port);
}

}  // namespace

void SofiaGateway::Mailbox::post(std::function<void(SofiaGateway&)> fn) {
  std::lock_guard<std::mutex> lock(mutex);
  if (gateway != nullptr) gateway->post(std::move(fn));
}

std::string SofiaGateway::relay_call_id(CallId id) const {
  return relay_prefix_ + std::to_string(id);
}

void SofiaGateway::relay_sdp(Call& c, SdpExchange::Step step, Leg from, std::string sdp,
                             std::function<void(Call&, std::string)> then,
                             std::function<void(Call&, std::string)> failed) {
  if (!options_.relay) return then(c, std::move(sdp));
  if (relay_prefix_.empty()) {
    std::random_device rd;
    relay_prefix_ = "blendd-" + std::to_string(rd()) + "-";
  }
  SdpExchange e;
  e.step = step;
  e.call_id = relay_call_id(c.id);
  e.sdp = std::move(sdp);
  if (step == SdpExchange::Step::offer) {
    e.from_tag = tag_of(from);
    if (c.relayed) e.to_tag = tag_of(other(from));  // a re-offer within the call
  } else {
    e.from_tag = tag_of(other(from));  // the offerer; `from` answers it
    e.to_tag = tag_of(from);
  }
  e.record = c.record && step == SdpExchange::Step::offer;
  e.browser_call = c.agent_browser;
  e.to_browser = c.agent_browser && other(from) == Leg::agent;  // the rewrite goes to `from`'s peer
  c.relayed = true;
  options_.relay->exchange(std::move(e), [mailbox = mailbox_, id = c.id, then = std::move(then),
                                          failed = std::move(failed)](SdpOutcome outcome) mutable {
    mailbox->post([id, outcome = std::move(outcome), then = std::move(then),
                   failed = std::move(failed)](SofiaGateway& g) mutable {
      Call* c = g.find(id);
      if (c == nullptr) return;  // ended meanwhile (its release went after it)
      if (outcome.ok()) {
        if (!outcome.recording.empty()) c->recording = outcome.recording;
        then(*c, std::move(outcome.sdp));
      } else {
        failed(*c, "media relay: " + outcome.error);
      }
    });
  });
}

const std::string& SofiaGateway::sdp_toward(const Call& c, Leg to) const {
  if (options_.relay) return to == Leg::customer ? c.sdp_to_customer : c.sdp_to_agent;
  // After a transfer the customer's copy has their own session's o= line.
  if (to == Leg::customer && c.transferred) return c.sdp_to_customer;
  return to == Leg::customer ? c.agent_sdp : c.customer_sdp;
}

std::string SofiaGateway::toward_customer(const Call& c, const std::string& sdp) const {
  return c.transferred ? continue_origin(c.sdp_to_customer, sdp) : sdp;
}

void SofiaGateway::release_media(Call& c) {
  close_tap(c);
  if (!c.relayed || !options_.relay) return;
  c.relayed = false;
  if (c.recording.empty()) return options_.relay->release(relay_call_id(c.id), {});
  // Recorded: once the relay has closed the capture file, the centre hears where it is and
  // which relay port each side sent to (the SDP each leg was last given names it).
  LegEvent e = leg_event(c.id, Leg::customer, LegEventKind::recorded, 0, "", "");
  e.recording = c.recording;
  e.customer_media_port = audio_port(c.sdp_to_customer);
  e.agent_media_port = audio_port(c.sdp_to_agent);
  options_.relay->release(relay_call_id(c.id), [mailbox = mailbox_, e = std::move(e)]() mutable {
    mailbox->post([e = std::move(e)](SofiaGateway& g) mutable { g.emit(std::move(e)); });
  });
}

void SofiaGateway::set_media_up(bool up) {
  const bool was = media_up_.exchange(up);
  if (was && !up) end_relayed_calls("media relay lost");
}

void SofiaGateway::end_relayed_calls(const std::string& why) {
  for (auto& [id, c] : calls_) {
    if (!c.relayed || c.hanging_up) continue;
    const bool customer_up = c.customer != nullptr && !c.customer_ending;
    // A queued inbound caller (not yet answered) is one who is gone before being served.
    const bool queued = c.inbound && !c.customer_answered;
    c.hanging_up = true;
    c.agent_pending = 0;
    end_leg(c, Leg::agent);
    end_leg(c, Leg::customer);
    if (customer_up) {
      emit(leg_event(id, Leg::customer, queued ? LegEventKind::cancelled : LegEventKind::ended, 503,
                     why, ""));
    }
  }
}

}  // namespace blendd::sip

namespace blendd::sip {

// The agent answered and the relay (if any) rewrote the answer: the customer gets it — our 200 to
// an inbound caller, the ACK of an outbound customer's 200 — and the centre hears of the answer.
void SofiaGateway::complete_bridge(Call& c, int status, const std::string& why,
                                   const std::string& answer) {
  c.tap_offer = false;  // the agent's answer is in: a next party needs a new offer
  if (c.customer_bridged) {
    reoffer_customer(c, answer);  // a transfer: the customer has talked to someone already
  } else if (c.customer != nullptr && !c.customer_ending && (c.inbound || !c.customer_acked)) {
    c.sdp_to_customer = answer;
    if (c.inbound) {
      nua_respond(
          c.customer, SIP_200_OK,
          TAG_IF(!c.customer_contact.empty(), SIPTAG_CONTACT_STR(c.customer_contact.c_str())),
          SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(answer.c_str()),
          TAG_END());
      c.customer_answered = true;
    } else {
      nua_ack(c.customer, SIPTAG_CONTENT_TYPE_STR("application/sdp"),
              SIPTAG_PAYLOAD_STR(answer.c_str()), TAG_END());
      c.customer_acked = true;
    }
    c.customer_bridged = true;
  }
  if (options_.keepalive_interval.count() > 0) {
    c.next_keepalive = std::chrono::steady_clock::now() + options_.keepalive_interval;
  }
  if (c.hanging_up) {
    end_leg(c, Leg::agent);  // given up on while the relay answered
    return;
  }
  emit(leg_event(c.id, Leg::agent, LegEventKind::answered, status, why, c.agent_sdp));
}

}  // namespace blendd::sip
