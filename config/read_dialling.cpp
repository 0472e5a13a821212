// Readers for the sections that drive dialling: agent groups and campaigns.
#include <algorithm>
#include <cctype>
#include <map>

#include "config/schedule_reader.hpp"
#include "config/screen_pop_template.hpp"
#include "config/section_readers.hpp"
#include "config/value_checks.hpp"
#include "policy/number_policy.hpp"

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

void read_calling_window(const YAML::Node& node, const std::string& path, ErrorSink& errors,
                         CampaignConfig& out) {
  if (!node.IsDefined()) return;
  YamlMapReader r(node, path, errors);
  for (const char* key : {"start", "end"}) {
    if (auto v = r.string(key, Need::optional)) {
      const int minute = minute_of_day(*v);
      if (minute < 0) {
        errors.add(r.child(key, Need::optional).Mark(), r.key_path(key),
                   "must be a time of day HH:MM (got '" + *v + "')");
      } else {
        (std::string(key) == "start" ? out.window_start_minute : out.window_end_minute) = minute;
      }
    }
  }
  if (out.window_end_minute <= out.window_start_minute) {
    errors.add(r.mark(), path + ".end", "must be after start");
  }
  if (auto days = r.string_list("days", Need::optional)) {
    static const char* names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    out.weekdays = 0;
    for (const auto& day : *days) {
      int bit = -1;
      for (int i = 0; i < 7; ++i)
        if (day == names[i]) bit = i;
      if (bit < 0) {
        errors.add(r.child("days", Need::optional).Mark(), path + ".days",
                   "days are mon, tue, wed, thu, fri, sat, sun (got '" + day + "')");
      } else {
        out.weekdays |= static_cast<std::uint8_t>(1u << bit);
      }
    }
  }
}

