#include "daemon/centre/refusals.hpp"

namespace blendd::daemon {

std::string refusal_text(const std::string& reason) {
  if (reason == "dnc_global") return "the number is on the do-not-call list";
  if (reason == "dnc_campaign") return "the number is on this campaign's do-not-call list";
  if (reason == "in_progress") return "the number is being called right now";
  if (reason == "outside_window") return "outside the campaign's calling hours for this number";
  if (reason == "lease_lost") return "this node is no longer the active one";
  return reason;
}

int refusal_status(const std::string& reason) {
  if (reason == "bad_number") return 484;
  if (reason == "unknown_target") return 404;
  if (reason == "busy" || reason == "in_progress" || reason == "agent_busy") return 486;
  if (reason == "store_unavailable" || reason == "media_unavailable" || reason == "lease_lost")
    return 503;
  return 403;
}

}  // namespace blendd::daemon
