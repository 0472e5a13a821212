#pragma once
// The call centre's own counts, as /healthz, /api/v1/figures and the metrics show them: a value
// that crosses to the API without the centre's header.
namespace blendd::daemon {

// Live figures for /healthz, the demo's summary and the metrics.
struct CallCentreTotals {
  long calls_active = 0;
  long awaiting_result = 0;
  long inbound_unrouted = 0;  // dialled number of no group
  long results_stored = 0;
  long store_errors = 0;
  long numbers_blocked = 0;        // claimed numbers the toll-fraud guard refused
  long withdrawn_at_invite = 0;    // claimed targets the store refused right before the INVITE
  long recordings_skipped = 0;     // calls chosen for recording but not recorded: disk full
  long fenced_invites = 0;         // INVITEs not placed: the node's lease might have run out
  long withdrawn_from_buffer = 0;  // claimed targets put on a DNC list before their turn
  // AMD verdicts on answered calls, and voicemail messages played to their end.
  long amd_human = 0;
  long amd_machine = 0;
  long amd_unsure = 0;
  long voicemails_left = 0;
};

}  // namespace blendd::daemon
