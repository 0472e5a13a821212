// Announcements the media relay plays (relay mode): the abandon message to an answered outbound
// customer no agent will take (then the call ends), and the queue message to an inbound caller
// waiting for an agent (early media, until the agent is connected). The relay needs both sides of
// a call to play to one: the agent's side is a placeholder answer that names no real endpoint.
#include "log/log.hpp"
#include "sip/sofia_gateway.hpp"
#include "sip/stand_in_answer.hpp"

namespace blendd::sip {

namespace {

constexpr auto kAfterPlayback = std::chrono::milliseconds(300);  // the last packets reach them
constexpr auto kUnknownLength = std::chrono::seconds(10);        // a file whose length is unknown
constexpr int kQueueRepeats = 1000;                              // "until stopped"

}  // namespace

void SofiaGateway::record(CallId call) {
  if (Call* c = find(call); c != nullptr && options_.relay) c->record = true;
}

void SofiaGateway::attach_player(Call& c, std::function<void(Call&, std::string)> then,
                                 std::function<void(Call&, const std::string&)> failed) {
  c.agent_browser = false;  // the player's side is a placeholder, not a page
  relay_sdp(
      c, SdpExchange::Step::offer, Leg::customer, c.customer_sdp,
      [this, then = std::move(then), failed](Call& c, std::string agent_side) mutable {
        c.sdp_to_agent = std::move(agent_side);
        relay_sdp(c, SdpExchange::Step::answer, Leg::agent,
                  stand_in_answer(c.customer_sdp, "127.0.0.1", 9, false, "announcement"),
                  std::move(then), failed);
      },
      failed);
}

void SofiaGateway::hold_customer(CallId call, bool on, const std::string& file) {
  Call* c = find(call);
  if (c == nullptr || !options_.relay || !c->relayed || file.empty() || c->customer_ending) return;
  if (!on) return options_.relay->stop_play(relay_call_id(call), "customer");
  // Repeated for as long as an hour of hold could need; taken back, it stops.
  options_.relay->play(relay_call_id(call), "customer", file, 1000, [call](PlayOutcome played) {
    if (played.ok()) return;
    log::warn("call {}: hold message not played: {}", call, played.error);
  });
}

void SofiaGateway::end_announced(CallId call, const std::string& why) {
  Call* c = find(call);
  if (c == nullptr || c->announce_ended) return;
  c->announce_ended = true;
  if (!c->hanging_up) hang_up(call);
  // blendd ended it: the centre, which left the call to its message, hears of the end.
  emit(leg_event(call, Leg::customer, LegEventKind::ended, 0, why, ""));
}

void SofiaGateway::announce_and_hang_up(CallId call, const std::string& file) {
  Call* c = find(call);
  if (c == nullptr) return;
  if (options_.relay && c->tapped && c->customer_acked && !c->customer_ending && !c->hanging_up) {
    // AMD's listener holds the customer's answer already: the relay plays on that call.
    close_tap(*c);
    c->announcing = true;
    return play_then_hang_up(*c, file, "abandon message");
  }
  if (!options_.relay || c->inbound || c->customer == nullptr || !c->customer_answered ||
      c->customer_acked || c->customer_ending || c->hanging_up || c->customer_sdp.empty()) {
    return end_announced(call, "abandoned");
  }
  c->announcing = true;
  auto failed = [this](Call& c, const std::string& why) {
    log::warn("call {}: abandon message not played: {}", c.id, why);
    end_announced(c.id, "abandoned");
  };
  attach_player(
      *c,
      [this, file](Call& c, std::string answer) {
        if (c.customer_ending || c.hanging_up) return;
        c.sdp_to_customer = answer;
        nua_ack(c.customer, SIPTAG_CONTENT_TYPE_STR("application/sdp"),
                SIPTAG_PAYLOAD_STR(answer.c_str()), TAG_END());
        c.customer_acked = true;
        play_then_hang_up(c, file, "abandon message");
      },
      failed);
}

void SofiaGateway::play_then_hang_up(Call& c, const std::string& file, const char* what) {
  options_.relay->play(
      relay_call_id(c.id), "customer", file, 1,
      [mailbox = mailbox_, id = c.id, what](PlayOutcome played) {
        mailbox->post([id, played, what](SofiaGateway& g) {
          Call* c = g.find(id);
          if (c == nullptr) return;
          if (!played.ok()) {
            log::warn("call {}: {} not played: {}", id, what, played.error);
            c->voicemail = false;  // not left
            return g.end_announced(id, std::string(what) + " not played");
          }
          const auto length =
              played.duration_ms > 0
                  ? std::chrono::milliseconds(played.duration_ms)
                  : std::chrono::duration_cast<std::chrono::milliseconds>(kUnknownLength);
          c->hang_up_at = std::chrono::steady_clock::now() + length + kAfterPlayback;
        });
      });
}

void SofiaGateway::hang_up_announced(SteadyTime now) {
  std::vector<CallId> due;
  for (auto& [id, c] : calls_) {
    if (c.hang_up_at && *c.hang_up_at <= now) {
      c.hang_up_at.reset();
      due.push_back(id);
    }
  }
  for (CallId id : due) {
    Call* c = find(id);
    if (c != nullptr && c->voicemail) {
      emit(leg_event(id, Leg::customer, LegEventKind::voicemail_left, 0, "", ""));
      end_announced(id, "voicemail left");
    } else {
      end_announced(id, "abandon message played");
    }
  }
}

void SofiaGateway::play_while_queued(CallId call, const std::string& file) {
  Call* c = find(call);
  if (c == nullptr || !options_.relay || !c->inbound || c->customer_answered ||
      c->customer_ending || c->agent != nullptr || c->agent_pending != 0 || c->relayed) {
    return;  // no relay, or already on its way to an agent: the ringing tone goes on
  }
  c->queue_playing = true;
  attach_player(
      *c,
      [this, file](Call& c, std::string answer) {
        if (c.customer_ending || c.customer_answered || !c.queue_playing) return;
        c.sdp_to_customer = answer;
        nua_respond(c.customer, SIP_183_SESSION_PROGRESS,
                    SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(answer.c_str()),
                    TAG_END());
        options_.relay->play(relay_call_id(c.id), "customer", file, kQueueRepeats,
                             [id = c.id](PlayOutcome played) {
                               if (played.ok()) return;
                               log::warn("call {}: queue message not played: {}", id, played.error);
                             });
      },
      [](Call& c, const std::string& why) {
        // The caller stays queued with the ringing tone: no message is no reason to drop them.
        c.queue_playing = false;
        log::warn("call {}: queue message not played: {}", c.id, why);
      });
}

void SofiaGateway::stop_queue_message(Call& c) {
  if (!c.queue_playing) return;
  c.queue_playing = false;
  if (options_.relay && c.relayed) options_.relay->stop_play(relay_call_id(c.id), "customer");
}

}  // namespace blendd::sip
