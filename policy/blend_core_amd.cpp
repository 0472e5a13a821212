// Answering-machine detection in the core: an answered outbound call of an AMD campaign waits
// for its verdict before it is a live call waiting for an agent. The abandon clock starts at the
// verdict — the TSR's two seconds run from the end of the person's greeting, which is where a
// human verdict lands — and a machine verdict not put through counts as the campaign's
// false-positive share of a live call abandoned, in both windows.
#include <algorithm>

#include "policy/blend_core.hpp"

namespace blendd::policy {

void BlendCore::count_live_answer(Call& call) {
  Campaign& c = campaigns_[call.campaign];
  c.guard.live_answer(now_);
  ++c.figures.answers;
  history_.live_answer(groups_[call.group].settings.id, c.settings.id,
                       to_seconds(call.arrived - call.dialled), now_);
}

void BlendCore::on(const AmdDecided& e) {
  Call* call = find_call(e.call);
  if (call == nullptr || call->phase != Phase::analysing) return;
  Group& g = groups_[call->group];
  g.analysing.erase(std::find(g.analysing.begin(), g.analysing.end(), call->id));
  Campaign& c = campaigns_[call->campaign];
  if (e.to_agent) {
    // A machine put through is no live call; a person (or who knows) is.
    if (e.verdict != AmdVerdict::machine) count_live_answer(*call);
    call->phase = Phase::waiting_agent;
    call->arrived = now_;
    g.outbound_waiting.push_back(call->id);
    return;
  }
  if (e.verdict == AmdVerdict::machine) {
    c.guard.set_false_positive_rate(c.settings.amd_false_positive_rate);
    c.guard.machine_verdict(now_);
    ++c.figures.machines;
    if (e.voicemail) {
      // No agent will be wanted: the pacer no longer counts it (in_flight is calls that may
      // still need one); its outcome comes with VoicemailDone.
      release_line(*call);
      call->phase = Phase::voicemail;
      return;
    }
    finish_outbound(*call, DialOutcome::machine);
  } else {
    // Unsure and hung up on: it may have been a person — a live call abandoned.
    count_live_answer(*call);
    c.guard.abandon(now_);
    ++c.figures.abandons;
    history_.outbound_abandoned(g.settings.id, c.settings.id, now_);
    finish_outbound(*call, DialOutcome::abandoned);
  }
  remove_call(call->id);
}

void BlendCore::on(const VoicemailDone& e) {
  Call* call = find_call(e.call);
  if (call == nullptr || call->phase != Phase::voicemail) return;
  if (e.left) ++campaigns_[call->campaign].figures.voicemails_left;
  finish_outbound(*call, e.left ? DialOutcome::voicemail_left : DialOutcome::machine);
  remove_call(call->id);
}

// No verdict in time (the audio never came, the detector stalled): treated as unsure, to an
// agent — the side that cannot hang up on a person.
void BlendCore::amd_timeouts(TimePoint now) {
  for (auto& g : groups_) {
    while (!g.analysing.empty()) {
      const Call& call = calls_.at(g.analysing.front());
      if (now - call.arrived < campaigns_[call.campaign].settings.amd_timeout) break;
      on(AmdDecided{call.id, AmdVerdict::unsure, true});
    }
  }
}

}  // namespace blendd::policy
