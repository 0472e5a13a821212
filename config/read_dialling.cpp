// Readers for the sections that drive dialling: agent groups and campaigns.
#include <map>

#include "config/section_readers.hpp"
#include "config/value_checks.hpp"

namespace blendd::config {

namespace {

void read_identifier(YamlMapReader& r, const char* key, std::string& into) {
  if (auto id = r.string(key, Need::required)) {
    std::string reason = check_identifier(*id);
    if (!reason.empty())
      r.errors().add(r.child(key, Need::optional).Mark(), r.key_path(key), reason);
    into = *id;
  }
}

void read_thresholds(const YAML::Node& node, const std::string& path, ErrorSink& errors,
                     IdleThresholds& out) {
  YamlMapReader r(node, path, errors);
  if (auto v = r.number("start_threshold", Need::optional, 0.0, 1.0)) out.start = *v;
  if (auto v = r.number("stop_threshold", Need::optional, 0.0, 1.0)) out.stop = *v;
  if (auto v = r.integer("reserve_agents", Need::optional, 0, 10000)) {
    out.reserve_agents = static_cast<int>(*v);
  }
  if (auto v = r.number("smoothing_s", Need::optional, 0.0, 3600.0)) out.smoothing_s = *v;
  if (auto v = r.number("min_dwell_s", Need::optional, 0.0, 3600.0)) out.min_dwell_s = *v;
  if (out.stop > out.start) {
    errors.add(mark_of(r.child("stop_threshold", Need::optional), r.mark()),
               path + ".stop_threshold",
               "must not be above start_threshold (hysteresis needs stop <= start)");
  }
}

}  // namespace

void read_groups(const YAML::Node& node, const YAML::Mark& parent, ErrorSink& errors,
                 std::vector<GroupConfig>& out) {
  if (!node.IsDefined()) {
    errors.add(parent, "groups", "required key is missing");
    return;
  }
  if (!node.IsSequence() || node.size() == 0) {
    errors.add(node.Mark(), "groups", "must be a non-empty list of agent groups");
    return;
  }
  std::map<std::string, std::string> agent_owner;  // agent id -> key path of first use
  std::map<std::string, bool> group_seen;
  for (std::size_t g = 0; g < node.size(); ++g) {
    const std::string path = "groups[" + std::to_string(g) + "]";
    YamlMapReader r(node[g], path, errors);
    GroupConfig group;
    read_identifier(r, "id", group.id);
    if (!group.id.empty() && !group_seen.emplace(group.id, true).second) {
      errors.add(r.child("id", Need::optional).Mark(), path + ".id",
                 "duplicate group id '" + group.id + "'");
    }
    YAML::Node agents = r.child("agents", Need::required);
    if (agents.IsDefined() && (!agents.IsSequence() || agents.size() == 0)) {
      errors.add(agents.Mark(), path + ".agents", "must be a non-empty list of agents");
    } else if (agents.IsDefined()) {
      for (std::size_t a = 0; a < agents.size(); ++a) {
        const std::string apath = path + ".agents[" + std::to_string(a) + "]";
        YamlMapReader ar(agents[a], apath, errors);
        AgentConfig agent;
        read_identifier(ar, "id", agent.id);
        if (auto uri = ar.string("sip_uri", Need::required)) {
          std::string reason = check_sip_uri(*uri);
          if (!reason.empty())
            errors.add(ar.child("sip_uri", Need::optional).Mark(), apath + ".sip_uri", reason);
          agent.sip_uri = *uri;
        }
        if (!agent.id.empty()) {
          auto [it, inserted] = agent_owner.emplace(agent.id, apath);
          if (!inserted) {
            errors.add(ar.child("id", Need::optional).Mark(), apath + ".id",
                       "duplicate agent id '" + agent.id + "' (first at " + it->second + ")");
          }
        }
        group.agents.push_back(std::move(agent));
      }
    }
    read_thresholds(r.child("idle", Need::optional), path + ".idle", errors, group.idle);
    out.push_back(std::move(group));
  }
}

void read_campaigns(const YAML::Node& node, const YAML::Mark& parent, ErrorSink& errors,
                    const std::vector<GroupConfig>& groups, std::vector<CampaignConfig>& out) {
  (void)parent;
  if (!node.IsDefined()) return;  // a centre may run inbound only
  if (!node.IsSequence()) {
    errors.add(node.Mark(), "campaigns", "must be a list of campaigns");
    return;
  }
  std::map<std::string, bool> seen;
  for (std::size_t c = 0; c < node.size(); ++c) {
    const std::string path = "campaigns[" + std::to_string(c) + "]";
    YamlMapReader r(node[c], path, errors);
    CampaignConfig campaign;
    read_identifier(r, "id", campaign.id);
    if (!campaign.id.empty() && !seen.emplace(campaign.id, true).second) {
      errors.add(r.child("id", Need::optional).Mark(), path + ".id",
                 "duplicate campaign id '" + campaign.id + "'");
    }
    if (auto group = r.string("group", Need::required)) {
      bool known = false;
      for (const auto& g : groups) known = known || g.id == *group;
      if (!known) {
        errors.add(r.child("group", Need::optional).Mark(), path + ".group",
                   "no agent group with id '" + *group + "'");
      }
      campaign.group = *group;
    }
    if (auto pacing = r.string("pacing", Need::optional)) {
      if (*pacing == "progressive") {
        campaign.pacing = PacingMode::progressive;
      } else if (*pacing == "predictive") {
        campaign.pacing = PacingMode::predictive;
      } else if (*pacing == "preview") {
        campaign.pacing = PacingMode::preview;
      } else {
        errors.add(r.child("pacing", Need::optional).Mark(), path + ".pacing",
                   "must be progressive, predictive or preview (got '" + *pacing + "')");
      }
    }
    if (auto cap = r.number("abandon_cap", Need::optional, 0.0, 0.03)) campaign.abandon_cap = *cap;
    if (auto id = r.string("caller_id", Need::optional)) {
      std::string reason = id->empty() ? std::string() : check_sip_uri(*id);
      if (!reason.empty())
        errors.add(r.child("caller_id", Need::optional).Mark(), path + ".caller_id", reason);
      campaign.caller_id = *id;
    }
    if (auto enabled = r.boolean("enabled", Need::optional)) campaign.enabled = *enabled;
    out.push_back(std::move(campaign));
  }
}

}  // namespace blendd::config
