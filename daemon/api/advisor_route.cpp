#include "daemon/api/advisor_route.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>

#include "daemon/api/api_request.hpp"
#include "daemon/api/background_jobs.hpp"
#include "daemon/api/report_range.hpp"
#include "daemon/api/settings_json.hpp"
#include "daemon/centre/call_centre.hpp"
#include "daemon/centre/core_settings_from_config.hpp"
#include "daemon/centre/history_store.hpp"
#include "policy/history_figures.hpp"
#include "policy/threshold_advisor.hpp"

namespace blendd::daemon {

namespace json = boost::json;
using policy::field;
using policy::TallyFields;
using policy::TallyScope;

namespace {

constexpr const char* kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr double kCapEvidence = 20;  // live answers in a slot before its abandon rate counts
constexpr double kMinStaffed = 10;   // seconds a slot was staffed (all days) to be advised
constexpr auto kBudget = std::chrono::seconds(20);  // of solving per advice

// What one slot of the day added up to over the days read.
struct SlotSums {
  TallyFields group;
  double answers = 0, abandons = 0;  // the group's campaigns, for the caps
  std::map<std::string, std::pair<double, double>> by_campaign;
  int days = 0;
  std::int64_t last_start_s = 0;  // the slot on the last day read: the settings in force then
};

// The request, the days it names, and what has been read of them so far.
struct Job {
  std::string group;
  std::vector<std::string> campaigns;
  std::map<std::string, double> caps;
  policy::TimeZone zone;
  std::vector<std::int64_t> days;  // local midnights, UTC
  std::optional<int> weekday;      // the weekday asked for; else the whole range applies daily
  std::map<int, SlotSums> slots;   // by local minute of the day
  int interval_min = 15;           // the history's interval
  std::size_t next = 0;
};

double num(double v) {
  return std::isfinite(v) ? v : 0.0;
}

std::string clock(int minute) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

std::int64_t next_day(const HistoryStore& h, std::int64_t midnight) {
  return h.day_start(midnight + 25 * 3600);  // 23-, 24- and 25-hour days alike
}

json::object figures_json(const policy::BlendingFigures& f) {
  return {{"service_level", f.service_level},
          {"asa_s", f.asa_s},
          {"outbound_per_hour", f.outbound_per_hour},
          {"mean_idle_agents", f.mean_idle_agents}};
}

// The schedule the recommendation becomes: a period per run of slots advised alike, first;
// then the group's other periods (in weekday mode, those of the other weekdays).
json::array advised_schedule(const std::vector<policy::SlotAdvice>& advice, const Job& job,
                             const config::GroupConfig& g) {
  json::array days;
  if (job.weekday) {
    days.emplace_back(kWeekdays[*job.weekday]);
  } else {
    for (const char* d : kWeekdays) days.emplace_back(d);
  }
  json::array periods;
  for (std::size_t i = 0; i < advice.size();) {
    const auto& a = advice[i];
    if (!a.measured) {
      ++i;
      continue;
    }
    const double p = std::round(a.boundary_start_probability * 100) / 100;
    std::size_t j = i + 1;
    while (j < advice.size() && advice[j].measured && advice[j].outbound == a.outbound &&
           advice[j].reserve_agents == a.reserve_agents &&
           std::round(advice[j].boundary_start_probability * 100) / 100 == p &&
           advice[j].minute_of_day == advice[j - 1].minute_of_day + job.interval_min) {
      ++j;
    }
    const int end = advice[j - 1].minute_of_day + job.interval_min;
    // Keys in the order GET /groups/{g} shows a period.
    json::object period{{"label", "advisor"},
                        {"kind", "busy"},
                        {"weekdays", days},
                        {"start", clock(a.minute_of_day)},
                        {"end", clock(std::min(end, 24 * 60))},
                        {"outbound", a.outbound},
                        {"start_threshold", 0.0},
                        {"stop_threshold", 0.0}};
    if (a.outbound) {
      period["reserve_agents"] = a.reserve_agents;
      period["boundary_start_probability"] = p;
    }
    periods.push_back(std::move(period));
    i = j;
  }
  if (job.weekday) {
    json::value current = group_json(g);  // held: the loop walks a reference into it
    for (auto& existing : current.as_object().at("schedule").as_array()) {
      json::array kept;
      for (const auto& d : existing.at("weekdays").as_array())
        if (d.as_string() != kWeekdays[*job.weekday]) kept.push_back(d);
      if (kept.empty()) continue;
      existing.as_object()["weekdays"] = std::move(kept);
      periods.push_back(existing);
    }
  }
  return periods;
}

// Runs on a worker: the model solves, then the answer's JSON.
HttpResponse advise_and_answer(const Job& job, const config::GroupConfig& g) {
  const policy::GroupSettings settings = group_settings_from(g, job.zone);
  std::vector<policy::SlotTraffic> traffic;
  std::vector<policy::SlotSettings> in_force;
  for (const auto& [minute, s] : job.slots) {
    if (s.days == 0) continue;  // a campaign's slot the group's history does not have
    const auto f =
        policy::group_figure_set(s.group, g.sl_target.within_s, 60.0 * job.interval_min * s.days);
    // The model is solved for the time the group was staffed (a slot the centre opened in the
    // middle of is not one of fewer agents); per day, so `seconds` is a mean day's.
    const double staffed_s = field(s.group, "level_s");
    policy::SlotTraffic t;
    t.minute_of_day = minute;
    t.seconds = staffed_s / s.days;
    const bool staffed = staffed_s >= kMinStaffed;
    t.offered = staffed ? num(f.offered) / s.days : 0;
    t.aht_in_s = num(f.aht_in_s);
    t.aht_out_s = num(f.aht_out_s);
    t.agents = staffed ? num(f.logged_in_s - f.not_ready_s) / staffed_s : 0;
    for (const auto& [c, ab] : s.by_campaign) {
      if (ab.first >= kCapEvidence && ab.second / ab.first > job.caps.at(c)) t.cap_exceeded = true;
    }
    traffic.push_back(t);
    const policy::TimePoint at{std::chrono::seconds(s.last_start_s)};
    const policy::SchedulePeriod* p = settings.schedule.active(at);
    policy::SlotSettings now;
    const policy::GateThresholds th = p ? p->thresholds : settings.thresholds;
    now.start_threshold = th.start;
    now.stop_threshold = th.stop;
    now.outbound = th.outbound_allowed;
    now.reserve_agents = p && p->reserve_agents ? *p->reserve_agents : settings.reserve_agents;
    now.boundary_start_probability = p && p->reserve_agents
                                         ? p->boundary_start_probability.value_or(1.0)
                                         : settings.boundary_start_probability;
    in_force.push_back(now);
  }
  // A budget, so one large group's advice cannot hold the worker (and its HTTP caller) for
  // minutes: slots left when it runs out keep the settings in force, and say so.
  const auto until = std::chrono::steady_clock::now() + kBudget;
  const auto advice = policy::advise(traffic, in_force,
                                     {g.sl_target.share, static_cast<double>(g.sl_target.within_s)},
                                     [until] { return std::chrono::steady_clock::now() > until; });
  json::array slots;
  double offered = 0, sl_now = 0, sl_rec = 0, out_now = 0, out_rec = 0;
  for (std::size_t i = 0; i < advice.size(); ++i) {
    const auto& a = advice[i];
    const auto& t = traffic[i];
    json::object slot{{"start", clock(a.minute_of_day)},
                      {"staffed_s", t.seconds},
                      {"offered", t.offered},
                      {"agents", t.agents},
                      {"aht_in_s", t.aht_in_s},
                      {"aht_out_s", t.aht_out_s},
                      {"measured", a.measured},
                      {"cap_exceeded", t.cap_exceeded}};
    if (a.measured) {
      json::object now = figures_json(a.in_force);
      now["reserve_agents"] = policy::effective_reserve(in_force[i], a.agents);
      now["outbound"] = in_force[i].outbound;
      json::object rec = figures_json(a.recommended);
      rec["outbound"] = a.outbound;
      rec["reserve_agents"] = a.reserve_agents;
      rec["boundary_start_probability"] = a.boundary_start_probability;
      rec["why"] = a.why;
      slot["in_force"] = std::move(now);
      slot["recommended"] = std::move(rec);
      offered += t.offered;
      sl_now += t.offered * a.in_force.service_level;
      sl_rec += t.offered * a.recommended.service_level;
      out_now += a.in_force.outbound_per_hour * t.seconds / 3600;
      out_rec += a.recommended.outbound_per_hour * t.seconds / 3600;
    }
    slots.push_back(std::move(slot));
  }
  json::array days;
  for (auto d : job.days) days.emplace_back(local_text(job.zone, d).substr(0, 10));
  const double nan = std::nan("");
  json::object out{
      {"group", job.group},
      {"zone", job.zone.name()},
      {"days", std::move(days)},
      {"weekday", job.weekday ? json::value(kWeekdays[*job.weekday]) : json::value(nullptr)},
      {"sl_target", json::object{{"share", g.sl_target.share}, {"within_s", g.sl_target.within_s}}},
      {"slots", std::move(slots)},
      {"day",
       json::object{
           {"offered", offered},
           {"in_force",
            json::object{{"service_level", number_or_null(offered > 0 ? sl_now / offered : nan)},
                         {"outbound_calls", out_now}}},
           {"recommended",
            json::object{{"service_level", number_or_null(offered > 0 ? sl_rec / offered : nan)},
                         {"outbound_calls", out_rec}}}}},
      {"schedule", json::object{{"periods", advised_schedule(advice, job, g)},
                                {"reason", "threshold advisor"}}}};
  return ok_json(out);
}

void read_next(std::shared_ptr<Job> job, AdvisorRouteContext& ctx, HttpResponder respond);

void add_rows(Job& job, const std::vector<HistoryStore::Series>& series) {
  for (const auto& s : series) {
    const bool group = s.id == job.group;
    for (const auto& row : s.rows) {
      const int minute =
          job.zone.to_local(policy::TimePoint(std::chrono::seconds(row.start_s))).minute_of_day;
      SlotSums& slot = job.slots[minute];
      if (group) {
        policy::add_fields(slot.group, row.fields);
        ++slot.days;
        slot.last_start_s = std::max(slot.last_start_s, row.start_s);
      } else {
        auto& c = slot.by_campaign[s.id];
        c.first += field(row.fields, "answers");
        c.second += field(row.fields, "abandons");
      }
    }
  }
}

// One day at a time (the group's intervals and its campaigns'), then the solve on a worker.
void read_next(std::shared_ptr<Job> job, AdvisorRouteContext& ctx, HttpResponder respond) {
  if (job->next == job->days.size()) {
    const config::GroupConfig* g = ctx.config.group(job->group);
    if (g == nullptr) return respond(json_error(404, "not_found", "no group '" + job->group + "'"));
    auto group = std::make_shared<const config::GroupConfig>(*g);
    answer_on_worker(
        ctx.jobs, [job, group] { return advise_and_answer(*job, *group); }, respond, "the advice");
    return;
  }
  const std::int64_t day = job->days[job->next++];
  const std::int64_t end = next_day(ctx.history, day);
  AdvisorRouteContext context = ctx;
  ctx.history.read(
      TallyScope::group, {job->group}, day, end, HistoryStore::Step::interval,
      [job, context, respond, day, end](std::error_code ec,
                                        std::vector<HistoryStore::Series> series) mutable {
        if (ec) {
          return respond(json_error(503, "store_unavailable",
                                    "the history could not be read: " + ec.message()));
        }
        add_rows(*job, series);
        if (job->campaigns.empty()) return read_next(job, context, respond);
        context.history.read(
            TallyScope::campaign, job->campaigns, day, end, HistoryStore::Step::interval,
            [job, context, respond](std::error_code ec2,
                                    std::vector<HistoryStore::Series> cs) mutable {
              if (ec2) {
                return respond(json_error(503, "store_unavailable",
                                          "the history could not be read: " + ec2.message()));
              }
              add_rows(*job, cs);
              read_next(job, context, respond);
            });
      });
}

}  // namespace

bool advisor_route(const HttpRequest& r, const Caller& caller, AdvisorRouteContext& ctx,
                   const HttpResponder& respond) {
  (void)caller;  // a viewer may ask; applying the schedule needs a supervisor
  const std::string path = r.target.substr(0, r.target.find('?'));
  const auto p = split_path(path);
  if (p.size() != 5 || p[0] != "api" || p[1] != "v1" || p[2] != "groups" || p[4] != "advice")
    return false;
  if (r.method != "GET") {
    respond(json_error(405, "method_not_allowed", "the advice is read with GET"));
    return true;
  }
  const config::GroupConfig* g = ctx.config.group(p[3]);
  if (g == nullptr) {
    respond(json_error(404, "not_found", "no group '" + p[3] + "'"));
    return true;
  }
  auto job = std::make_shared<Job>();
  job->group = g->id;
  job->interval_min = ctx.config.redis.history_interval_s / 60;
  for (const auto& c : ctx.config.campaigns) {
    if (c.group != g->id) continue;
    job->campaigns.push_back(c.id);
    job->caps[c.id] = c.abandon_cap;
  }
  job->zone = centre_zone(ctx.config);
  const std::int64_t now_s = ctx.centre.now_ms() / 1000;
  const std::string weekday = query_value(r.target, "weekday");
  if (!weekday.empty()) {
    int wd = -1;
    for (int i = 0; i < 7; ++i)
      if (weekday == kWeekdays[i]) wd = i;
    if (wd < 0) {
      respond(invalid_query("weekday", "must be one of mon..sun, not '" + weekday + "'"));
      return true;
    }
    const std::string weeks_text = query_value(r.target, "weeks");
    int weeks = 4;
    if (!weeks_text.empty()) {
      char* end = nullptr;
      const long w = std::strtol(weeks_text.c_str(), &end, 10);
      if (*end != '\0' || w < 1 || w > 8) {
        respond(invalid_query("weeks", "must be a whole number from 1 to 8"));
        return true;
      }
      weeks = static_cast<int>(w);
    }
    job->weekday = wd;
    // The last `weeks` such days before today (today is not over yet).
    std::int64_t d = ctx.history.day_start(now_s);
    while (static_cast<int>(job->days.size()) < weeks) {
      d = ctx.history.day_start(d - 3600);
      if (job->zone.to_local(policy::TimePoint(std::chrono::seconds(d))).weekday == wd)
        job->days.insert(job->days.begin(), d);
    }
  } else {
    RangeError error;
    auto range =
        report_range(r.target, job->zone, now_s, ctx.config.redis.history_retention_days, error);
    if (!range) {
      respond(invalid_query(error.field, error.reason));
      return true;
    }
    if (ctx.history.day_start(range->from_s) != range->from_s ||
        ctx.history.day_start(range->to_s) != range->to_s) {
      respond(invalid_query("from", "the advisor reads whole days: give dates, not times"));
      return true;
    }
    for (std::int64_t d = range->from_s; d < range->to_s; d = next_day(ctx.history, d))
      job->days.push_back(d);
    if (job->days.size() > 31) {
      respond(invalid_query("to", "at most 31 days"));
      return true;
    }
  }
  read_next(job, ctx, respond);
  return true;
}

}  // namespace blendd::daemon
