// Which calls are recorded, and what the recorder hears of them; the abandon path (an
// announcement rtpengine plays, one at a media server's URI, or a hang-up); the queue message.
#include "log/log.hpp"

#include "daemon/centre/call_centre.hpp"

namespace blendd::daemon {

void CallCentre::choose_recording(ActiveCall& c, double share) {
  if (share <= 0 || config_.media.mode != config::MediaMode::relay) return;
  // One draw per call whatever the share, so changing one campaign's share does not change
  // which of another campaign's calls are picked.
  const double draw = std::uniform_real_distribution<double>(0.0, 1.0)(recording_random_);
  if (share < 1 && draw >= share) return;
  if (may_record_ && !may_record_()) {
    ++totals_.recordings_skipped;
    return;
  }
  c.recorded = true;
  sip_.record(c.id);
  RecordingNote note;
  note.kind = RecordingNote::Kind::started;
  note.call = call_key(c.id);
  note.direction = c.direction == policy::Direction::inbound ? "inbound" : "outbound";
  note.group = c.group;
  note.campaign = c.campaign;
  note.number = c.target ? c.target->target.number : c.caller;
  note.at_ms = now_ms();
  note_recording(std::move(note));
}

void CallCentre::note_recording(RecordingNote note) {
  if (recording_observer_) recording_observer_(note);
}

void CallCentre::on_recorded(const sip::LegEvent& e) {
  RecordingNote note;
  note.kind = RecordingNote::Kind::captured;
  note.call = call_key(e.call);
  note.capture = e.recording;
  note.customer_port = e.customer_media_port;
  note.agent_port = e.agent_media_port;
  note_recording(std::move(note));
}

void CallCentre::abandon(ActiveCall& c) {
  c.core_done = true;
  publish_call("call.abandoned", c, {{"by", "blendd"}});
  if (!config_.media.abandon_message.empty() && config_.media.mode == config::MediaMode::relay) {
    sip_.announce_and_hang_up(c.id, config_.media.abandon_message);
  } else if (!config_.sip.abandon_announcement.empty()) {
    sip_.connect_agent(c.id, config_.sip.abandon_announcement);
  } else {
    sip_.hang_up(c.id);
    publish_call("call.ended", c, {{"by", "blendd"}}, true);
    finished_.push_back(c.id);  // its outcome follows in this same batch
  }
}

}  // namespace blendd::daemon
