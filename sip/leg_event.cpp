#include "sip/leg_event.hpp"

namespace blendd::sip {

LegEvent leg_event(CallId call, Leg leg, LegEventKind kind, int status, std::string reason,
                   std::string sdp) {
  LegEvent e;
  e.call = call;
  e.leg = leg;
  e.kind = kind;
  e.status = status;
  e.reason = std::move(reason);
  e.sdp = std::move(sdp);
  return e;
}

const char* to_string(LegEventKind kind) {
  switch (kind) {
    case LegEventKind::inbound_arrived:
      return "inbound_arrived";
    case LegEventKind::ringing:
      return "ringing";
    case LegEventKind::early_media:
      return "early_media";
    case LegEventKind::answered:
      return "answered";
    case LegEventKind::failed:
      return "failed";
    case LegEventKind::ended:
      return "ended";
    case LegEventKind::cancelled:
      return "cancelled";
    case LegEventKind::reinvite_relayed:
      return "reinvite_relayed";
    case LegEventKind::recorded:
      return "recorded";
    case LegEventKind::browser_offer:
      return "browser_offer";
    case LegEventKind::browser_answer:
      return "browser_answer";
    case LegEventKind::phone_dialled:
      return "phone_dialled";
    case LegEventKind::transfer_requested:
      return "transfer_requested";
    case LegEventKind::amd_decided:
      return "amd_decided";
    case LegEventKind::voicemail_left:
      return "voicemail_left";
  }
  return "?";
}

const char* to_string(FailureClass failure) {
  switch (failure) {
    case FailureClass::busy:
      return "busy";
    case FailureClass::no_answer:
      return "no_answer";
    case FailureClass::rejected:
      return "rejected";
    case FailureClass::unavailable:
      return "unavailable";
    case FailureClass::failed:
      return "failed";
  }
  return "?";
}

}  // namespace blendd::sip
