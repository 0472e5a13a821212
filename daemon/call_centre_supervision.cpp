// CallCentre: what supervisors change live, and the campaign governor. Every change is audited.
#include <spdlog/spdlog.h>

#include <cstdio>

#include "daemon/call_centre.hpp"
#include "daemon/core_settings_from_config.hpp"

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
  if (!audit_) return;
  audit_(AuditEntry{now_ms(), std::move(who), std::move(what), std::move(old_value),
                    std::move(new_value), std::move(why)});
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
  audit(who, "group " + group + " override", "set", "none", why);
  return {};
}

void CallCentre::lift_governor(const std::string& campaign) {
  auto it = governed_.find(campaign);
  if (it != governed_.end() && it->second.applied == policy::GovernorVerdict::offline) {
    it->second.overridden = true;
  }
}

void CallCentre::govern(const std::string& campaign, const std::string& disposition) {
  Governed& g = governed_[campaign];
  ++g.health.contacts;
  if (disposition == "success") ++g.health.successes;
  if (disposition == "complaint") ++g.health.complaints;
  const policy::GovernorDecision d = g.governor.assess(g.health);
  if (d.verdict == g.applied || d.verdict == policy::GovernorVerdict::keep) return;
  char figures[128];
  std::snprintf(figures, sizeof figures, " (%d contacts, %d successes, %d complaints)",
                g.health.contacts, g.health.successes, g.health.complaints);
  const std::string before = policy::to_string(g.applied);
  g.applied = d.verdict;
  g.reason = d.reason + figures;
  if (d.verdict == policy::GovernorVerdict::offline) {
    g.overridden = false;
    feed(policy::SetCampaignEnabled{campaign, false});
  } else if (d.verdict == policy::GovernorVerdict::intensify) {
    feed(policy::SetCampaignWeight{campaign, 2.0});
  }
  spdlog::warn("governor: campaign {} {}: {}", campaign, policy::to_string(d.verdict), g.reason);
  audit("governor", "campaign " + campaign, before, policy::to_string(d.verdict), g.reason);
}

std::vector<CallCentre::GovernorView> CallCentre::governor_view() const {
  std::vector<GovernorView> out;
  for (const auto& c : config_.campaigns) {
    GovernorView v;
    v.campaign = c.id;
    auto it = governed_.find(c.id);
    if (it != governed_.end()) {
      v.health = it->second.health;
      v.verdict = policy::to_string(it->second.applied);
      v.reason = it->second.reason;
    } else {
      v.verdict = "keep";
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace blendd::daemon
