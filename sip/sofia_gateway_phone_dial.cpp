// A registered phone calls a number through blendd (its history's "call back", a number typed on
// it): its INVITE is checked with the agent's digest account (407), reported to the centre as a
// manual dial (LegEventKind::phone_dialled), and either refused with the reason in a Warning or
// placed: the customer is INVITEd with the phone's offer, their progress and answer go back to
// the phone, and from then on it is a bridged call like any other.
#include <sofia-sip/msg_header.h>
#include <sofia-sip/url.h>

#include "sip/sofia_gateway.hpp"

namespace blendd::sip {

namespace {

std::string warning(const std::string& why) {
  std::string text;
  for (char ch : why) text += ch == '"' ? '\'' : ch;
  return "399 blendd \"" + text + "\"";
}

}  // namespace

std::string SofiaGateway::phone_account_of(const sip_t* sip) const {
  if (options_.phone_accounts.empty() || sip == nullptr || sip->sip_from == nullptr ||
      sip->sip_from->a_url->url_user == nullptr)
    return {};
  const std::string user = sip->sip_from->a_url->url_user;
  return options_.phone_accounts.count(user) != 0 ? user : std::string();
}

void SofiaGateway::on_phone_invite(nua_handle_t* nh, const sip_t* sip, const std::string& user) {
  const auto refuse = [&](int status, const char* phrase, const std::string& why) {
    nua_respond(nh, status, phrase, TAG_IF(!why.empty(), SIPTAG_WARNING_STR(warning(why).c_str())),
                TAG_END());
    nua_handle_destroy(nh);
  };
  if (!accepting_) return refuse(503, "Service Unavailable", "standby node");
  const DigestOutcome auth = check_digest(sip, "INVITE", true);
  if (auth.status == 407) {
    nua_respond(nh, SIP_407_PROXY_AUTH_REQUIRED,
                SIPTAG_PROXY_AUTHENTICATE_STR(auth.challenge.c_str()), TAG_END());
    nua_handle_destroy(nh);
    return;
  }
  if (auth.status != 0) return refuse(auth.status, auth.phrase.c_str(), "");
  if (auth.username != user) return refuse(403, "Forbidden", "another phone's account");
  if (sip->sip_payload == nullptr || sip->sip_payload->pl_len == 0)
    return refuse(488, "Not Acceptable Here", "SDP offer required");
  const url_t* called = sip->sip_request != nullptr ? sip->sip_request->rq_url : nullptr;
  if (called == nullptr || called->url_user == nullptr)
    return refuse(484, "Address Incomplete", "no number dialled");
  Call& c = open_call(nh, Leg::agent);
  const CallId id = c.id;
  c.phone_first = true;
  c.agent_sdp.assign(sip->sip_payload->pl_data, sip->sip_payload->pl_len);
  c.agent_contact = contact_for(transport_of_via(sip));
  LegEvent e = leg_event(id, Leg::agent, LegEventKind::phone_dialled, 0, "", c.agent_sdp);
  e.from = options_.phone_accounts.at(user).agent;
  e.to = called->url_user;
  emit(std::move(e));
}

void SofiaGateway::refuse_phone_call(CallId call, int status, const std::string& why) {
  Call* c = find(call);
  if (c == nullptr || !c->phone_first || c->agent == nullptr || c->agent_ending) return;
  c->agent_ending = true;
  nua_respond(c->agent, status, nullptr, SIPTAG_WARNING_STR(warning(why).c_str()), TAG_END());
}

void SofiaGateway::originate_from_phone(const OriginateRequest& request) {
  auto it = calls_.find(*request.agent_call);
  if (it == calls_.end() || !it->second.phone_first || it->second.agent_ending) {
    emit(leg_event(request.call, Leg::customer, LegEventKind::failed, 487,
                   "the phone hung up before the customer was dialled", ""));
    return;
  }
  // The phone's leg is this call's agent leg from now on (the core's call id).
  Call& c = calls_[request.call] = std::move(it->second);
  calls_.erase(it);
  c.id = request.call;
  c.agent_tag = {c.id, Leg::agent};
  nua_handle_bind(c.agent, &c.agent_tag);
  c.customer = new_handle(c, Leg::customer, request.uri);
  if (c.customer == nullptr) {
    refuse_phone_call(c.id, 400, "bad customer URI");
    emit(leg_event(c.id, Leg::customer, LegEventKind::failed, 400, "bad customer URI", ""));
    return;
  }
  const auto timeout =
      request.ring_timeout.count() > 0 ? request.ring_timeout : options_.default_ring_timeout;
  c.ring_deadline = std::chrono::steady_clock::now() + timeout;
  const std::string from = request.from_uri.empty() ? options_.from_uri : request.from_uri;
  const std::string pai = request.asserted_identity.empty()
                              ? std::string()
                              : "P-Asserted-Identity: " + request.asserted_identity;
  relay_sdp(
      c, SdpExchange::Step::offer, Leg::agent, c.agent_sdp,
      [this, from, pai, uri = request.uri](Call& c, std::string sdp) {
        if (c.customer == nullptr || c.customer_ending) return;
        c.sdp_to_customer = sdp;
        c.customer_contact = contact_for(transport_of_uri(uri));
        nua_invite(
            c.customer, NUTAG_AUTOACK(0), SIPTAG_FROM_STR(from.c_str()),
            TAG_IF(!c.customer_contact.empty(), SIPTAG_CONTACT_STR(c.customer_contact.c_str())),
            TAG_IF(!pai.empty(), SIPTAG_HEADER_STR(pai.c_str())),
            SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(sdp.c_str()), TAG_END());
      },
      [this](Call& c, std::string why) {
        const CallId id = c.id;
        refuse_phone_call(id, 503, why);
        destroy(c.customer, &c);
        emit(leg_event(id, Leg::customer, LegEventKind::failed, 503, why, ""));
      });
}

// The customer's answers to an INVITE that carried the phone's offer.
void SofiaGateway::on_phone_first_response(Call& c, int status, const char* phrase,
                                           const sip_t* sip) {
  const std::string why = phrase != nullptr ? phrase : "";
  if (status >= 180 && status < 200) {
    if (c.agent != nullptr && !c.agent_ending) {
      nua_respond(c.agent, SIP_180_RINGING,
                  TAG_IF(!c.agent_contact.empty(), SIPTAG_CONTACT_STR(c.agent_contact.c_str())),
                  TAG_END());
    }
    emit(leg_event(c.id, Leg::customer, LegEventKind::ringing, status, why, ""));
    return;
  }
  if (status < 200) return;
  if (status >= 300) {
    // The phone hears what the customer's side said (busy, no answer ...).
    if (c.agent != nullptr && !c.agent_ending) {
      c.agent_ending = true;
      nua_respond(c.agent, c.ring_timed_out ? 480 : status, c.ring_timed_out ? "No Answer" : phrase,
                  TAG_END());
    }
    return;  // the caller reports the failure and drops the customer's handle
  }
  c.customer_answered = true;
  c.customer_acked = true;
  c.answered_at = std::chrono::steady_clock::now();
  c.ring_deadline.reset();
  c.customer_sdp = SofiaGateway::body_of(sip);
  nua_ack(c.customer, TAG_END());  // the offer was in our INVITE: a plain ACK
  relay_sdp(
      c, SdpExchange::Step::answer, Leg::customer, c.customer_sdp,
      [this, status, why](Call& c, std::string sdp) {
        c.sdp_to_agent = sdp;
        if (c.agent == nullptr || c.agent_ending) return end_leg(c, Leg::customer);
        nua_respond(c.agent, SIP_200_OK,
                    TAG_IF(!c.agent_contact.empty(), SIPTAG_CONTACT_STR(c.agent_contact.c_str())),
                    SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(sdp.c_str()),
                    TAG_END());
        c.agent_answered = true;
        c.customer_bridged = true;
        if (options_.keepalive_interval.count() > 0)
          c.next_keepalive = std::chrono::steady_clock::now() + options_.keepalive_interval;
        emit(leg_event(c.id, Leg::customer, LegEventKind::answered, status, why, c.customer_sdp));
      },
      [this](Call& c, std::string reason) {
        c.hanging_up = true;
        end_leg(c, Leg::customer);
        refuse_phone_call(c.id, 503, reason);
        emit(leg_event(c.id, Leg::customer, LegEventKind::ended, 503, reason, ""));
      });
}

// The phone hung up while the customer's side rang.
void SofiaGateway::on_phone_cancel(Call& c) {
  c.agent_ending = true;              // nua answers the phone's INVITE 487 itself
  if (c.customer == nullptr) return;  // not dialled yet: the centre's originate finds it gone
  c.ring_deadline.reset();
  c.hanging_up = true;
  nua_cancel(c.customer, TAG_END());
}

}  // namespace blendd::sip
