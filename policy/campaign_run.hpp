#pragma once
// A campaign's run state: one value with who put it there, why and since when. Supervisors
// start, pause and stop a campaign; the governor takes a running one offline. A campaign dials
// only when running (and its configuration enables it). Times are injected (ms since the epoch).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace blendd::policy {

enum class CampaignRunState { running, paused, stopped, offline };
const char* to_string(CampaignRunState s);
std::optional<CampaignRunState> run_state_from(std::string_view text);

enum class RunCommand {
  start,         // a supervisor; over the governor too (an override)
  pause,         // a supervisor: held, its targets released, to be started again
  stop,          // a supervisor: ended for now
  take_offline,  // the governor's health rules
};

struct CampaignRun {
  CampaignRunState state = CampaignRunState::running;
  std::string by;      // a token's name, "governor" or "configuration"
  std::string reason;  // why it is in this state
  std::int64_t since_ms = 0;
  bool dials() const { return state == CampaignRunState::running; }
};

struct RunTransition {
  CampaignRun run;
  bool changed = false;
};

// The one transition function. The governor takes only a running campaign offline: a paused or
// stopped one stays as its supervisor left it (the verdict is kept in the governor's record).
RunTransition next_run(const CampaignRun& run, RunCommand command, std::string by,
                       std::string reason, std::int64_t at_ms);

}  // namespace blendd::policy
