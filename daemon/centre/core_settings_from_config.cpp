#include "daemon/centre/core_settings_from_config.hpp"

#include "log/log.hpp"

#include <cmath>

#include "config/zoneinfo.hpp"

namespace blendd::daemon {

policy::GateThresholds thresholds_from(const config::IdleThresholds& idle) {
  policy::GateThresholds t;
  t.start = idle.start;
  t.stop = idle.stop;
  return t;
}

namespace {
policy::Duration seconds_of(double s) {
  return policy::Duration(static_cast<std::int64_t>(std::llround(s * 1e6)));
}
}  // namespace

policy::TrunkBreakerSettings trunk_breaker_from(const config::TrunkConfig& t) {
  return {t.breaker_failures, seconds_of(t.breaker_first_backoff_s),
          seconds_of(t.breaker_max_backoff_s)};
}

policy::TimeZone centre_zone(const config::BlenddConfig& cfg) {
  std::string reason;
  if (auto zone = config::load_zone(cfg.time_zone, reason)) return *zone;
  log::error("time zone {}: {}; schedules use UTC", cfg.time_zone, reason);
  return policy::TimeZone();
}

std::vector<policy::SchedulePeriod> with_group_thresholds(const config::GroupConfig& g) {
  std::vector<policy::SchedulePeriod> periods = g.schedule;
  for (auto& p : periods) {
    if (!p.sets_start) p.thresholds.start = g.idle.start;
    if (!p.sets_stop) p.thresholds.stop = g.idle.stop;
    // One inherited, one its own: hysteresis still needs stop <= start.
    if (p.thresholds.stop > p.thresholds.start) p.thresholds.stop = p.thresholds.start;
  }
  return periods;
}

policy::GroupSettings group_settings_from(const config::GroupConfig& g,
                                          const policy::TimeZone& zone) {
  policy::GroupSettings gs;
  gs.id = g.id;
  gs.thresholds = thresholds_from(g.idle);
  gs.reserve_agents = g.idle.reserve_agents;
  gs.smoothing = seconds_of(g.idle.smoothing_s);
  gs.min_dwell = seconds_of(g.idle.min_dwell_s);
  gs.inbound_queue_timeout = seconds_of(g.queue_timeout_s);
  gs.wrap_up_limit = seconds_of(g.wrap_up_s);
  gs.offer_timeout = seconds_of(g.offer_timeout_s);
  if (!g.schedule.empty()) gs.schedule = policy::Schedule(zone, with_group_thresholds(g));
  return gs;
}

policy::CampaignSettings campaign_settings_from(const config::CampaignConfig& c) {
  policy::CampaignSettings cs;
  cs.id = c.id;
  cs.group = c.group;
  cs.abandon_cap = c.abandon_cap;
  cs.abandon_after = seconds_of(c.abandon_after_s);
  cs.enabled = c.enabled;
  cs.max_concurrent = c.max_concurrent_calls;
  cs.max_dials_per_second = c.max_calls_per_second;
  cs.buffer_max_age = seconds_of(c.target_buffer_max_age_s);
  cs.amd = c.amd.enabled;
  cs.amd_false_positive_rate = c.amd.false_positive_rate;
  switch (c.pacing) {
    case config::PacingMode::progressive:
      cs.pacing = policy::PacingMode::progressive;
      break;
    case config::PacingMode::predictive:
      cs.pacing = policy::PacingMode::predictive;
      break;
    case config::PacingMode::preview:
      cs.pacing = policy::PacingMode::preview;
      break;
  }
  return cs;
}

policy::CoreSettings core_settings_from(const config::BlenddConfig& cfg, std::uint64_t seed) {
  policy::CoreSettings out;
  out.seed = seed;
  const policy::TimeZone zone = centre_zone(cfg);
  for (const auto& g : cfg.groups) {
    out.groups.push_back(group_settings_from(g, zone));
    for (const auto& a : g.agents) out.agents.push_back({a.id, g.id});
  }
  for (const auto& c : cfg.campaigns) out.campaigns.push_back(campaign_settings_from(c));
  out.trunk_breaker = trunk_breaker_from(cfg.sip.trunk);
  out.history_interval_s = cfg.redis.history_interval_s;
  return out;
}

}  // namespace blendd::daemon