// An agent's registered phone account: `sip_auth: {username, ha1}`, required with
// sip_uri: registered and refused without it.
void read_phone_account(YamlMapReader& ar, const std::string& apath, ErrorSink& errors,
                        AgentConfig& agent) {
  YAML::Node auth = ar.child("sip_auth", Need::optional);
  if (!agent.registered()) {
    if (auth.IsDefined()) {
      errors.add(auth.Mark(), apath + ".sip_auth",
                 "only for a phone that registers (sip_uri: registered)");
    }
    return;
  }
  if (!auth.IsDefined()) {
    errors.add(ar.mark(), apath + ".sip_auth",
               "required with sip_uri: registered (username and ha1: the phone's digest account)");
    return;
  }
  YamlMapReader r(auth, apath + ".sip_auth", errors);
  agent.sip_username = agent.id;
  if (auto user = r.string("username", Need::optional)) {
    const bool ok = !user->empty() && user->size() <= 64 &&
                    std::all_of(user->begin(), user->end(), [](char ch) {
                      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' ||
                             ch == '_' || ch == '-' || ch == '+';
                    });
    if (!ok) {
      errors.add(r.child("username", Need::optional).Mark(), apath + ".sip_auth.username",
                 "must be 1-64 letters, digits, '.', '_', '-' or '+' (the SIP user name)");
    }
    agent.sip_username = *user;
  }
  if (auto ha1 = r.string("ha1", Need::required)) {
    const bool hex =
        ha1->size() == 32 && ha1->find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!hex) {
      errors.add(r.child("ha1", Need::optional).Mark(), apath + ".sip_auth.ha1",
                 "must be 32 lowercase hex digits: MD5(username:realm:password), e.g. from "
                 "`blendctl ha1 USERNAME`");
    }
    agent.sip_ha1 = *ha1;
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
  std::map<std::string, std::string> agent_owner;     // agent id -> key path of first use
  std::map<std::string, std::string> sip_user_owner;  // registered phones' user names
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
        if (auto phone = ar.string("phone", Need::optional)) {
          if (*phone == "webrtc") {
            agent.phone = AgentPhone::webrtc;
          } else if (*phone != "sip") {
            errors.add(ar.child("phone", Need::optional).Mark(), apath + ".phone",
                       "must be sip (a SIP phone at sip_uri) or webrtc (the desk page), not '" +
                           *phone + "'");
          }
        }
        const Need uri_need = agent.phone == AgentPhone::sip ? Need::required : Need::optional;
        if (auto uri = ar.string("sip_uri", uri_need)) {
          std::string reason = agent.phone == AgentPhone::webrtc
                                   ? "not used with phone: webrtc (the desk page is the phone)"
                               : *uri == "registered" ? std::string()
                                                      : check_sip_uri(*uri);
          if (!reason.empty())
            errors.add(ar.child("sip_uri", Need::optional).Mark(), apath + ".sip_uri", reason);
          agent.sip_uri = *uri;
        }
        read_phone_account(ar, apath, errors, agent);
        if (auto token = ar.string("token_sha256", Need::optional)) {
          const bool hex = token->size() == 64 &&
                           token->find_first_not_of("0123456789abcdef") == std::string::npos;
          if (!hex) {
            errors.add(ar.child("token_sha256", Need::optional).Mark(), apath + ".token_sha256",
                       "must be 64 lowercase hex digits (the SHA-256 of the agent's token)");
          }
          agent.token_sha256 = *token;
        }
        if (agent.registered()) {
          auto [it, inserted] = sip_user_owner.emplace(agent.sip_username, apath);
          if (!inserted) {
            errors.add(
                ar.child("sip_auth", Need::optional).Mark(), apath + ".sip_auth.username",
                "SIP user name '" + agent.sip_username + "' is already " + it->second + "'s");
          }
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
    if (auto numbers = r.string_list("inbound_numbers", Need::optional)) {
      group.inbound_numbers = *numbers;
    }
    if (auto url = r.string("crm_url", Need::optional)) {
      if (std::string reason = check_screen_pop(*url); !reason.empty())
        errors.add(r.child("crm_url", Need::optional).Mark(), path + ".crm_url", reason);
      group.crm_url = *url;
    }
    if (auto uri = r.string("overflow_uri", Need::optional)) {
      std::string reason = uri->empty() ? std::string() : check_sip_uri(*uri);
      if (!reason.empty())
        errors.add(r.child("overflow_uri", Need::optional).Mark(), path + ".overflow_uri", reason);
      group.overflow_uri = *uri;
    }
    if (auto v = r.integer("queue_timeout_s", Need::optional, 1, 86400)) {
      group.queue_timeout_s = static_cast<int>(*v);
    }
    if (auto v = r.integer("wrap_up_s", Need::optional, 0, 3600))
      group.wrap_up_s = static_cast<int>(*v);
    if (auto v = r.integer("offer_timeout_s", Need::optional, 2, 120))
      group.offer_timeout_s = static_cast<int>(*v);
    if (auto share = read_recording_share(r, path, errors)) group.recording_share = *share;
    if (auto sl = r.child("sl_target", Need::optional); sl.IsDefined()) {
      YamlMapReader t(sl, path + ".sl_target", errors);
      if (auto v = t.number("share", Need::required, 0.01, 1)) group.sl_target.share = *v;
      if (auto v = t.integer("within_s", Need::required, 1, 3600))
        group.sl_target.within_s = static_cast<int>(*v);
    }
    group.schedule = read_schedule(r.child("schedule", Need::optional), path + ".schedule", errors);
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
    if (auto url = r.string("crm_url", Need::optional)) {
      if (std::string reason = check_screen_pop(*url); !reason.empty())
        errors.add(r.child("crm_url", Need::optional).Mark(), path + ".crm_url", reason);
      campaign.crm_url = *url;
    }
    if (auto enabled = r.boolean("enabled", Need::optional)) campaign.enabled = *enabled;
    // RFC 3261 timer C needs at least 3 min; below 15 s many mobiles never get to ring.
    if (auto v = r.integer("ring_timeout_s", Need::optional, 15, 180)) {
      campaign.ring_timeout_s = static_cast<int>(*v);
    }
    if (auto v = r.number("abandon_after_s", Need::optional, 0.5, 2.0))
      campaign.abandon_after_s = *v;
    if (auto share = read_recording_share(r, path, errors)) campaign.recording_share = *share;
    read_amd(r.child("amd", Need::optional), path + ".amd", errors, campaign.amd);
    if (auto v = r.string("product", Need::optional)) campaign.product = *v;
    if (auto v = r.string("questionnaire", Need::optional)) campaign.questionnaire = *v;
    read_calling_window(r.child("calling_window", Need::optional), path + ".calling_window", errors,
                        campaign);
    if (auto v = r.integer("max_attempts", Need::optional, 1, 100)) {
      campaign.max_attempts = static_cast<int>(*v);
    }
    if (auto v = r.string("targets_csv", Need::optional)) campaign.targets_csv = *v;
    if (auto v = r.string("default_country", Need::optional)) {
      if (v->empty() || v->size() > 3 || v->find_first_not_of("0123456789") != std::string::npos) {
        errors.add(r.child("default_country", Need::optional).Mark(), path + ".default_country",
                   "must be a country calling code of 1-3 digits, e.g. 49");
      }
      campaign.default_country = *v;
    }
    if (auto v = r.string("default_zone", Need::optional)) campaign.default_zone = *v;
    for (const char* key : {"allowed_prefixes", "blocked_prefixes"}) {
      auto list = r.string_list(key, Need::optional);
      if (!list) continue;
      for (const auto& prefix : *list) {
        if (prefix.size() < 2 || prefix[0] != '+' ||
            prefix.find_first_not_of("0123456789", 1) != std::string::npos) {
          errors.add(r.child(key, Need::optional).Mark(), path + "." + key,
                     "'" + prefix + "' is not an E.164 prefix such as +49 or +4930");
        }
      }
      (std::string(key) == "allowed_prefixes" ? campaign.allowed_prefixes
                                              : campaign.blocked_prefixes) = *list;
    }
    if (auto v = r.boolean("allow_premium", Need::optional)) campaign.allow_premium = *v;
    if (auto list = r.string_list("blocked_number_types", Need::optional)) {
      for (const auto& t : *list) {
        if (!policy::NumberPolicy::known_type(t)) {
          errors.add(r.child("blocked_number_types", Need::optional).Mark(),
                     path + ".blocked_number_types",
                     "'" + t +
                         "' is not a number type (premium_rate, shared_cost, toll_free, "
                         "mobile, fixed_line, voip, personal_number, pager, uan, "
                         "voicemail, fixed_line_or_mobile, unknown)");
        }
      }
      campaign.blocked_number_types = *list;
    }
    if (auto v = r.string("dnc_scope", Need::optional)) {
      if (*v == "global" || *v == "campaign") {
        campaign.dnc_campaign_only = *v == "campaign";
      } else {
        errors.add(r.child("dnc_scope", Need::optional).Mark(), path + ".dnc_scope",
                   "must be global or campaign (got '" + *v + "')");
      }
    }
    if (auto v = r.integer("target_buffer_max_age_s", Need::optional, 5, 3600))
      campaign.target_buffer_max_age_s = static_cast<int>(*v);
    if (auto v = r.integer("max_concurrent_calls", Need::optional, 0, 100000)) {
      campaign.max_concurrent_calls = static_cast<int>(*v);
    }
    if (auto v = r.number("max_calls_per_second", Need::optional, 0, 10000)) {
      campaign.max_calls_per_second = *v;
    }
    out.push_back(std::move(campaign));
  }
}

