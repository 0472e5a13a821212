// CallCentre: what supervisors change live, and the campaign governor. Every change is audited.
#include "log/log.hpp"

#include <cstdio>

#include "daemon/centre/call_centre.hpp"
#include "daemon/centre/core_settings_from_config.hpp"

namespace blendd::daemon {

namespace {
std::string thresholds_text(double start, double stop, int reserve) {
  char text[96];
  std::snprintf(text, sizeof text, "start %.2f stop %.2f reserve %d", start, stop, reserve);
  return text;
}
}  // namespace

void CallCentre::audit(std::string who, std::string what, std::string old_value,
                       std::string new_value, std::string why) {
  AuditEntry entry{
      now_ms(),      std::move(who), std::move(what), std::move(old_value), std::move(new_value),
      std::move(why)};
  publish_setting(entry);
  if (audit_) audit_(std::move(entry));
}

std::string CallCentre::set_override(const std::string& group, double start, double stop,
                                     bool outbound, std::chrono::seconds lasting,
                                     const std::string& who, const std::string& why) {
  if (config_.group(group) == nullptr) return "no group '" + group + "'";
  if (!(start >= 0 && start <= 1) || !(stop >= 0 && stop <= 1) || stop > start) {
    return "thresholds are 0..1 with stop <= start";
  }
  if (lasting.count() <= 0 || lasting > std::chrono::hours(24)) return "minutes is 1..1440";
  policy::GateThresholds t;
  t.start = start;
  t.stop = stop;
  t.outbound_allowed = outbound;
  feed(policy::SetOverride{group, t, clock_.now() + lasting});
  if (override_observer_) {
    override_observer_(
        group, OverrideRecord{start, stop, outbound, now_ms() + lasting.count() * 1000, who, why});
  }
  audit(who, "group " + group + " override", "none",
        thresholds_text(start, stop, 0) + (outbound ? "" : " outbound off") + " for " +
            std::to_string(lasting.count() / 60) + " min",
        why);
  return {};
}

std::string CallCentre::clear_override(const std::string& group, const std::string& who,
                                       const std::string& why) {
  if (config_.group(group) == nullptr) return "no group '" + group + "'";
  feed(policy::ClearOverride{group});
  if (override_observer_) override_observer_(group, std::nullopt);
  audit(who, "group " + group + " override", "set", "none", why);
  return {};
}

namespace {
// "paused", or "running, weight 2.00" once the governor has changed the weight.
std::string state_text(policy::CampaignRunState state, double weight) {
  if (weight == 1.0) return policy::to_string(state);
  char text[64];
  std::snprintf(text, sizeof text, "%s, weight %.2f", policy::to_string(state), weight);
  return text;
}
}  // namespace

std::string CallCentre::run_text(const std::string& campaign) const {
  const CampaignView v = campaign_view(campaign);
  return state_text(v.run.state, v.governor.weight);
}

CallCentre::CampaignView CallCentre::campaign_view(const std::string& campaign) const {
  CampaignView v;
  v.campaign = campaign;
  auto it = standings_.find(campaign);
  if (it != standings_.end()) {
    v.run = it->second.run;
    v.governor = it->second.governor;
  }
  const config::CampaignConfig* c = config_.campaign(campaign);
  if (c != nullptr && !c->enabled && v.run.state == policy::CampaignRunState::running) {
    v.run = policy::CampaignRun{policy::CampaignRunState::stopped, "configuration",
                                "enabled: false in the configuration", v.run.since_ms};
  }
  for (int i = 0; i < core_.campaign_count(); ++i)
    if (core_.campaign_id(i) == campaign) v.share = core_.campaign_share(i);
  return v;
}

std::vector<CallCentre::CampaignView> CallCentre::campaign_views() const {
  std::vector<CampaignView> out;
  for (const auto& c : config_.campaigns) out.push_back(campaign_view(c.id));
  return out;
}

void CallCentre::sync_campaign(const std::string& campaign) {
  const config::CampaignConfig* c = config_.campaign(campaign);
  if (c == nullptr) return;
  const CampaignStanding& s = standings_[campaign];
  feed(policy::SetCampaignWeight{campaign, s.governor.weight});
  feed(policy::SetCampaignEnabled{campaign, c->enabled && s.run.dials()});
}

void CallCentre::standing_changed(const std::string& campaign) {
  if (standing_observer_) standing_observer_(campaign, standings_[campaign]);
  publish_run(campaign);
}

std::string CallCentre::command_campaign(const std::string& campaign, policy::RunCommand command,
                                         const std::string& who, const std::string& why) {
  if (config_.campaign(campaign) == nullptr) return "no campaign '" + campaign + "'";
  const std::string before = run_text(campaign);
  CampaignStanding& s = standings_[campaign];
  const bool over_governor =
      command == policy::RunCommand::start && s.run.state == policy::CampaignRunState::offline;
  s.run = policy::next_run(s.run, command, who, why, now_ms()).run;
  if (over_governor) {
    s.governor.override_by = who;
    s.governor.override_reason = why;
    s.governor.override_at_ms = now_ms();
  }
  sync_campaign(campaign);
  standing_changed(campaign);
  // The state commanded (the configuration's enabled follows it in the same request).
  audit(who, "campaign " + campaign, before, state_text(s.run.state, s.governor.weight),
        over_governor ? why + " (over the governor: " + s.governor.rule + ")" : why);
  return {};
}

void CallCentre::restore_standing(const std::string& campaign, const CampaignStanding& standing) {
  standings_[campaign] = standing;
  sync_campaign(campaign);
}

void CallCentre::restore_override(const std::string& group, const OverrideRecord& r) {
  if (config_.group(group) == nullptr) return;
  const policy::TimePoint until{std::chrono::milliseconds(r.until_ms)};
  if (until <= clock_.now()) return;
  policy::GateThresholds t;
  t.start = r.start;
  t.stop = r.stop;
  t.outbound_allowed = r.outbound;
  feed(policy::SetOverride{group, t, until});
}

void CallCentre::govern(const std::string& campaign, const std::string& disposition) {
  CampaignStanding& s = standings_[campaign];
  policy::GovernorRecord& g = s.governor;
  ++g.health.contacts;
  if (disposition == "success") ++g.health.successes;
  if (disposition == "complaint") ++g.health.complaints;
  const policy::GovernorDecision d = governor_.assess(g.health);
  if (d.verdict == g.verdict || d.verdict == policy::GovernorVerdict::keep) {
    return standing_changed(campaign);  // the counters, so a restart goes on from them
  }
  char figures[128];
  std::snprintf(figures, sizeof figures, " (%d contacts, %d successes, %d complaints)",
                g.health.contacts, g.health.successes, g.health.complaints);
  const std::string before = run_text(campaign);
  g.verdict = d.verdict;
  g.rule = d.reason + figures;
  g.since_ms = now_ms();
  g.override_by.clear();
  g.override_reason.clear();
  g.override_at_ms = 0;
  if (d.verdict == policy::GovernorVerdict::offline) {
    s.run =
        policy::next_run(s.run, policy::RunCommand::take_offline, "governor", g.rule, now_ms()).run;
  } else if (d.verdict == policy::GovernorVerdict::intensify) {
    g.weight = governor_.rules().intensify_weight;
  }
  sync_campaign(campaign);
  standing_changed(campaign);
  log::warn("governor: campaign {} {}: {}", campaign, policy::to_string(d.verdict), g.rule);
  audit("governor", "campaign " + campaign, before, run_text(campaign), g.rule);
}

}  // namespace blendd::daemon
