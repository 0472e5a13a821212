#include "daemon/api/settings_json.hpp"

#include <boost/json.hpp>
#include <cstdio>

namespace blendd::daemon {

namespace json = boost::json;

namespace {

const char* const kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string clock_text(int minute) {
  char text[32];
  std::snprintf(text, sizeof text, "%02d:%02d", minute / 60, minute % 60);
  return text;
}

json::array day_list(std::uint8_t mask) {
  json::array days;
  for (int d = 0; d < 7; ++d)
    if ((mask >> d) & 1) days.emplace_back(kDays[d]);
  return days;
}

json::array strings(const std::vector<std::string>& v) {
  return json::array(v.begin(), v.end());
}

}  // namespace

json::value group_json(const config::GroupConfig& g) {
  json::array schedule;
  for (const auto& p : g.schedule) {
    json::object period{{"label", p.label},
                        {"kind", p.kind == policy::PeriodKind::busy ? "busy" : "idle"},
                        {"weekdays", day_list(p.weekdays)},
                        {"start", clock_text(p.start_minute)},
                        {"end", clock_text(p.end_minute)},
                        {"outbound", p.thresholds.outbound_allowed}};
    // Only the thresholds the period sets: the others are the group's (and read back so).
    if (p.sets_start) period["start_threshold"] = p.thresholds.start;
    if (p.sets_stop) period["stop_threshold"] = p.thresholds.stop;
    if (p.reserve_agents) period["reserve_agents"] = *p.reserve_agents;
    if (p.boundary_start_probability)
      period["boundary_start_probability"] = *p.boundary_start_probability;
    schedule.push_back(std::move(period));
  }
  json::array agents;
  for (const auto& a : g.agents) {
    json::object agent{{"id", a.id}};
    if (a.phone == config::AgentPhone::webrtc) {
      agent["phone"] = "webrtc";  // same keys as blendd.yaml
    } else {
      agent["sip_uri"] = a.sip_uri;
    }
    agents.push_back(std::move(agent));
  }
  return json::object{
      {"id", g.id},
      {"idle", json::object{{"start_threshold", g.idle.start},
                            {"stop_threshold", g.idle.stop},
                            {"reserve_agents", g.idle.reserve_agents},
                            {"smoothing_s", g.idle.smoothing_s},
                            {"min_dwell_s", g.idle.min_dwell_s}}},
      {"schedule", std::move(schedule)},
      {"inbound_numbers", strings(g.inbound_numbers)},
      {"overflow_uri", g.overflow_uri},
      {"queue_timeout_s", g.queue_timeout_s},
      {"wrap_up_s", g.wrap_up_s},
      {"sl_target", json::object{{"share", g.sl_target.share}, {"within_s", g.sl_target.within_s}}},
      {"agents", std::move(agents)}};
}

json::value campaign_json(const config::CampaignConfig& c) {
  return json::object{{"id", c.id},
                      {"group", c.group},
                      {"pacing", config::to_string(c.pacing)},
                      {"abandon_cap", c.abandon_cap},
                      {"abandon_after_s", c.abandon_after_s},
                      {"caller_id", c.caller_id},
                      {"enabled", c.enabled},
                      {"ring_timeout_s", c.ring_timeout_s},
                      {"product", c.product},
                      {"questionnaire", c.questionnaire},
                      {"calling_window", json::object{{"start", clock_text(c.window_start_minute)},
                                                      {"end", clock_text(c.window_end_minute)},
                                                      {"days", day_list(c.weekdays)}}},
                      {"max_attempts", c.max_attempts},
                      {"default_country", c.default_country},
                      {"default_zone", c.default_zone},
                      {"allowed_prefixes", strings(c.allowed_prefixes)},
                      {"blocked_prefixes", strings(c.blocked_prefixes)},
                      {"allow_premium", c.allow_premium},
                      {"blocked_number_types", strings(c.blocked_number_types)},
                      {"max_concurrent_calls", c.max_concurrent_calls},
                      {"max_calls_per_second", c.max_calls_per_second}};
}

json::value catalogue_json(const config::CatalogueConfig& c) {
  json::array products;
  for (const auto& p : c.products) {
    products.push_back(json::object{{"id", p.id},
                                    {"name", p.name},
                                    {"points", p.points},
                                    {"selling_points", strings(p.selling_points)},
                                    {"script", p.script},
                                    {"steps", strings(p.steps)},
                                    {"knowledge", strings(p.knowledge)}});
  }
  json::array questionnaires;
  for (const auto& q : c.questionnaires) {
    json::array questions;
    for (const auto& x : q.questions) {
      json::object o{{"id", x.id},
                     {"text", x.text},
                     {"type", config::to_string(x.type)},
                     {"required", x.required}};
      if (!x.options.empty()) o["options"] = strings(x.options);
      if (x.has_range) {
        o["min"] = x.min;
        o["max"] = x.max;
      }
      if (!x.show_if_question.empty()) {
        o["show_if"] = json::object{{"question", x.show_if_question}, {"answer", x.show_if_answer}};
      }
      questions.push_back(std::move(o));
    }
    questionnaires.push_back(json::object{{"id", q.id}, {"questions", std::move(questions)}});
  }
  json::array touchpoints;
  for (const auto& t : c.touchpoints)
    touchpoints.push_back(json::object{{"number", t.number}, {"products", strings(t.products)}});
  json::array associations;
  for (const auto& a : c.associations) {
    json::object o{{"asked", a.asked}, {"offers", strings(a.offers)}};
    if (!a.reason.empty()) o["reason"] = a.reason;
    associations.push_back(std::move(o));
  }
  json::array switches;
  for (const auto& s : c.switches) {
    switches.push_back(
        json::object{{"channel", s.channel}, {"period", s.period}, {"enabled", s.enabled}});
  }
  return json::object{{"products", std::move(products)},
                      {"questionnaires", std::move(questionnaires)},
                      {"touchpoints", std::move(touchpoints)},
                      {"associations", std::move(associations)},
                      {"recommendation_switches", std::move(switches)}};
}

}  // namespace blendd::daemon
