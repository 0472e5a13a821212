#pragma once
// What blendd must remember of a campaign across restarts and failovers: its run state and the
// governor's record (health counters, verdict, weight, a supervisor's override). Kept in the
// store as one JSON value per campaign; decoded strictly (a damaged value is reported, not used).
#include <optional>
#include <string>

#include "policy/campaign_governor.hpp"
#include "policy/campaign_run.hpp"

namespace blendd::daemon {

struct CampaignStanding {
  policy::CampaignRun run;
  policy::GovernorRecord governor;
};

std::string encode_standing(const CampaignStanding& s);
// nullopt with `error` saying which field is wrong.
std::optional<CampaignStanding> decode_standing(const std::string& text, std::string& error);

// A supervisor's temporary thresholds for a group, kept until they run out.
struct OverrideRecord {
  double start = 0;
  double stop = 0;
  bool outbound = true;
  std::int64_t until_ms = 0;
  std::string by;
  std::string why;
};

std::string encode_override(const OverrideRecord& o);
std::optional<OverrideRecord> decode_override(const std::string& text, std::string& error);

}  // namespace blendd::daemon