void check_inbound_numbers(const YAML::Node& groups, ErrorSink& errors,
                           const std::vector<GroupConfig>& out) {
  std::map<std::string, std::string> owner;
  for (std::size_t g = 0; g < out.size(); ++g) {
    for (std::size_t n = 0; n < out[g].inbound_numbers.size(); ++n) {
      const std::string& number = out[g].inbound_numbers[n];
      auto [it, fresh] = owner.emplace(number, out[g].id);
      if (!fresh) {
        YAML::Node list = groups[g]["inbound_numbers"];
        errors.add(mark_of(list[n], groups[g].Mark()),
                   "groups[" + std::to_string(g) + "].inbound_numbers[" + std::to_string(n) + "]",
                   "number '" + number + "' already routes to group '" + it->second + "'");
      }
    }
  }
}

void check_catalogue_references(const YAML::Node& campaigns, ErrorSink& errors,
                                const BlenddConfig& cfg) {
  if (!campaigns.IsSequence()) return;
  for (std::size_t c = 0; c < cfg.campaigns.size() && c < campaigns.size(); ++c) {
    const auto& campaign = cfg.campaigns[c];
    const std::string path = "campaigns[" + std::to_string(c) + "]";
    if (!campaign.product.empty() && cfg.catalogue.product(campaign.product) == nullptr) {
      errors.add(mark_of(campaigns[c]["product"], campaigns[c].Mark()), path + ".product",
                 "no catalogue product with id '" + campaign.product + "'");
    }
    if (!campaign.questionnaire.empty() &&
        cfg.catalogue.questionnaire(campaign.questionnaire) == nullptr) {
      errors.add(mark_of(campaigns[c]["questionnaire"], campaigns[c].Mark()),
                 path + ".questionnaire",
                 "no catalogue questionnaire with id '" + campaign.questionnaire + "'");
    }
  }
}

}  // namespace blendd::config
