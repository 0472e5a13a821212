// Blind transfers on the SIP side: the agent phone's REFER (202 and NOTIFY sipfrag progress; the
// centre's verdict ends the subscription), a number through the trunk as the agent leg, and the
// new party's SDP carried to a customer who was bridged before (a re-INVITE of ours).
#include "log/log.hpp"
#include "sip/sdp_origin.hpp"
#include "sip/sofia_gateway.hpp"

namespace blendd::sip {

namespace {

// The subscription's Event as nua made it ("refer", or "refer;id=N" after an earlier REFER).
std::string event_text(const sip_event_t* event) {
  if (event == nullptr || event->o_type == nullptr) return "refer";
  std::string text = event->o_type;
  for (const msg_param_t* p = event->o_params; p != nullptr && *p != nullptr; ++p) {
    text += ";";
    text += *p;
  }
  return text;
}

}  // namespace

void SofiaGateway::on_refer(nua_handle_t* nh, HandleTag* tag, const sip_t* sip, tagi_t tags[]) {
  auto refuse = [this, nh](int status, const char* phrase, const std::string& why) {
    const std::string warning = "399 blendd \"" + why + "\"";
    nua_respond(nh, status, phrase, NUTAG_WITH_THIS(nua_), SIPTAG_WARNING_STR(warning.c_str()),
                TAG_END());
  };
  if (tag == nullptr) {
    refuse(403, "Forbidden", "REFER outside a call");
    return nua_handle_destroy(nh);
  }
  Call* c = find(tag->call);
  if (c == nullptr) return refuse(481, "Call Does Not Exist", "the call is over");
  // The customer's side (a trunk, a caller) may not move blendd's agent anywhere.
  if (tag->leg != Leg::agent) return refuse(403, "Forbidden", "only the agent's phone transfers");
  if (!c->agent_answered || c->agent_ending || c->customer_ending || !c->customer_bridged)
    return refuse(403, "Forbidden", "the call is not bridged");
  if (!c->refer_event.empty()) return refuse(491, "Request Pending", "a transfer is under way");
  const sip_refer_to_t* refer_to = sip != nullptr ? sip->sip_refer_to : nullptr;
  if (refer_to == nullptr || refer_to->r_url->url_user == nullptr ||
      *refer_to->r_url->url_user == '\0') {
    return refuse(400, "Bad Request", "Refer-To names no agent, group or number");
  }
  // An attended transfer names the consultation call to replace: blendd does blind ones only.
  const char* headers = refer_to->r_url->url_headers;
  if (headers != nullptr && strcasestr(headers, "replaces=") != nullptr)
    return refuse(501, "Not Implemented", "attended transfer (Replaces) is not supported");
  const sip_event_t* event = nullptr;
  tl_gets(tags, NUTAG_REFER_EVENT_REF(event), TAG_END());
  c->refer_event = event_text(event);
  nua_respond(nh, SIP_202_ACCEPTED, NUTAG_WITH_THIS(nua_), TAG_END());
  nua_notify(nh, NUTAG_SUBSTATE(nua_substate_active), SIPTAG_EVENT_STR(c->refer_event.c_str()),
             SIPTAG_CONTENT_TYPE_STR("message/sipfrag"),
             SIPTAG_PAYLOAD_STR("SIP/2.0 100 Trying\r\n"), TAG_END());
  LegEvent e = leg_event(c->id, Leg::agent, LegEventKind::transfer_requested);
  e.to = refer_to->r_url->url_user;
  emit(std::move(e));
}

void SofiaGateway::answer_transfer(CallId call, int status, const std::string& why) {
  Call* c = find(call);
  if (c == nullptr || c->refer_event.empty()) return;
  const std::string event = std::move(c->refer_event);
  c->refer_event.clear();
  if (c->agent == nullptr || c->agent_ending) return;
  const char* phrase = why.empty() ? sip_status_phrase(status) : why.c_str();
  const std::string frag =
      "SIP/2.0 " + std::to_string(status) + " " + (phrase != nullptr ? phrase : "") + "\r\n";
  nua_notify(c->agent, NUTAG_SUBSTATE(nua_substate_terminated), SIPTAG_EVENT_STR(event.c_str()),
             SIPTAG_CONTENT_TYPE_STR("message/sipfrag"), SIPTAG_PAYLOAD_STR(frag.c_str()),
             TAG_END());
}

void SofiaGateway::connect_number(CallId call, const std::string& uri,
                                  const std::string& from_uri) {
  Call* c = awaiting_agent(call);
  if (c == nullptr) return;
  c->number_from = from_uri;
  c->auth_attempts = 0;  // the trunk may challenge this leg as it did the customer's
  connect_leg(*c, uri);
}

void SofiaGateway::reoffer_customer(Call& c, const std::string& answer) {
  c.transferred = true;
  // Relay mode: the customer talks to the relay, whose side toward them usually stays as it was.
  if (options_.relay && same_media(c.sdp_to_customer, answer)) return;
  log::debug("call {}: the media toward the customer changed; re-INVITE\n{}\n--- was\n{}", c.id,
             answer, c.sdp_to_customer);
  c.sdp_to_customer = continue_origin(c.sdp_to_customer, answer);
  if (c.customer == nullptr || c.customer_ending) return;
  c.customer_reoffer = true;
  nua_invite(c.customer, NUTAG_AUTOACK(0),
             TAG_IF(!c.customer_contact.empty(), SIPTAG_CONTACT_STR(c.customer_contact.c_str())),
             SIPTAG_CONTENT_TYPE_STR("application/sdp"),
             SIPTAG_PAYLOAD_STR(c.sdp_to_customer.c_str()), TAG_END());
}

void SofiaGateway::on_customer_reoffer_answer(Call& c, int status, const char* phrase,
                                              nua_handle_t* nh, const sip_t* sip) {
  if (status < 200) return;
  c.customer_reoffer = false;
  if (status < 300) {
    nua_ack(nh, TAG_END());
    const std::string body = SofiaGateway::body_of(sip);
    if (!body.empty() && !options_.relay) c.customer_sdp = body;  // offered to the next agent
    return;
  }
  // The customer's side will not take the new party's media: no conversation is possible. (A
  // 491, their own re-INVITE crossing ours, ends it too: rare enough not to be retried.)
  const std::string why = std::string("customer refused the transferred media: ") +
                          std::to_string(status) + " " + (phrase != nullptr ? phrase : "");
  c.hanging_up = true;
  end_leg(c, Leg::agent);
  end_leg(c, Leg::customer);
  emit(leg_event(c.id, Leg::customer, LegEventKind::ended, status, why, ""));
}

}  // namespace blendd::sip
