// The queueing B2BUA for trunk calls: 180 while the caller waits for an agent, the caller's
// offer to the agent, the agent's answer back in our 200; CANCEL while queued; overflow.
#include <sofia-sip/msg_addr.h>
#include <sofia-sip/url.h>

#include <algorithm>

#include "sip/sofia_gateway.hpp"

namespace blendd::sip {

bool SofiaGateway::source_allowed(std::string* source) const {
  msg_t* request = nua_current_request(nua_);
  su_addrinfo_t* ai = request != nullptr ? msg_addrinfo(request) : nullptr;
  if (ai != nullptr && ai->ai_addr != nullptr) {
    char text[64] = {0};
    auto* address = reinterpret_cast<su_sockaddr_t*>(ai->ai_addr);
    if (su_inet_ntop(address->su_family, SU_ADDR(address), text, sizeof text) != nullptr) {
      *source = text;
    }
  }
  if (options_.allowed_sources.empty()) return true;
  return std::find(options_.allowed_sources.begin(), options_.allowed_sources.end(), *source) !=
         options_.allowed_sources.end();
}

namespace {
constexpr unsigned kStandbyRetryAfterS = 5;  // a standby's 503: try again (or elsewhere) after this
}  // namespace

void SofiaGateway::on_options(nua_handle_t* nh, HandleTag* tag) {
  // Inside a call (a keepalive) always 200: the call is this node's, whatever its role.
  if (tag == nullptr && !accepting_) {
    ++standby_refused_;
    // A request other than INVITE is answered with NUTAG_WITH_THIS: nua finds it by the message.
    nua_respond(nh, SIP_503_SERVICE_UNAVAILABLE, NUTAG_WITH_THIS(nua_),
                SIPTAG_RETRY_AFTER_STR(std::to_string(kStandbyRetryAfterS).c_str()),
                SIPTAG_WARNING_STR("399 blendd \"standby node\""), TAG_END());
  } else {
    nua_respond(nh, SIP_200_OK, NUTAG_WITH_THIS(nua_), TAG_END());
  }
  if (tag == nullptr && nh != nullptr) nua_handle_destroy(nh);
}

SofiaGateway::Call& SofiaGateway::open_call(nua_handle_t* nh, Leg leg) {
  const CallId id = next_inbound_++;
  Call& c = calls_[id];
  c.id = id;
  HandleTag& tag = leg == Leg::customer ? c.customer_tag : c.agent_tag;
  tag = {id, leg};
  nua_handle_bind(nh, &tag);
  (leg == Leg::customer ? c.customer : c.agent) = nh;
  adopt(nh);
  call_count_ = static_cast<long>(calls_.size());
  return c;
}

void SofiaGateway::on_inbound_invite(nua_handle_t* nh, const sip_t* sip) {
  // A registered phone calling out through blendd (never the trunk: its sources are its own).
  std::string trunk_source;
  const bool from_trunk = !options_.allowed_sources.empty() && source_allowed(&trunk_source);
  if (const std::string user = phone_account_of(sip); !user.empty() && !from_trunk)
    return on_phone_invite(nh, sip, user);
  if (!accepting_) {
    ++standby_refused_;
    nua_respond(nh, SIP_503_SERVICE_UNAVAILABLE,
                SIPTAG_RETRY_AFTER_STR(std::to_string(kStandbyRetryAfterS).c_str()),
                SIPTAG_WARNING_STR("399 blendd \"standby node\""), TAG_END());
    nua_handle_destroy(nh);
    return;
  }
  if (options_.relay && !media_up_) {
    // No media relay, no audio: the trunk tries elsewhere (or again) rather than connect.
    ++media_refused_;
    nua_respond(nh, SIP_503_SERVICE_UNAVAILABLE,
                SIPTAG_RETRY_AFTER_STR(std::to_string(kStandbyRetryAfterS).c_str()),
                SIPTAG_WARNING_STR("399 blendd \"media relay unavailable\""), TAG_END());
    nua_handle_destroy(nh);
    return;
  }
  std::string source;
  if (!source_allowed(&source)) {
    ++inbound_refused_;
    nua_respond(nh, SIP_403_FORBIDDEN, TAG_END());
    nua_handle_destroy(nh);
    return;
  }
  if (sip == nullptr || sip->sip_payload == nullptr || sip->sip_payload->pl_len == 0 ||
      sip->sip_request == nullptr || sip->sip_from == nullptr) {
    // Without an offer there is nothing to hand the agent (late-offer inbound is not supported).
    nua_respond(nh, SIP_488_NOT_ACCEPTABLE, SIPTAG_WARNING_STR("399 blendd \"SDP offer required\""),
                TAG_END());
    nua_handle_destroy(nh);
    return;
  }
  Call& c = open_call(nh, Leg::customer);
  const CallId id = c.id;
  c.inbound = true;
  c.customer_sdp.assign(sip->sip_payload->pl_data, sip->sip_payload->pl_len);
  if (char* from = url_as_string(home_, sip->sip_from->a_url)) {
    c.agent_from = at_blendd(from);
    su_free(home_, from);
  }
  c.customer_contact = contact_for(transport_of_via(sip));
  nua_respond(nh, SIP_180_RINGING,
              TAG_IF(!c.customer_contact.empty(), SIPTAG_CONTACT_STR(c.customer_contact.c_str())),
              TAG_END());
  LegEvent e =
      leg_event(id, Leg::customer, LegEventKind::inbound_arrived, 0, source, c.customer_sdp);
  const url_t* called = sip->sip_request->rq_url;
  e.to = called != nullptr && called->url_user != nullptr ? called->url_user : "";
  e.from = sip->sip_from->a_url->url_user != nullptr ? sip->sip_from->a_url->url_user : "";
  emit(std::move(e));
}

void SofiaGateway::on_inbound_cancel(HandleTag* tag) {
  Call* c = find(tag->call);
  if (c != nullptr && c->phone_first && tag->leg == Leg::agent && !c->agent_answered)
    return on_phone_cancel(*c);
  if (c == nullptr || !c->inbound || c->customer_answered || tag->leg != Leg::customer) return;
  c->customer_ending = true;  // nua answers the INVITE with 487 itself
  end_leg(*c, Leg::agent);    // an agent phone that was ringing for this caller stops
  emit(leg_event(c->id, Leg::customer, LegEventKind::cancelled, 487, "caller hung up while queued",
                 ""));
}

void SofiaGateway::overflow_inbound(CallId call, const std::string& redirect_uri) {
  Call* c = find(call);
  if (c == nullptr || !c->inbound || c->customer_answered || c->customer_ending) return;
  c->customer_ending = true;
  end_leg(*c, Leg::agent);
  if (redirect_uri.empty()) {
    nua_respond(c->customer, SIP_486_BUSY_HERE, TAG_END());
  } else {
    nua_respond(c->customer, SIP_302_MOVED_TEMPORARILY, SIPTAG_CONTACT_STR(redirect_uri.c_str()),
                TAG_END());
  }
}

}  // namespace blendd::sip
