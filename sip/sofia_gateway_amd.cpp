// Answering-machine detection's part of the call (relay mode, an AMD campaign's call): once the
// customer answers, the relay is offered their SDP and answered with the audio tap's address, and
// the customer is ACKed with the relay's rewrite — so their audio reaches the tap at once, and no
// agent is rung for a machine. The verdict goes to the centre (amd_decided). A person is then
// connected like any waiting customer: the agent's answer goes through the relay, whose side
// toward the customer stays as it was, so the customer needs no re-INVITE. A machine either is
// hung up on or, asked to leave a voicemail, has the tap follow its greeting to its end and the
// relay play the message, after which blendd hangs up.
#include "log/log.hpp"
#include "sip/audio_tap.hpp"
#include "sip/sofia_gateway.hpp"
#include "sip/stand_in_answer.hpp"

namespace blendd::sip {

void SofiaGateway::start_analysis(Call& c) {
  c.amd_started = std::chrono::steady_clock::now();
  if (!options_.relay || !options_.audio_tap) return amd_decided(c, "unsure/no_audio", "no relay");
  const CallId id = c.id;
  TapAddress at = options_.audio_tap->open(
      std::to_string(id), *c.amd, [mailbox = mailbox_, id](TapReport report) {
        mailbox->post(
            [id, report = std::move(report)](SofiaGateway& g) { g.on_tap_report(id, report); });
      });
  if (!at.ok()) return amd_decided(c, "unsure/no_audio", at.error);
  c.tapped = true;
  std::string listener = stand_in_answer(c.customer_sdp, at.address, at.port, true, "amd");
  if (listener.empty()) {
    close_tap(c);
    return amd_decided(c, "unsure/no_audio", "the customer offered no G.711");
  }
  auto failed = [this](Call& c, const std::string& why) {
    close_tap(c);
    amd_decided(c, "unsure/no_audio", why);
  };
  relay_sdp(
      c, SdpExchange::Step::offer, Leg::customer, c.customer_sdp,
      [this, listener = std::move(listener), failed](Call& c, std::string tap_side) mutable {
        c.sdp_to_agent = std::move(tap_side);
        relay_sdp(
            c, SdpExchange::Step::answer, Leg::agent, std::move(listener),
            [](Call& c, std::string answer) {
              if (c.customer_ending || c.hanging_up || c.customer_acked) return;
              c.sdp_to_customer = answer;
              nua_ack(c.customer, SIPTAG_CONTENT_TYPE_STR("application/sdp"),
                      SIPTAG_PAYLOAD_STR(answer.c_str()), TAG_END());
              c.customer_acked = true;
              // From here the customer has an answer of ours: an agent's comes as a re-offer,
              // sent only if the relay's side toward them changes (complete_bridge).
              c.customer_bridged = true;
              c.tap_offer = true;
            },
            failed);
      },
      failed);
}

void SofiaGateway::amd_decided(Call& c, const std::string& cause, const std::string& why) {
  if (c.amd_reported) return;
  c.amd_reported = true;
  if (!why.empty()) log::warn("call {}: no answering-machine detection: {}", c.id, why);
  LegEvent e = leg_event(c.id, Leg::customer, LegEventKind::amd_decided, 0, cause, "");
  e.amd_cause = cause;
  if (c.amd_started) {
    e.amd_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::steady_clock::now() - *c.amd_started)
                                    .count());
  }
  emit(std::move(e));
}

void SofiaGateway::on_tap_report(CallId call, const TapReport& report) {
  Call* c = find(call);
  if (c == nullptr || !c->tapped || c->customer_ending || c->hanging_up) return;
  if (report.kind == TapReport::Kind::verdict) return amd_decided(*c, report.cause, "");
  if (c->voicemail_file.empty()) return;
  log::info("call {}: greeting over ({} after {} ms of it); voicemail message plays", call,
            report.cause, report.audio_ms);
  close_tap(*c);
  c->voicemail = true;
  play_then_hang_up(*c, c->voicemail_file, "voicemail message");
}

void SofiaGateway::leave_voicemail(CallId call, const std::string& file) {
  Call* c = find(call);
  if (c == nullptr || c->customer_ending || c->hanging_up) return;
  if (!c->tapped || !options_.audio_tap || file.empty()) return hang_up(call);
  c->voicemail_file = file;
  c->announcing = true;  // no agent for this call any more
  options_.audio_tap->follow_greeting(std::to_string(call));
}

void SofiaGateway::close_tap(Call& c) {
  if (!c.tapped) return;
  c.tapped = false;
  if (options_.audio_tap) options_.audio_tap->close(std::to_string(c.id));
}

}  // namespace blendd::sip
