#include "daemon/api/settings_routes.hpp"
#include "desk/json_text.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>

#include "config/config_editor.hpp"
#include "daemon/api/api_request.hpp"
#include "daemon/api/campaign_state_json.hpp"
#include "daemon/api/settings_json.hpp"
#include "daemon/centre/audit_log.hpp"
#include "daemon/centre/call_centre.hpp"

namespace blendd::daemon {

namespace json = boost::json;

namespace {

// Why a change was not made, as the answer to send.
HttpResponse refusal(const config::EditOutcome& out) {
  if (out.status == 422) return invalid_fields(out.message, out.errors);
  return json_error(out.status, out.code, out.message);
}

std::string plain(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_double()) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", v.as_double());
    return text;
  }
  return desk::json_text(v);
}

// What a supervisor reads in the audit trail: only the keys that changed, "key=value" each.
std::pair<std::string, std::string> changed_keys(const json::value& before,
                                                 const json::value& after) {
  if (!before.is_object() || !after.is_object()) return {plain(before), plain(after)};
  std::string old_text, new_text;
  auto add = [](std::string& text, const json::string& key, const json::value* v) {
    text += (text.empty() ? "" : " ") + std::string(key) + "=" + (v ? plain(*v) : "(none)");
  };
  for (const auto& kv : after.as_object()) {
    const json::value* was = before.as_object().if_contains(kv.key());
    if (was != nullptr && *was == kv.value()) continue;
    add(old_text, kv.key(), was);
    add(new_text, kv.key(), &kv.value());
  }
  if (old_text.empty()) return {"unchanged", "unchanged"};
  return {old_text, new_text};
}

// Makes the change; on success audits what changed (old → new) and answers the entry now.
HttpResponse change(ApiContext& ctx, const Caller& c, const config::LiveChange& lc,
                    const std::string& what, const json::value& before, const std::string& why,
                    const std::function<json::value()>& after) {
  const config::EditOutcome out = ctx.editor.edit(lc);
  if (out.status != 200) return refusal(out);
  json::value now = after();
  auto [old_text, new_text] = changed_keys(before, now);
  ctx.audit.append({ctx.centre.now_ms(), c.name, what, old_text, new_text, why});
  return ok_json(now);
}

std::string without_reason(json::object body) {
  body.erase("reason");
  return desk::json_text(body);
}

HttpResponse put_thresholds(const HttpRequest& r, const Caller& c, ApiContext& ctx,
                            const config::GroupConfig& g) {
  auto body = body_object(r);
  if (auto* e = std::get_if<HttpResponse>(&body)) return *e;
  const json::object& o = std::get<json::object>(body);
  // The short names blendctl and the dashboard send, mapped onto blendd.yaml's keys.
  const std::pair<const char*, const char*> keys[] = {{"start", "start_threshold"},
                                                      {"stop", "stop_threshold"},
                                                      {"reserve_agents", "reserve_agents"},
                                                      {"smoothing_s", "smoothing_s"},
                                                      {"min_dwell_s", "min_dwell_s"}};
  json::object idle;
  std::string error;
  for (const auto& [api, yaml] : keys) {
    const bool required = std::string(api) == "start" || std::string(api) == "stop" ||
                          std::string(api) == "reserve_agents";
    if (!required && o.if_contains(api) == nullptr) continue;
    if (auto v = number_field(o, api, error)) idle[yaml] = *v;
  }
  if (!error.empty()) return json_error(422, "invalid", error);
  // Whole and in range before the cast (2^64 as a double is not an int64: found by fuzzing).
  if (double r = idle["reserve_agents"].as_double(); r != std::floor(r) || r < 0 || r > 100000)
    return json_error(422, "invalid", "'reserve_agents' must be a whole number 0..100000");
  idle["reserve_agents"] = static_cast<std::int64_t>(idle["reserve_agents"].as_double());
  const std::string group = g.id;
  const json::value before = group_json(g).as_object().at("idle");
  return change(ctx, c,
                {config::LiveChange{config::LiveSection::group, group,
                                    desk::json_text(json::object{{"idle", idle}})}},
                "group " + group + " thresholds", before, reason_of(r, &o), [&ctx, group] {
                  return group_json(*ctx.config.group(group)).as_object().at("idle");
                });
}

HttpResponse put_schedule(const HttpRequest& r, const Caller& c, ApiContext& ctx,
                          const config::GroupConfig& g) {
  auto body = body_object(r);
  if (auto* e = std::get_if<HttpResponse>(&body)) return *e;
  const json::object& o = std::get<json::object>(body);
  const json::value* periods = o.if_contains("periods");
  if (periods == nullptr || !periods->is_array())
    return json_error(422, "invalid", "'periods' must be a list (empty: no schedule)");
  const std::string group = g.id;
  const json::value before = group_json(g).as_object().at("schedule");
  return change(
      ctx, c,
      {config::LiveSection::group, group, desk::json_text(json::object{{"schedule", *periods}})},
      "group " + group + " schedule", before, reason_of(r, &o),
      [&ctx, group] { return group_json(*ctx.config.group(group)).as_object().at("schedule"); });
}

