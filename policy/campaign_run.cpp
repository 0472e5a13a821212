#include "policy/campaign_run.hpp"

namespace blendd::policy {

const char* to_string(CampaignRunState s) {
  switch (s) {
    case CampaignRunState::running:
      return "running";
    case CampaignRunState::paused:
      return "paused";
    case CampaignRunState::stopped:
      return "stopped";
    case CampaignRunState::offline:
      return "offline";
  }
  return "running";
}

std::optional<CampaignRunState> run_state_from(std::string_view text) {
  for (auto s : {CampaignRunState::running, CampaignRunState::paused, CampaignRunState::stopped,
                 CampaignRunState::offline}) {
    if (text == to_string(s)) return s;
  }
  return std::nullopt;
}

RunTransition next_run(const CampaignRun& run, RunCommand command, std::string by,
                       std::string reason, std::int64_t at_ms) {
  CampaignRunState to = run.state;
  switch (command) {
    case RunCommand::start:
      to = CampaignRunState::running;
      break;
    case RunCommand::pause:
      to = CampaignRunState::paused;
      break;
    case RunCommand::stop:
      to = CampaignRunState::stopped;
      break;
    case RunCommand::take_offline:
      if (run.state == CampaignRunState::running) to = CampaignRunState::offline;
      break;
  }
  if (to == run.state) return {run, false};
  return {CampaignRun{to, std::move(by), std::move(reason), at_ms}, true};
}

}  // namespace blendd::policy
