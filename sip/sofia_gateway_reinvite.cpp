// Re-INVITEs (hold, resume, a new offer) relayed between the legs of a bridged call, through the
// media relay in relay mode; a session refresh without an offer is answered with what that leg
// was last given.
#include "sip/sofia_gateway.hpp"

namespace blendd::sip {

void SofiaGateway::on_reinvite(nua_handle_t* nh, HandleTag* tag, const sip_t* sip) {
  Call* c = find(tag->call);
  if (c == nullptr) {
    nua_respond(nh, SIP_481_NO_TRANSACTION, TAG_END());
    return;
  }
  if (c->reinvite_from.has_value() || (tag->leg == Leg::customer && c->customer_reoffer)) {
    nua_respond(nh, SIP_491_REQUEST_PENDING, TAG_END());
    return;
  }
  const Leg from = tag->leg;
  nua_handle_t* to = from == Leg::customer ? c->agent : c->customer;
  const bool to_up = from == Leg::customer ? c->agent_answered : c->customer_answered;
  const std::string offer = SofiaGateway::body_of(sip);
  if (offer.empty() || to == nullptr || !to_up || c->agent_ending || c->customer_ending) {
    // A session refresh without an offer, or nobody to pass it to: answer with what the other
    // party last said (RFC 3264 allows an unchanged answer).
    const std::string& last = sdp_toward(*c, from);
    nua_respond(nh, SIP_200_OK, TAG_IF(!last.empty(), SIPTAG_CONTENT_TYPE_STR("application/sdp")),
                TAG_IF(!last.empty(), SIPTAG_PAYLOAD_STR(last.c_str())), TAG_END());
    return;
  }
  c->reinvite_from = from;
  (from == Leg::customer ? c->customer_sdp : c->agent_sdp) = offer;
  relay_sdp(
      *c, SdpExchange::Step::offer, from, offer,
      [this, from](Call& c, std::string sdp) {
        nua_handle_t* to = from == Leg::customer ? c.agent : c.customer;
        if (to == nullptr || c.reinvite_from != from) return;
        if (from == Leg::agent) sdp = toward_customer(c, sdp);
        (from == Leg::customer ? c.sdp_to_agent : c.sdp_to_customer) = sdp;
        const std::string& contact = from == Leg::customer ? c.agent_contact : c.customer_contact;
        nua_invite(
            to, NUTAG_AUTOACK(0), TAG_IF(!contact.empty(), SIPTAG_CONTACT_STR(contact.c_str())),
            SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(sdp.c_str()), TAG_END());
      },
      [from](Call& c, std::string why) {
        nua_handle_t* nh = from == Leg::customer ? c.customer : c.agent;
        if (c.reinvite_from != from) return;
        c.reinvite_from.reset();
        const std::string warning = "399 blendd \"" + why + "\"";
        if (nh != nullptr) {
          nua_respond(nh, SIP_500_INTERNAL_SERVER_ERROR, SIPTAG_WARNING_STR(warning.c_str()),
                      TAG_END());
        }
      });
}

void SofiaGateway::relay_reinvite_answer(Call& c, Leg answered_leg, int status, const char* phrase,
                                         const std::string& body) {
  const Leg from = other(answered_leg);
  c.reinvite_from.reset();
  nua_handle_t* nh = from == Leg::customer ? c.customer : c.agent;
  if (nh == nullptr) return;
  if (status >= 200 && status < 300) {
    (answered_leg == Leg::customer ? c.customer_sdp : c.agent_sdp) = body;
    relay_sdp(
        c, SdpExchange::Step::answer, answered_leg, body,
        [this, from, status](Call& c, std::string sdp) {
          nua_handle_t* nh = from == Leg::customer ? c.customer : c.agent;
          if (nh == nullptr) return;
          if (from == Leg::customer) sdp = toward_customer(c, sdp);
          (from == Leg::customer ? c.sdp_to_customer : c.sdp_to_agent) = sdp;
          nua_respond(nh, SIP_200_OK, SIPTAG_CONTENT_TYPE_STR("application/sdp"),
                      SIPTAG_PAYLOAD_STR(sdp.c_str()), TAG_END());
          emit(leg_event(c.id, from, LegEventKind::reinvite_relayed, status, "", sdp));
        },
        [from](Call& c, std::string why) {
          nua_handle_t* nh = from == Leg::customer ? c.customer : c.agent;
          const std::string warning = "399 blendd \"" + why + "\"";
          if (nh != nullptr) {
            nua_respond(nh, SIP_500_INTERNAL_SERVER_ERROR, SIPTAG_WARNING_STR(warning.c_str()),
                        TAG_END());
          }
        });
  } else {
    nua_respond(nh, status, phrase != nullptr ? phrase : "", TAG_END());
  }
}

}  // namespace blendd::sip