// GET /groups/{g}: its settings and what is in force now — the schedule period (if any) and the
// thresholds the gate uses (the period's, the group's, or a supervisor's override).
json::object group_with_state(const ApiContext& ctx, const config::GroupConfig& g) {
  json::object o = group_json(g).as_object();
  const policy::BlendCore& core = ctx.centre.core();
  const auto gi = core.group_index(g.id);
  if (!gi) return o;
  const auto now = ctx.centre.now();
  const policy::GroupView v = core.group_view(*gi, now);
  json::value period = nullptr;
  if (const policy::SchedulePeriod* p = core.active_period(*gi, now)) {
    period = json::object{{"label", p->label},
                          {"kind", p->kind == policy::PeriodKind::busy ? "busy" : "idle"},
                          {"start_threshold", p->thresholds.start},
                          {"stop_threshold", p->thresholds.stop},
                          {"thresholds_from", p->sets_start || p->sets_stop ? "period" : "group"},
                          {"outbound", p->thresholds.outbound_allowed}};
    if (p->reserve_agents) {
      period.as_object()["reserve_agents"] = *p->reserve_agents;
      period.as_object()["boundary_start_probability"] =
          p->boundary_start_probability.value_or(1.0);
    }
  }
  o["in_force"] = json::object{{"period", std::move(period)},
                               {"start_threshold", v.start_threshold},
                               {"stop_threshold", v.stop_threshold},
                               {"dialling", v.dialling}};
  return o;
}

std::optional<HttpResponse> group_routes(const HttpRequest& r, const std::vector<std::string>& p,
                                         const Caller& c, ApiContext& ctx) {
  if (p.size() == 3 && r.method == "GET") {
    json::array groups;
    for (const auto& g : ctx.config.groups) groups.push_back(group_json(g));
    return ok_json(json::object{{"groups", std::move(groups)}});
  }
  if (p.size() < 4) return std::nullopt;
  const config::GroupConfig* g = ctx.config.group(p[3]);
  const bool known_route =
      (p.size() == 4 && r.method == "GET") ||
      (p.size() == 5 && r.method == "PUT" && (p[4] == "thresholds" || p[4] == "schedule"));
  if (!known_route) return std::nullopt;
  if (r.method != "GET") {
    if (auto refusal = need(c, Role::supervisor); refusal.status != 0) return refusal;
  }
  if (g == nullptr) return json_error(404, "not_found", "no group '" + p[3] + "'");
  if (p.size() == 4) return ok_json(group_with_state(ctx, *g));
  return p[4] == "thresholds" ? put_thresholds(r, c, ctx, *g) : put_schedule(r, c, ctx, *g);
}

HttpResponse write_campaign(const HttpRequest& r, const Caller& c, ApiContext& ctx,
                            const std::string* path_id) {
  auto body = body_object(r);
  if (auto* e = std::get_if<HttpResponse>(&body)) return *e;
  const json::object& o = std::get<json::object>(body);
  const std::string id = path_id != nullptr ? *path_id : string_field(o, "id");
  if (id.empty()) return json_error(422, "invalid", "'id' must name the new campaign");
  const config::CampaignConfig* existing = ctx.config.campaign(id);
  if (path_id == nullptr && existing != nullptr)
    return json_error(409, "exists", "campaign '" + id + "' exists; PUT /api/v1/campaigns/" + id);
  if (path_id != nullptr && existing == nullptr)
    return json_error(404, "not_found", "no campaign '" + id + "'");
  const json::value before = existing ? campaign_json(*existing) : json::value(json::object{});
  return change(ctx, c, {config::LiveSection::campaign, id, without_reason(o)},
                "campaign " + id + (existing ? " settings" : " created"), before, reason_of(r, &o),
                [&ctx, id] { return campaign_json(*ctx.config.campaign(id)); });
}

// Start, pause, stop: the configuration's `enabled` (kept in the live settings) and the run
// state (kept in the store, with who, why and since when). The centre audits before -> after.
HttpResponse campaign_switch(const HttpRequest& r, const Caller& c, ApiContext& ctx,
                             const config::CampaignConfig& campaign, const std::string& verb) {
  const bool start = verb == "start";
  const std::string id = campaign.id;
  const bool was_enabled = campaign.enabled;  // `campaign` is gone once the edit applies
  const policy::RunCommand command = start            ? policy::RunCommand::start
                                     : verb == "stop" ? policy::RunCommand::stop
                                                      : policy::RunCommand::pause;
  if (auto problem = ctx.centre.command_campaign(id, command, c.name, reason_of(r, nullptr));
      !problem.empty())
    return json_error(404, "not_found", problem);
  if (was_enabled != start) {
    const config::EditOutcome out = ctx.editor.edit(
        {config::LiveSection::campaign, id, start ? "{\"enabled\":true}" : "{\"enabled\":false}"});
    if (out.status != 200) return refusal(out);
  }
  json::object out{{"ok", true}, {"campaign", id}};
  for (auto& [k, v] : run_state_json(ctx.centre.campaign_view(id))) out[k] = v;
  return ok_json(std::move(out));
}

