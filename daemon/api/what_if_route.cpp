#include "daemon/api/what_if_route.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <memory>

#include "config/config_editor.hpp"
#include "daemon/api/api_request.hpp"
#include "daemon/api/background_jobs.hpp"
#include "daemon/api/report_range.hpp"
#include "daemon/api/settings_json.hpp"
#include "daemon/centre/call_centre.hpp"
#include "daemon/centre/core_settings_from_config.hpp"
#include "daemon/centre/history_store.hpp"
#include "desk/json_text.hpp"
#include "policy/history_figures.hpp"
#include "sim/replay.hpp"

namespace blendd::daemon {

namespace json = boost::json;
using policy::field;
using policy::TallyFields;
using policy::TallyScope;

namespace {

constexpr auto kBudget = std::chrono::seconds(20);  // of replaying per request
constexpr std::int64_t kLongest = 7 * 86400;        // a week of history per what-if
constexpr int kMostReplications = 20;

constexpr const char* kWorking[] = {"s_idle", "s_reserved", "s_on_inbound", "s_on_outbound",
                                    "s_wrap_up"};

struct Job {
  sim::ReplayRequest replay;
  int replications = 5;
  double within_s = 20;
  std::string zone_name;
  policy::TimeZone zone;
  std::int64_t from_s = 0, to_s = 0;
  json::value settings;  // the proposed group's settings, as GET /groups/{g} shows them
};

// The figures of `f` over `seconds` (of replications summed: seconds × replications).
json::object figures(const TallyFields& f, double within_s, double seconds) {
  const auto s = policy::group_figure_set(f, within_s, seconds);
  double working = 0;
  for (const char* state : kWorking) working += field(f, state);
  return {{"offered", s.offered},
          {"agents", seconds > 0 ? working / seconds : 0.0},
          {"service_level", number_or_null(s.service_level)},
          {"asa_s", number_or_null(s.asa_s)},
          {"abandon_rate", number_or_null(s.abandon_rate)},
          {"outbound_per_hour", number_or_null(s.connects_per_hour)},
          {"outbound_abandon_rate", number_or_null(s.outbound_abandon_rate)},
          {"occupancy", number_or_null(s.occupancy)}};
}

double spread(const std::vector<double>& xs) {
  if (xs.size() < 2) return 0;
  double mean = 0, sq = 0;
  for (double x : xs) mean += x / static_cast<double>(xs.size());
  for (double x : xs) sq += (x - mean) * (x - mean);
  return std::sqrt(sq / static_cast<double>(xs.size() - 1));
}

// Runs on a worker: the replications, then the answer's JSON.
HttpResponse replay_and_answer(const Job& job) {
  const auto until = std::chrono::steady_clock::now() + kBudget;
  const sim::ReplayOutcome out = sim::replay(
      job.replay, job.replications, [until] { return std::chrono::steady_clock::now() > until; });
  const double step = static_cast<double>(job.replay.interval_s);
  const double reps = std::max(1, out.replications);
  json::array intervals;
  TallyFields measured_all, predicted_all;
  for (const auto& m : job.replay.intervals) {
    policy::add_fields(measured_all, m.group);
    auto it = out.group.find(m.start_s);
    const TallyFields none;
    const TallyFields& p = it == out.group.end() ? none : it->second;
    intervals.push_back(json::object{{"start", local_text(job.zone, m.start_s)},
                                     {"measured", figures(m.group, job.within_s, step)},
                                     {"predicted", figures(p, job.within_s, step * reps)}});
  }
  for (const auto& [start, f] : out.group) policy::add_fields(predicted_all, f);
  const double span = step * static_cast<double>(job.replay.intervals.size());
  std::vector<double> sls, outs;
  for (const auto& t : out.totals) {
    const auto s = policy::group_figure_set(t, job.within_s, span);
    if (std::isfinite(s.service_level)) sls.push_back(s.service_level);
    outs.push_back(s.connects_per_hour);
  }
  json::object answer{
      {"group", job.replay.group.id},
      {"zone", job.zone_name},
      {"from", local_text(job.zone, job.from_s)},
      {"to", local_text(job.zone, job.to_s)},
      {"interval_s", job.replay.interval_s},
      {"settings", job.settings},
      {"agents_added", job.replay.agents_added},
      {"replications", out.replications},
      {"time_limit_reached", out.stopped},
      {"intervals", std::move(intervals)},
      {"total", json::object{{"measured", figures(measured_all, job.within_s, span)},
                             {"predicted", figures(predicted_all, job.within_s, span * reps)},
                             {"predicted_sd", json::object{{"service_level", spread(sls)},
                                                           {"outbound_per_hour", spread(outs)}}}}}};
  return ok_json(answer);
}

void submit(std::shared_ptr<Job> job, WhatIfRouteContext& ctx, const HttpResponder& respond) {
  answer_on_worker(
      ctx.jobs, [job] { return replay_and_answer(*job); }, respond, "the what-if");
}

// The group's intervals, then its campaigns', then the replay.
void read_and_submit(std::shared_ptr<Job> job, WhatIfRouteContext& ctx,
                     const HttpResponder& respond) {
  std::vector<std::string> campaigns;
  for (const auto& c : job->replay.campaigns) campaigns.push_back(c.id);
  WhatIfRouteContext context = ctx;
  auto failed = [respond](std::error_code ec) {
    respond(json_error(503, "store_unavailable", "the history could not be read: " + ec.message()));
  };
  ctx.history.read(
      TallyScope::group, {job->replay.group.id}, job->from_s, job->to_s,
      HistoryStore::Step::interval,
      [job, context, respond, campaigns, failed](std::error_code ec,
                                                 std::vector<HistoryStore::Series> series) mutable {
        if (ec) return failed(ec);
        for (const auto& row : series.at(0).rows)
          job->replay.intervals.push_back({row.start_s, row.fields, {}});
        if (campaigns.empty()) return submit(job, context, respond);
        context.history.read(
            TallyScope::campaign, campaigns, job->from_s, job->to_s, HistoryStore::Step::interval,
            [job, context, respond, failed](std::error_code ec2,
                                            std::vector<HistoryStore::Series> cs) mutable {
              if (ec2) return failed(ec2);
              for (const auto& s : cs) {
                for (std::size_t i = 0; i < s.rows.size() && i < job->replay.intervals.size(); ++i)
                  job->replay.intervals[i].campaigns[s.id] = s.rows[i].fields;
              }
              submit(job, context, respond);
            });
      });
}

// A whole number field within [lo, hi]; `out` unchanged when absent.
bool whole(const json::object& o, const char* key, std::int64_t lo, std::int64_t hi,
           std::int64_t& out, std::string& error) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return true;
  const double d = v->is_int64()    ? static_cast<double>(v->as_int64())
                   : v->is_uint64() ? static_cast<double>(v->as_uint64())
                   : v->is_double() ? v->as_double()
                                    : std::nan("");
  if (!(d == std::floor(d)) || d < static_cast<double>(lo) || d > static_cast<double>(hi)) {
    error = std::string(key) + ": must be a whole number from " + std::to_string(lo) + " to " +
            std::to_string(hi);
    return false;
  }
  out = static_cast<std::int64_t>(d);
  return true;
}

// The proposal in the body: live changes (as PUT would make them) and the replay's knobs.
std::variant<std::vector<config::LiveChange>, HttpResponse> proposal(const json::object& o,
                                                                     const std::string& group,
                                                                     Job& job) {
  for (const auto& kv : o) {
    const std::string key = kv.key();
    if (key != "idle" && key != "schedule" && key != "campaigns" && key != "agents_added" &&
        key != "replications" && key != "seed") {
      return invalid_query(key,
                           "is not a what-if field (idle, schedule, campaigns, "
                           "agents_added, replications, seed)");
    }
  }
  std::string error;
  std::int64_t reps = job.replications, seed = 1, added = 0;
  if (!whole(o, "replications", 1, kMostReplications, reps, error) ||
      !whole(o, "seed", 0, 1'000'000'000, seed, error) ||
      !whole(o, "agents_added", -10000, 10000, added, error)) {
    const auto colon = error.find(':');
    return invalid_query(error.substr(0, colon), error.substr(colon + 2));
  }
  job.replications = static_cast<int>(reps);
  job.replay.seed = static_cast<std::uint64_t>(seed);
  job.replay.agents_added = static_cast<double>(added);
  std::vector<config::LiveChange> changes;
  json::object group_change;
  if (const auto* idle = o.if_contains("idle")) group_change["idle"] = *idle;
  if (const auto* schedule = o.if_contains("schedule")) group_change["schedule"] = *schedule;
  if (!group_change.empty())
    changes.push_back({config::LiveSection::group, group, desk::json_text(group_change)});
  if (const auto* cs = o.if_contains("campaigns")) {
    if (!cs->is_object())
      return invalid_query("campaigns", "must be an object: campaign id -> its keys");
    for (const auto& kv : cs->as_object())
      changes.push_back(
          {config::LiveSection::campaign, std::string(kv.key()), desk::json_text(kv.value())});
  }
  return changes;
}

}  // namespace

bool what_if_route(const HttpRequest& r, const Caller& caller, WhatIfRouteContext& ctx,
                   const HttpResponder& respond) {
  const std::string path = r.target.substr(0, r.target.find('?'));
  const auto p = split_path(path);
  if (p.size() != 5 || p[0] != "api" || p[1] != "v1" || p[2] != "groups" || p[4] != "what-if")
    return false;
  if (r.method != "POST") {
    respond(json_error(405, "method_not_allowed", "a what-if is asked with POST"));
    return true;
  }
  // A replay costs seconds of a worker: supervisors ask, as they would make the change.
  if (auto refusal = need(caller, Role::supervisor); refusal.status != 0) {
    respond(refusal);
    return true;
  }
  if (ctx.config.group(p[3]) == nullptr) {
    respond(json_error(404, "not_found", "no group '" + p[3] + "'"));
    return true;
  }
  auto job = std::make_shared<Job>();
  job->zone = centre_zone(ctx.config);
  job->zone_name = job->zone.name();
  RangeError error;
  const std::int64_t now_s = ctx.centre.now_ms() / 1000;
  auto range =
      report_range(r.target, job->zone, now_s, ctx.config.redis.history_retention_days, error);
  if (!range) {
    respond(invalid_query(error.field, error.reason));
    return true;
  }
  if (range->to_s - range->from_s > kLongest) {
    respond(invalid_query("to", "a what-if replays at most 7 days"));
    return true;
  }
  job->from_s = range->from_s;
  job->to_s = std::min(range->to_s, now_s);
  if (job->to_s <= job->from_s) {
    respond(invalid_query("from", "the period must have begun: there is no history of it yet"));
    return true;
  }
  json::object body;
  if (!r.body.empty()) {
    auto parsed = body_object(r);
    if (auto* e = std::get_if<HttpResponse>(&parsed)) {
      respond(*e);
      return true;
    }
    body = std::get<json::object>(std::move(parsed));
  }
  auto changes = proposal(body, p[3], *job);
  if (auto* e = std::get_if<HttpResponse>(&changes)) {
    respond(*e);
    return true;
  }
  auto proposed = ctx.editor.preview(std::get<std::vector<config::LiveChange>>(changes));
  if (auto* refused = std::get_if<config::EditOutcome>(&proposed)) {
    respond(refused->status == 422 ? invalid_fields(refused->message, refused->errors)
                                   : json_error(refused->status, refused->code, refused->message));
    return true;
  }
  const auto& cfg = std::get<config::BlenddConfig>(proposed);
  const config::GroupConfig& g = *cfg.group(p[3]);
  job->within_s = g.sl_target.within_s;
  job->settings = group_json(g);
  job->replay.interval_s = ctx.config.redis.history_interval_s;
  job->replay.group = group_settings_from(g, job->zone);
  for (const auto& c : cfg.campaigns) {
    if (c.group != g.id) continue;
    job->replay.campaigns.push_back(campaign_settings_from(c));
    job->replay.ring_timeout_s[c.id] = c.ring_timeout_s;
  }
  read_and_submit(job, ctx, respond);
  return true;
}

}  // namespace blendd::daemon
