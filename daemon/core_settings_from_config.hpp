#pragma once
// Maps blendd.yaml onto the policy core's settings (the simulator maps its scenarios likewise).
#include "config/blendd_config.hpp"
#include "policy/core_settings.hpp"

namespace blendd::daemon {

policy::CoreSettings core_settings_from(const config::BlenddConfig& cfg, std::uint64_t seed);
policy::GateThresholds thresholds_from(const config::IdleThresholds& idle);

}  // namespace blendd::daemon