json::object campaign_with_state(const ApiContext& ctx, const config::CampaignConfig& x) {
  json::value v = campaign_json(x);
  json::object o = v.is_object() ? v.as_object() : json::object{};
  for (auto& [k, val] : run_state_json(ctx.centre.campaign_view(x.id))) o[k] = val;
  return o;
}

std::optional<HttpResponse> campaign_routes(const HttpRequest& r, const std::vector<std::string>& p,
                                            const Caller& c, ApiContext& ctx) {
  if (p.size() == 3 && r.method == "GET") {
    json::array campaigns;
    for (const auto& x : ctx.config.campaigns) campaigns.push_back(campaign_with_state(ctx, x));
    return ok_json(json::object{{"campaigns", std::move(campaigns)}});
  }
  const bool create = p.size() == 3 && r.method == "POST";
  const bool update = p.size() == 4 && r.method == "PUT";
  const bool verb =
      p.size() == 5 && r.method == "POST" && (p[4] == "start" || p[4] == "pause" || p[4] == "stop");
  const bool show = p.size() == 4 && r.method == "GET";
  if (!create && !update && !verb && !show) return std::nullopt;
  if (!show) {
    if (auto refusal = need(c, Role::supervisor); refusal.status != 0) return refusal;
  }
  if (create) return write_campaign(r, c, ctx, nullptr);
  if (update) return write_campaign(r, c, ctx, &p[3]);
  const config::CampaignConfig* campaign = ctx.config.campaign(p[3]);
  if (campaign == nullptr) return json_error(404, "not_found", "no campaign '" + p[3] + "'");
  if (show) return ok_json(campaign_with_state(ctx, *campaign));
  return campaign_switch(r, c, ctx, *campaign, p[4]);
}

std::optional<HttpResponse> catalogue_routes(const HttpRequest& r,
                                             const std::vector<std::string>& p, const Caller& c,
                                             ApiContext& ctx) {
  if (p.size() == 3 && r.method == "GET") return ok_json(catalogue_json(ctx.config.catalogue));
  if (r.method != "PUT" || p.size() < 4 || p.size() > 5) return std::nullopt;
  config::LiveChange lc;
  const std::string& kind = p[3];
  if (p.size() == 5 && kind == "products") {
    lc.section = config::LiveSection::product;
  } else if (p.size() == 5 && kind == "questionnaires") {
    lc.section = config::LiveSection::questionnaire;
  } else if (p.size() == 5 && kind == "touchpoints") {
    lc.section = config::LiveSection::touchpoint;
  } else if (p.size() == 4 && kind == "associations") {
    lc.section = config::LiveSection::associations;
  } else if (p.size() == 4 && kind == "recommendation_switches") {
    lc.section = config::LiveSection::recommendation_switches;
  } else {
    return std::nullopt;
  }
  if (auto refusal = need(c, Role::supervisor); refusal.status != 0) return refusal;
  json::error_code ec;
  json::value body = json::parse(r.body, ec);
  if (ec) return json_error(400, "bad_json", "body is not valid JSON: " + ec.message());
  const bool list = p.size() == 4;
  if (list != body.is_array())
    return json_error(400, "bad_json",
                      list ? "body must be a JSON list" : "body must be a JSON object");
  if (!list) {
    lc.id = p[4];
    body.as_object().erase("reason");
  }
  lc.body = desk::json_text(body);
  const json::value before = catalogue_json(ctx.config.catalogue).as_object().at(kind);
  return change(ctx, c, lc, "catalogue " + kind + (list ? "" : " " + p[4]), before,
                reason_of(r, body.is_object() ? &body.as_object() : nullptr),
                [&ctx, kind] { return catalogue_json(ctx.config.catalogue).as_object().at(kind); });
}

}  // namespace

std::optional<HttpResponse> settings_route(const HttpRequest& r, const std::vector<std::string>& p,
                                           const Caller& c, ApiContext& ctx) {
  if (p.size() < 3) return std::nullopt;
  if (p[2] == "groups") return group_routes(r, p, c, ctx);
  if (p[2] == "campaigns") return campaign_routes(r, p, c, ctx);
  if (p[2] == "catalogue") return catalogue_routes(r, p, c, ctx);
  if (p[2] == "live-settings" && p.size() == 3) {
    if (r.method == "GET") return HttpResponse{200, "application/json", ctx.editor.live_json()};
    if (r.method != "DELETE") return std::nullopt;
    if (auto refusal = need(c, Role::admin); refusal.status != 0) return refusal;
    const std::string before = ctx.editor.live_json();
    const config::EditOutcome out = ctx.editor.clear();
    if (out.status != 200) return refusal(out);
    ctx.audit.append(
        {ctx.centre.now_ms(), c.name, "live settings", before, "{}", reason_of(r, nullptr)});
    return ok_json(json::object{{"ok", true}});
  }
  return std::nullopt;
}

}  // namespace blendd::daemon
