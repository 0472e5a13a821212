#pragma once
// Maps blendd.yaml onto the policy core's settings (the simulator maps its scenarios likewise).
#include "config/blendd_config.hpp"
#include "policy/core_settings.hpp"
#include "policy/time_zone.hpp"

namespace blendd::daemon {

policy::CoreSettings core_settings_from(const config::BlenddConfig& cfg, std::uint64_t seed);
// One group or campaign, for the core at start and for every live change after.
// The group's schedule with each threshold a period does not set taken from the group's own.
std::vector<policy::SchedulePeriod> with_group_thresholds(const config::GroupConfig& g);
policy::GroupSettings group_settings_from(const config::GroupConfig& g,
                                          const policy::TimeZone& zone);
policy::CampaignSettings campaign_settings_from(const config::CampaignConfig& c);
policy::GateThresholds thresholds_from(const config::IdleThresholds& idle);
policy::TrunkBreakerSettings trunk_breaker_from(const config::TrunkConfig& trunk);
// The centre's zone (validated when the config was loaded; UTC if it cannot be read now).
policy::TimeZone centre_zone(const config::BlenddConfig& cfg);

}  // namespace blendd::daemon
