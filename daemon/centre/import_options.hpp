#pragma once
// What every way into a campaign's list checks the same way — the CSV file at start-up, an
// upload, a lead, a touchpoint: the number in E.164 (the campaign's country for national
// numbers), not in a blocked range, a known time zone and a product of the catalogue.
#include <cstdint>
#include <string>

#include "config/blendd_config.hpp"
#include "queue/import/target_importer.hpp"

namespace blendd::daemon {

class TargetFeed;

queue::ImportOptions import_options_for(const config::CampaignConfig& campaign,
                                        const config::BlenddConfig& cfg, TargetFeed& feed,
                                        std::string import_id, std::int64_t now_ms);

// One target (a lead): the E.164 number, or the field and reason it is refused for.
struct TargetCheck {
  std::string e164;
  std::string field;  // "" when accepted
  std::string reason;
  std::string zone;  // the one given, else the number's country's (config::zone_for_region)
};
TargetCheck check_target(const config::CampaignConfig& campaign, const config::BlenddConfig& cfg,
                         TargetFeed& feed, const std::string& number, const std::string& zone,
                         const std::string& product);

}  // namespace blendd::daemon
