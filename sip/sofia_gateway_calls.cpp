// Outbound legs, bridging, hang-up and digest authentication (re-INVITEs:
// sofia_gateway_reinvite.cpp).
#include <sofia-sip/msg_header.h>

#include "sip/failure_classifier.hpp"
#include "sip/sofia_gateway.hpp"

namespace blendd::sip {

namespace {

// A placeholder answer for a customer we must ACK before hanging up (nobody to bridge to).
const char* kHoldSdp =
    "v=0\r\no=blendd 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
    "m=audio 9 RTP/AVP 0\r\na=inactive\r\n";

}  // namespace

std::string SofiaGateway::at_blendd(const std::string& uri) const {
  std::string rest = uri;
  if (auto lt = rest.find('<'); lt != std::string::npos) rest = rest.substr(lt + 1);
  if (auto gt = rest.find('>'); gt != std::string::npos) rest.resize(gt);
  const auto colon = rest.find(':');
  const auto at = rest.find('@');
  if (colon == std::string::npos || at == std::string::npos || at < colon) return uri;
  const std::string user = rest.substr(colon + 1, at - colon - 1);
  std::string host = options_.bind_url.substr(options_.bind_url.find(':') + 1);
  host = host.substr(0, host.find(';'));
  if (auto at_host = host.find('@'); at_host != std::string::npos) host = host.substr(at_host + 1);
  // Bound to every address: no one of them is blendd's for the phone; the URI stays as it was.
  if (host.rfind("0.0.0.0", 0) == 0 || host.rfind("*", 0) == 0 || host.rfind("[::]", 0) == 0)
    return uri;
  return "sip:" + user + "@" + host;
}

std::string SofiaGateway::transport_of_uri(const std::string& uri) {
  if (uri.rfind("sips:", 0) == 0 || uri.find("transport=tls") != std::string::npos) return "tls";
  return uri.find("transport=tcp") != std::string::npos ? "tcp" : "udp";
}

std::string SofiaGateway::transport_of_via(const sip_t* sip) {
  if (sip == nullptr || sip->sip_via == nullptr || sip->sip_via->v_protocol == nullptr)
    return "udp";
  std::string p = sip->sip_via->v_protocol;  // "SIP/2.0/UDP"
  p = p.substr(p.rfind('/') + 1);
  for (char& ch : p) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return p == "tcp" || p == "tls" ? p : "udp";
}

std::string SofiaGateway::contact_for(const std::string& transport) const {
  if (options_.tls_url.empty()) return {};
  if (transport == "tls") return "<sip:" + options_.tls_url.substr(5) + ";transport=tls>";
  std::string base = options_.bind_url.substr(0, options_.bind_url.find(';'));
  return "<" + base + (transport == "tcp" ? ";transport=tcp>" : ">");
}

nua_handle_t* SofiaGateway::new_handle(Call& c, Leg leg, const std::string& to_uri) {
  HandleTag& tag = leg == Leg::customer ? c.customer_tag : c.agent_tag;
  tag = {c.id, leg};
  // In angle brackets: a bare "sip:x@host;transport=tcp" as To would make ";transport=tcp" a
  // parameter of the header, not of the URI, and the request would go out over UDP.
  const std::string to = to_uri.find('<') == std::string::npos ? "<" + to_uri + ">" : to_uri;
  nua_handle_t* nh = nua_handle(nua_, &tag, SIPTAG_TO_STR(to.c_str()), TAG_END());
  if (nh != nullptr) adopt(nh);
  return nh;
}

void SofiaGateway::originate(const OriginateRequest& request) {
  if (calls_.count(request.call) != 0) {
    emit(
        leg_event(request.call, Leg::customer, LegEventKind::failed, 500, "duplicate call id", ""));
    return;
  }
  if (request.not_after && std::chrono::steady_clock::now() >= *request.not_after) {
    if (request.agent_call) refuse_phone_call(*request.agent_call, 503, "lease ran out");
    emit(leg_event(request.call, Leg::customer, LegEventKind::failed, 503,
                   "not dialled: the node's lease ran out before the INVITE", ""));
    return;
  }
  if (request.agent_call) return originate_from_phone(request);
  Call& c = calls_[request.call];
  c.id = request.call;
  c.amd = request.amd;
  c.agent_from = at_blendd(request.uri);
  c.customer = new_handle(c, Leg::customer, request.uri);
  if (c.customer == nullptr) {
    calls_.erase(request.call);
    emit(leg_event(request.call, Leg::customer, LegEventKind::failed, 400, "bad customer URI", ""));
    return;
  }
  call_count_ = static_cast<long>(calls_.size());
  const auto timeout =
      request.ring_timeout.count() > 0 ? request.ring_timeout : options_.default_ring_timeout;
  c.ring_deadline = std::chrono::steady_clock::now() + timeout;
  const std::string& from = request.from_uri.empty() ? options_.from_uri : request.from_uri;
  const std::string pai = request.asserted_identity.empty()
                              ? std::string()
                              : "P-Asserted-Identity: " + request.asserted_identity;
  c.customer_contact = contact_for(transport_of_uri(request.uri));
  nua_invite(c.customer, NUTAG_AUTOACK(0), SIPTAG_FROM_STR(from.c_str()),
             TAG_IF(!c.customer_contact.empty(), SIPTAG_CONTACT_STR(c.customer_contact.c_str())),
             TAG_IF(!pai.empty(), SIPTAG_HEADER_STR(pai.c_str())), TAG_END());
  if (request.decided_at) {
    decision_to_invite_.record(std::chrono::duration<double, std::micro>(
                                   std::chrono::steady_clock::now() - *request.decided_at)
                                   .count());
  }
}

SofiaGateway::Call* SofiaGateway::awaiting_agent(CallId call) {
  Call* c = find(call);
  if (c == nullptr || c->customer == nullptr || c->customer_sdp.empty() || c->hanging_up ||
      c->customer_ending || c->announcing) {
    emit(leg_event(call, Leg::agent, LegEventKind::failed, 481, "no customer waiting on this call",
                   ""));
    return nullptr;
  }
  if (c->agent != nullptr || c->agent_pending != 0 || c->browser_leg) {
    emit(leg_event(call, Leg::agent, LegEventKind::failed, 491, "an agent leg is already set up",
                   ""));
    return nullptr;
  }
  return c;
}

void SofiaGateway::connect_agent(CallId call, const std::string& uri) {
  if (Call* placed = find(call); placed != nullptr && placed->phone_first) {
    // The agent's own phone placed the call and has the customer already: nothing to ring.
    if (placed->agent_answered && !placed->agent_ending) {
      emit(leg_event(call, Leg::agent, LegEventKind::answered, 200, "the agent's phone called",
                     placed->agent_sdp));
    } else {
      emit(leg_event(call, Leg::agent, LegEventKind::failed, 481, "the agent's phone hung up", ""));
    }
    return;
  }
  Call* c = awaiting_agent(call);
  if (c == nullptr) return;
  c->number_from.clear();
  connect_leg(*c, uri);
}

void SofiaGateway::connect_leg(Call& call, const std::string& uri) {
  Call* c = &call;
  // The customer's offer goes to the agent through the relay (relay mode) or as it is; a queued
  // caller's message stops (the offer is then a re-offer within the relay's call).
  stop_queue_message(*c);
  close_tap(*c);  // an agent for an AMD call: the analysis is over
  c->agent_browser = false;
  const std::uint64_t sequence = ++c->agent_sequence;
  if (c->tap_offer) {
    // After AMD: the relay's offer toward blendd's side goes to the agent as it is, and their
    // answer replaces the listener's. A new offer would move the relay's ports toward the
    // customer too, and they would need a re-INVITE.
    c->agent_pending = 0;
    return invite_agent(*c, uri, c->sdp_to_agent);
  }
  c->agent_pending = sequence;
  relay_sdp(
      *c, SdpExchange::Step::offer, Leg::customer, c->customer_sdp,
      [this, uri, sequence](Call& c, std::string sdp) {
        if (c.agent_pending != sequence || c.hanging_up || c.customer_ending) return;
        c.agent_pending = 0;
        invite_agent(c, uri, sdp);
      },
      [this, sequence](Call& c, std::string why) {
        if (c.agent_pending != sequence) return;  // cancelled meanwhile: nothing to report
        c.agent_pending = 0;
        emit(leg_event(c.id, Leg::agent, LegEventKind::failed, 503, why, ""));
      });
}

void SofiaGateway::invite_agent(Call& c, const std::string& uri, const std::string& sdp) {
  const CallId call = c.id;
  c.agent_answered = false;
  c.agent_ending = false;
  c.sdp_to_agent = sdp;
  const std::vector<AgentTarget> targets = agent_targets(uri);
  if (targets.empty()) {
    emit(leg_event(call, Leg::agent, LegEventKind::failed, 480, "phone not registered", ""));
    return;
  }
  c.agent = new_handle(c, Leg::agent, targets.front().uri);
  const std::string& flow = targets.front().flow;
  if (c.agent == nullptr) {
    emit(leg_event(call, Leg::agent, LegEventKind::failed, 400, "bad agent URI", ""));
    return;
  }
  // No automatic ACK on any leg: an ACK may have to carry an answer (a session refresh whose 200
  // holds an offer), so every 2xx is ACKed here.
  c.agent_contact = contact_for(transport_of_uri(flow.empty() ? targets.front().uri : flow));
  // A number away (a transfer) is called as the campaign, like any customer; a phone sees the
  // customer at blendd.
  const std::string& from = c.number_from.empty() ? c.agent_from : c.number_from;
  const std::string pai =
      c.number_from.empty() ? std::string() : "P-Asserted-Identity: <" + c.number_from + ">";
  nua_invite(c.agent, NUTAG_AUTOACK(0), SIPTAG_FROM_STR(from.c_str()),
             TAG_IF(!pai.empty(), SIPTAG_HEADER_STR(pai.c_str())),
             TAG_IF(!c.agent_contact.empty(), SIPTAG_CONTACT_STR(c.agent_contact.c_str())),
             TAG_IF(!flow.empty(), NUTAG_PROXY(flow.c_str())),
             SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(sdp.c_str()),
             TAG_END());
  for (std::size_t i = 1; i < targets.size(); ++i) invite_fork(c, targets[i], sdp);
  Call* const cp = &c;
  if (cp->answered_at) {
    answer_to_agent_invite_.record(std::chrono::duration<double, std::micro>(
                                       std::chrono::steady_clock::now() - *cp->answered_at)
                                       .count());
    cp->answered_at.reset();  // a second agent after a rejection is not the same measure
  }
}

void SofiaGateway::cancel_agent(CallId call) {
  Call* c = find(call);
  if (c != nullptr) c->agent_pending = 0;  // an INVITE still waiting for the relay never goes
  if (c != nullptr && c->browser_leg) {
    // The page is told by the centre; its late answer finds no leg and changes nothing.
    c->browser_leg = false;
    c->agent_answered = false;
    c->agent_ending = false;
    c->next_keepalive.reset();
    return;
  }
  if (c != nullptr) cancel_forks(*c);
  if (c == nullptr || c->agent == nullptr) return;
  nua_handle_t* nh = c->agent;
  auto tag = std::make_unique<HandleTag>(HandleTag{call, Leg::agent, true});
  nua_handle_bind(nh, tag.get());
  retired_[nh] = std::move(tag);
  const bool answered = c->agent_answered;
  const bool ending = c->agent_ending;
  // A bridged call's agent let go (a transfer): the customer stays for the next party, whose
  // leg blendd places (the phone that placed the call is gone with this one).
  if (answered && c->customer_bridged) c->phone_first = false;
  c->refer_event.clear();
  c->agent = nullptr;
  c->agent_answered = false;
  c->agent_ending = false;
  c->next_keepalive.reset();
  if (ending) return;  // already on its way out
  if (answered) {
    nua_bye(nh, TAG_END());  // it answered as we gave up: hung up, the caller goes on
  } else {
    nua_cancel(nh, TAG_END());
  }
}

void SofiaGateway::on_retired_event(nua_event_t event, int status, nua_handle_t* nh,
                                    tagi_t tags[]) {
  switch (event) {
    case nua_r_invite:
      // A phone that answers after its CANCEL: nua ACKs the 200, we hang up at once.
      if (status >= 200 && status < 300) {
        nua_ack(nh, TAG_END());
        nua_bye(nh, TAG_END());
      } else if (status >= 300) {
        destroy_retired(nh);
      }
      break;
    case nua_r_bye:
      if (status >= 200) destroy_retired(nh);
      break;
    case nua_i_state: {
      int state = nua_callstate_init;
      tl_gets(tags, NUTAG_CALLSTATE_REF(state), TAG_END());
      if (state == nua_callstate_terminated) destroy_retired(nh);
      break;
    }
    case nua_i_refer:  // a phone blendd has let go transfers nothing
      nua_respond(nh, SIP_481_NO_TRANSACTION, NUTAG_WITH_THIS(nua_), TAG_END());
      break;
    default:
      break;
  }
}

void SofiaGateway::destroy_retired(nua_handle_t* nh) {
  destroy(nh, nullptr);
  retired_.erase(nh);
}

void SofiaGateway::hang_up(CallId call) {
  Call* c = find(call);
  if (c == nullptr) return;
  c->hanging_up = true;
  end_leg(*c, Leg::customer);
  end_leg(*c, Leg::agent);
}

// CANCEL while ringing, BYE once answered (ACKing an un-ACKed customer first), a final error
// to a queued inbound caller. Each leg is ended once.
void SofiaGateway::end_leg(Call& c, Leg leg) {
  if (leg == Leg::agent) cancel_forks(c);
  nua_handle_t* nh = leg == Leg::customer ? c.customer : c.agent;
  bool& ending = leg == Leg::customer ? c.customer_ending : c.agent_ending;
  if (nh == nullptr || ending) return;
  ending = true;
  if (leg == Leg::customer && c.inbound) {
    if (c.customer_answered) {
      nua_bye(nh, TAG_END());
    } else {
      nua_respond(nh, SIP_480_TEMPORARILY_UNAVAILABLE, TAG_END());
    }
    return;
  }
  const bool answered = leg == Leg::customer ? c.customer_answered : c.agent_answered;
  if (!answered) {
    nua_cancel(nh, TAG_END());
    return;
  }
  if (leg == Leg::customer && !c.customer_acked) {
    nua_ack(nh, SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(kHoldSdp),
            TAG_END());
    c.customer_acked = true;
  }
  nua_bye(nh, TAG_END());
}

bool SofiaGateway::authenticate(nua_handle_t* nh, Call& c, int status, const sip_t* sip) {
  if (options_.auth_username.empty() || sip == nullptr) return false;
  const msg_auth_t* challenge =
      status == 401 ? sip->sip_www_authenticate : sip->sip_proxy_authenticate;
  if (challenge == nullptr || challenge->au_scheme == nullptr) return false;
  const char* stale = msg_params_find(challenge->au_params, "stale");
  const bool new_nonce = stale != nullptr && strcasecmp(stale, "true") == 0;
  // Wrong credentials get the same challenge again: give up instead of looping. A stale nonce
  // gets one more try with the new one.
  if (c.auth_attempts >= 2 || (c.auth_attempts >= 1 && !new_nonce)) return false;
  const char* realm = msg_params_find(challenge->au_params, "realm");
  const std::string credentials = std::string(challenge->au_scheme) + ":" +
                                  (realm != nullptr ? realm : "\"\"") + ":" +
                                  options_.auth_username + ":" + options_.auth_password;
  ++c.auth_attempts;
  ++auth_challenges_;
  nua_authenticate(nh, NUTAG_AUTH(credentials.c_str()), TAG_END());
  return true;
}

void SofiaGateway::on_invite_response(int status, const char* phrase, nua_handle_t* nh,
                                      HandleTag* tag, const sip_t* sip) {
  Call* c = find(tag->call);
  if (c == nullptr) return;
  const Leg leg = tag->leg;
  // nua reports its own timeouts and transport errors with no message: only a real one counts.
  if (leg == Leg::customer && sip != nullptr) c->trunk_heard = true;
  const bool established = leg == Leg::customer ? c->customer_answered : c->agent_answered;
  if (established && leg == Leg::customer && c->customer_reoffer)
    return on_customer_reoffer_answer(*c, status, phrase, nh, sip);
  if (established && c->reinvite_from == other(leg)) {
    if (status >= 200 && status < 300) nua_ack(nh, TAG_END());
    if (status >= 200) relay_reinvite_answer(*c, leg, status, phrase, SofiaGateway::body_of(sip));
    return;
  }
  if (established) {
    // A session refresh of our own (RFC 4028, the peer made us the refresher) or a
    // retransmission. The refresh carries no SDP, so a 200 with SDP is an offer: the ACK answers
    // it with what the other party last said, which keeps the media as it is.
    if (status >= 200 && status < 300) {
      const std::string offer = SofiaGateway::body_of(sip);
      if (offer.empty()) {
        nua_ack(nh, TAG_END());
      } else {
        // (Relay mode answers with what the relay last gave this leg: the refresh keeps media.)
        if (!options_.relay) (leg == Leg::customer ? c->customer_sdp : c->agent_sdp) = offer;
        const std::string& answer = sdp_toward(*c, leg);
        nua_ack(nh, TAG_IF(!answer.empty(), SIPTAG_CONTENT_TYPE_STR("application/sdp")),
                TAG_IF(!answer.empty(), SIPTAG_PAYLOAD_STR(answer.c_str())), TAG_END());
      }
    }
    return;
  }
  const std::string why = phrase != nullptr ? phrase : "";
  // The trunk challenges its own calls: the customer's, and a number a transfer rings.
  const bool trunk_leg = leg == Leg::customer || !c->number_from.empty();
  if ((status == 401 || status == 407) && trunk_leg && authenticate(nh, *c, status, sip)) {
    return;
  }
  if (leg == Leg::customer && c->phone_first) {
    on_phone_first_response(*c, status, phrase, sip);
    if (status < 300) return;  // a failure is reported below, like any customer's
  }
  if (status >= 180 && status < 200) {
    std::string body = SofiaGateway::body_of(sip);
    const auto kind = body.empty() ? LegEventKind::ringing : LegEventKind::early_media;
    emit(leg_event(tag->call, leg, kind, status, why, std::move(body)));
  } else if (status >= 200 && status < 300) {
    std::string body = SofiaGateway::body_of(sip);
    if (leg == Leg::customer) {
      c->customer_answered = true;
      c->answered_at = std::chrono::steady_clock::now();
      c->ring_deadline.reset();
      c->customer_sdp = body;
    } else {
      c->agent_answered = true;
      c->agent_sdp = body;
      nua_ack(nh, TAG_END());  // the agent leg's offer was ours: a plain ACK
      if (c->hanging_up) {
        end_leg(*c, leg);  // answered after we gave up on it
        return;
      }
      // The agent's answer reaches the customer through the relay; the centre hears of the
      // answer once the customer has it.
      const std::uint64_t sequence = c->agent_sequence;
      relay_sdp(
          *c, SdpExchange::Step::answer, Leg::agent, body,
          [this, status, why, sequence](Call& c, std::string sdp) {
            if (c.agent_sequence != sequence || c.agent == nullptr) return;
            complete_bridge(c, status, why, sdp);
          },
          [this, sequence](Call& c, std::string reason) {
            if (c.agent_sequence != sequence || c.agent == nullptr) return;
            // Without media the agent's leg is no use: ended, and reported as failed so the
            // centre treats it as an agent phone that did not answer.
            const CallId id = c.id;
            cancel_agent(id);
            emit(leg_event(id, Leg::agent, LegEventKind::failed, 503, reason, ""));
          });
      return;
    }
    if (c->hanging_up) {
      end_leg(*c, leg);  // answered after we gave up on it
      return;
    }
    emit(leg_event(tag->call, leg, LegEventKind::answered, status, why, std::move(body)));
    if (c->amd) start_analysis(*c);  // the centre hears the verdict next
  } else if (status >= 300) {
    // One of the agent's registered phones refused: the others ring on.
    if (leg == Leg::agent && promote_fork(*c, nh)) return;
    LegEvent e = leg_event(tag->call, leg, LegEventKind::failed, status, why, "");
    e.failure = classify_failure(status, leg == Leg::customer && c->ring_timed_out);
    e.trunk_fault = leg == Leg::customer && is_trunk_fault(status, c->trunk_heard);
    if (leg == Leg::customer && c->ring_timed_out) e.reason = "ring timeout";
    destroy(nh, c);
    if (c->customer == nullptr && c->agent == nullptr) {
      release_media(*c);
      calls_.erase(tag->call);
      call_count_ = static_cast<long>(calls_.size());
    }
    emit(std::move(e));
  }
}

// A bridged call whose customer or agent vanished without a BYE (a crashed phone, a trunk that
// lost the call, a BYE lost for good) would hold the agent forever: both legs are asked now and
// then, and a peer that no longer knows the dialog ends the call.
void SofiaGateway::send_keepalives(SteadyTime now) {
  for (auto& [id, c] : calls_) {
    if (!c.next_keepalive || *c.next_keepalive > now) continue;
    // A page's leg has no dialog to ask (its desk session watches it): the customer's only.
    if (c.customer_ending || c.agent_ending || c.customer == nullptr ||
        (c.agent == nullptr && !c.browser_leg)) {
      c.next_keepalive.reset();
      continue;
    }
    c.next_keepalive = now + options_.keepalive_interval;
    nua_options(c.customer, TAG_END());
    if (c.agent != nullptr) nua_options(c.agent, TAG_END());
  }
}

void SofiaGateway::on_keepalive_answer(int status, HandleTag* tag) {
  // Any answer from the peer but "no such dialog" means it is there (405 and 501 included).
  // 408 (nothing came back), 503 (sofia could not reach it: ICMP unreachable, a dead TCP
  // connection) and sofia's own 9xx mean the peer is gone.
  const bool gone = status == 408 || status == 481 || status == 503 || status >= 900;
  if (!gone) return;
  Call* c = find(tag->call);
  if (c == nullptr) return;
  bool& ending = tag->leg == Leg::customer ? c->customer_ending : c->agent_ending;
  if (ending) return;
  c->next_keepalive.reset();
  end_leg(*c, tag->leg);  // a BYE to a peer that may be gone: sofia gives up on it in time
  end_leg(*c, other(tag->leg));
  emit(leg_event(tag->call, tag->leg, LegEventKind::ended, status,
                 tag->leg == Leg::customer ? "customer unreachable" : "agent unreachable", ""));
}

void SofiaGateway::on_bye(HandleTag* tag) {
  Call* c = find(tag->call);
  if (c == nullptr) return;
  // The leg that said BYE is done (nua answered it); either side's BYE ends the other leg.
  (tag->leg == Leg::customer ? c->customer_ending : c->agent_ending) = true;
  end_leg(*c, other(tag->leg));
  emit(leg_event(tag->call, tag->leg, LegEventKind::ended, 0,
                 tag->leg == Leg::customer ? "customer" : "agent", ""));
}

}  // namespace blendd::sip
