#include "daemon/api/report_routes.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <map>

#include "config/config_error.hpp"
#include "daemon/api/api_request.hpp"
#include "daemon/api/report_range.hpp"
#include "daemon/api/report_table.hpp"
#include "daemon/centre/call_centre.hpp"
#include "daemon/centre/core_settings_from_config.hpp"
#include "daemon/centre/history_store.hpp"
#include "policy/history_figures.hpp"

namespace blendd::daemon {

namespace json = boost::json;
using policy::field;
using policy::TallyFields;
using policy::TallyScope;

namespace {

// What a report needs besides its rows: the range in the centre's zone, the format.
struct Request {
  ReportRange range;
  policy::TimeZone zone;
  bool csv = false;
};

double per(double a, double b) {
  return b > 0 ? a / b : std::numeric_limits<double>::quiet_NaN();
}

HistoryStore::Step storage_step(const ReportRange& r, const HistoryStore& history) {
  // Whole local days are read from the day rollups: a month is 31 reads, not 2,976.
  const bool whole_days =
      history.day_start(r.from_s) == r.from_s && history.day_start(r.to_s) == r.to_s;
  if (r.step == ReportRange::Step::day || (r.step != ReportRange::Step::interval && whole_days))
    return HistoryStore::Step::day;
  // Likewise whole local hours from the hour rollups.
  const bool whole_hours =
      history.hour_start(r.from_s) == r.from_s && history.hour_start(r.to_s) == r.to_s;
  return r.step != ReportRange::Step::interval && whole_hours ? HistoryStore::Step::hour
                                                              : HistoryStore::Step::interval;
}

TallyFields summed(const HistoryStore::Series& s) {
  TallyFields total;
  for (const auto& row : s.rows) policy::add_fields(total, row.fields);
  return total;
}

void answer(const HttpResponder& respond, const Request& q, json::object head,
            const ReportTable& table, std::optional<json::value> extra = std::nullopt) {
  if (q.csv) return respond({200, "text/csv; charset=utf-8", table.csv()});
  head["zone"] = q.zone.name();
  head["from"] = local_text(q.zone, q.range.from_s);
  head["to"] = local_text(q.zone, q.range.to_s);
  head["step"] = to_string(q.range.step);
  head["rows"] = table.json();
  if (extra) head["detail"] = std::move(*extra);
  respond(ok_json(head));
}

void store_failed(const HttpResponder& respond, std::error_code ec) {
  respond(json_error(503, "store_unavailable", "the history could not be read: " + ec.message()));
}

// ---- intervals --------------------------------------------------------------------------

const std::vector<std::string> kIntervalColumns = {
    "start",           "offered",        "answered",
    "abandoned",       "overflowed",     "service_level",
    "asa_s",           "abandon_rate",   "dials",
    "live_answers",    "connects",       "connects_per_hour",
    "answer_rate",     "ring_mean_s",    "outbound_abandons",
    "aht_in_s",        "aht_in_sd_s",    "aht_out_s",
    "aht_out_sd_s",    "occupancy",      "idle_level",
    "start_threshold", "stop_threshold", "gate_open_share",
    "logged_in_s",     "idle_s",         "on_call_s",
    "wrap_up_s",       "not_ready_s"};

std::vector<ReportTable::Cell> interval_row(std::string start, const TallyFields& f,
                                            double within_s, double seconds) {
  const auto g = policy::group_figure_set(f, within_s, seconds);
  return {std::move(start),  g.offered,        g.answered,
          g.abandoned,       g.overflowed,     g.service_level,
          g.asa_s,           g.abandon_rate,   g.dials,
          g.live_answers,    g.connects,       g.connects_per_hour,
          g.answer_rate,     g.ring_mean_s,    g.outbound_abandons,
          g.aht_in_s,        g.aht_in_sd_s,    g.aht_out_s,
          g.aht_out_sd_s,    g.occupancy,      g.idle_level,
          g.start_threshold, g.stop_threshold, g.gate_open_share,
          g.logged_in_s,     g.idle_s,         g.on_call_s,
          g.wrap_up_s,       g.not_ready_s};
}

void intervals(const HttpRequest& r, const Request& q, ReportRouteContext& ctx,
               const HttpResponder& respond) {
  const std::string group = query_value(r.target, "group");
  const auto* g = ctx.config.group(group);
  if (g == nullptr) {
    return respond(group.empty() ? invalid_query("group", "is required")
                                 : json_error(404, "not_found", "no group '" + group + "'"));
  }
  const double within = g->sl_target.within_s;
  json::object head{{"group", group},
                    {"sl_target", json::object{{"share", g->sl_target.share},
                                               {"within_s", g->sl_target.within_s}}}};
  const auto step = q.range.step == ReportRange::Step::day    ? HistoryStore::Step::day
                    : q.range.step == ReportRange::Step::hour ? HistoryStore::Step::hour
                                                              : HistoryStore::Step::interval;
  ctx.history.read(
      TallyScope::group, {group}, q.range.from_s, q.range.to_s, step,
      [respond, q, head = std::move(head), within,
       interval_s = static_cast<double>(ctx.config.redis.history_interval_s)](
          std::error_code ec, std::vector<HistoryStore::Series> series) mutable {
        if (ec) return store_failed(respond, ec);
        // Rows of the step: intervals, local hours and local days as stored (a day is 23 or 25
        // hours on a change of clocks).
        std::map<std::int64_t, std::pair<TallyFields, double>> rows;
        const auto& stored = series.at(0).rows;
        for (std::size_t i = 0; i < stored.size(); ++i) {
          const auto& row = stored[i];
          std::int64_t start = row.start_s;
          double span = interval_s;
          if (q.range.step == ReportRange::Step::hour) {
            span = 3600;
          } else if (q.range.step == ReportRange::Step::day) {
            const std::int64_t next = i + 1 < stored.size() ? stored[i + 1].start_s : q.range.to_s;
            span = static_cast<double>(next - start);
          }
          auto& [fields, seconds] = rows[start];
          policy::add_fields(fields, row.fields);
          seconds += span;
        }
        ReportTable table(kIntervalColumns);
        TallyFields total;
        double total_s = 0;
        for (const auto& [start, row] : rows) {
          table.add(interval_row(local_text(q.zone, start), row.first, within, row.second));
          policy::add_fields(total, row.first);
          total_s += row.second;
        }
        ReportTable sum(kIntervalColumns);
        sum.add(interval_row("total", total, within, total_s));
        if (q.csv) {
          table.add(interval_row("total", total, within, total_s));
          return answer(respond, q, {}, table);
        }
        head["total"] = sum.json().as_array().at(0);
        answer(respond, q, std::move(head), table);
      });
}

}  // namespace

namespace {

// ---- agents -----------------------------------------------------------------------------

void agents(const HttpRequest& r, const Request& q, ReportRouteContext& ctx,
            const HttpResponder& respond) {
  const std::string group = query_value(r.target, "group");
  if (!group.empty() && ctx.config.group(group) == nullptr)
    return respond(json_error(404, "not_found", "no group '" + group + "'"));
  std::map<std::string, std::string> group_of;
  for (const auto& g : ctx.config.groups) {
    if (!group.empty() && g.id != group) continue;
    for (const auto& a : g.agents) group_of[a.id] = g.id;
  }
  std::vector<std::string> ids;
  for (const auto& [id, g] : group_of) ids.push_back(id);
  ctx.history.read(
      TallyScope::agent, ids, q.range.from_s, q.range.to_s, storage_step(q.range, ctx.history),
      [respond, q, group, group_of](std::error_code ec, std::vector<HistoryStore::Series> series) {
        if (ec) return store_failed(respond, ec);
        ReportTable table({"agent", "group", "in_calls", "out_calls", "talk_in_s", "talk_out_s",
                           "wrap_up_s", "idle_s", "not_ready_s", "logged_in_s", "occupancy",
                           "missed", "results", "sales", "success_rate", "points"});
        for (const auto& s : series) {
          const TallyFields f = summed(s);
          const auto g = policy::group_figure_set(f, 20, 1);
          table.add({s.id, group_of.at(s.id), field(f, "in_calls"), field(f, "out_calls"),
                     field(f, "in_talk_s"), field(f, "out_talk_s"), g.wrap_up_s, g.idle_s,
                     g.not_ready_s, g.logged_in_s, g.occupancy, field(f, "missed"),
                     field(f, "results"), field(f, "sales"),
                     per(field(f, "sales"), field(f, "results")), field(f, "points")});
          // Not-ready time by reason and sales by product: a column each that occurs.
          for (const auto& [name, value] : f) {
            if (name.rfind("nr_", 0) == 0 || name.rfind("sold_", 0) == 0)
              table.set(table.size() - 1, table.column(name), value);
          }
        }
        answer(respond, q, json::object{{"group", group}}, table);
      });
}

// ---- campaigns --------------------------------------------------------------------------

void campaigns(const Request& q, ReportRouteContext& ctx, const HttpResponder& respond) {
  std::vector<std::string> ids;
  for (const auto& c : ctx.config.campaigns) ids.push_back(c.id);
  // The live figures the cap is held to, now (rolling 24 h and 30 days).
  std::map<std::string, std::pair<double, double>> rolling;
  const auto& core = ctx.centre.core();
  for (int c = 0; c < core.campaign_count(); ++c) {
    rolling[core.campaign_id(c)] = {core.abandon_rate_24h(c, ctx.centre.now()),
                                    core.abandon_rate_30d(c, ctx.centre.now())};
  }
  std::map<std::string, std::pair<std::string, double>> settings;  // group, cap
  for (const auto& c : ctx.config.campaigns) settings[c.id] = {c.group, c.abandon_cap};
  ctx.history.read(
      TallyScope::campaign, ids, q.range.from_s, q.range.to_s, HistoryStore::Step::day,
      [respond, q, rolling, settings](std::error_code ec,
                                      std::vector<HistoryStore::Series> series) {
        if (ec) return store_failed(respond, ec);
        ReportTable table({"campaign", "group", "dials", "answers", "answer_rate", "connects",
                           "abandons", "abandon_rate", "abandon_cap", "abandon_rate_24h",
                           "abandon_rate_30d", "talks", "talk_mean_s", "results", "sales",
                           "success_rate"});
        json::object days;
        for (const auto& s : series) {
          const TallyFields f = summed(s);
          const auto live = rolling.count(s.id) ? rolling.at(s.id) : std::pair<double, double>{};
          const auto& [group, cap] = settings.at(s.id);
          table.add({s.id, group, field(f, "dials"), field(f, "answers"),
                     per(field(f, "answers"), field(f, "dials")), field(f, "connects"),
                     field(f, "abandons"), per(field(f, "abandons"), field(f, "answers")), cap,
                     live.first, live.second, field(f, "talks"),
                     per(field(f, "talk_s"), field(f, "talks")), field(f, "results"),
                     field(f, "sales"), per(field(f, "sales"), field(f, "results"))});
          for (const auto& [name, value] : f) {
            if (name.rfind("disp_", 0) == 0) table.set(table.size() - 1, table.column(name), value);
          }
          // The abandon rate day by day against the cap.
          ReportTable by_day({"day", "dials", "answers", "abandons", "abandon_rate"});
          for (const auto& row : s.rows) {
            const auto& d = row.fields;
            by_day.add({local_text(q.zone, row.start_s).substr(0, 10), field(d, "dials"),
                        field(d, "answers"), field(d, "abandons"),
                        per(field(d, "abandons"), field(d, "answers"))});
          }
          days[s.id] = by_day.json();
        }
        answer(respond, q, {}, table, json::value(std::move(days)));
      });
}

// ---- products ---------------------------------------------------------------------------

void products(const Request& q, ReportRouteContext& ctx, const HttpResponder& respond) {
  std::vector<std::string> ids;
  std::map<std::string, std::string> names;
  for (const auto& p : ctx.config.catalogue.products) {
    ids.push_back(p.id);
    names[p.id] = p.name;
  }
  ctx.history.read(
      TallyScope::product, ids, q.range.from_s, q.range.to_s, storage_step(q.range, ctx.history),
      [respond, q, names](std::error_code ec, std::vector<HistoryStore::Series> series) {
        if (ec) return store_failed(respond, ec);
        // Which products stand out is judged against all of them together.
        std::vector<TallyFields> each;
        TallyFields all;
        for (const auto& s : series) {
          each.push_back(summed(s));
          policy::add_fields(all, each.back());
        }
        const double overall_success = per(field(all, "sold"), field(all, "results"));
        const double overall_talk = per(field(all, "talk_s"), field(all, "talks"));
        ReportTable table({"product", "name", "recommended", "results", "sold", "success_rate",
                           "talks", "talk_mean_s", "points", "stands_out"});
        for (std::size_t i = 0; i < series.size(); ++i) {
          const auto& f = each[i];
          const double success = per(field(f, "sold"), field(f, "results"));
          const double talk = per(field(f, "talk_s"), field(f, "talks"));
          std::string flag;
          // Enough calls to judge: a low success rate is half the centre's or less, a long
          // talk one and a half times its mean or more (docs/decisions.md).
          if (field(f, "results") >= 10 && success <= 0.5 * overall_success) flag = "low_success";
          if (field(f, "talks") >= 10 && talk >= 1.5 * overall_talk)
            flag += flag.empty() ? "long_talk" : " long_talk";
          table.add({series[i].id, names.at(series[i].id), field(f, "recommended"),
                     field(f, "results"), field(f, "sold"), success, field(f, "talks"), talk,
                     field(f, "points"), flag});
        }
        answer(respond, q,
               json::object{
                   {"success_rate", std::isfinite(overall_success) ? json::value(overall_success)
                                                                   : json::value(nullptr)},
                   {"talk_mean_s", std::isfinite(overall_talk) ? json::value(overall_talk)
                                                               : json::value(nullptr)}},
               table);
      });
}

}  // namespace

bool report_route(const HttpRequest& r, const Caller& caller, ReportRouteContext& ctx,
                  const HttpResponder& respond) {
  (void)caller;  // every role may read reports
  const std::string path = r.target.substr(0, r.target.find('?'));
  const auto p = split_path(path);
  if (p.size() != 4 || p[0] != "api" || p[1] != "v1" || p[2] != "reports") return false;
  const std::string kind = p[3];
  if (kind != "intervals" && kind != "agents" && kind != "campaigns" && kind != "products")
    return false;
  if (r.method != "GET") {
    respond(json_error(405, "method_not_allowed", "reports are read with GET"));
    return true;
  }
  Request q;
  q.zone = centre_zone(ctx.config);
  const std::string format = query_value(r.target, "format");
  if (!format.empty() && format != "json" && format != "csv") {
    respond(invalid_query("format", "must be json or csv, not '" + format + "'"));
    return true;
  }
  q.csv = format == "csv";
  RangeError error;
  const auto now_s = ctx.centre.now_ms() / 1000;
  auto range =
      report_range(r.target, q.zone, now_s, ctx.config.redis.history_retention_days, error);
  if (!range) {
    respond(invalid_query(error.field, error.reason));
    return true;
  }
  q.range = *range;
  if (kind == "intervals") intervals(r, q, ctx, respond);
  if (kind == "agents") agents(r, q, ctx, respond);
  if (kind == "campaigns") campaigns(q, ctx, respond);
  if (kind == "products") products(q, ctx, respond);
  return true;
}

}  // namespace blendd::daemon
