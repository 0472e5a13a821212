#include "daemon/api/target_routes.hpp"
#include "desk/json_text.hpp"

#include <boost/json.hpp>
#include <sstream>

#include "daemon/api/api_request.hpp"
#include "daemon/centre/import_options.hpp"
#include "daemon/centre/target_feed.hpp"
#include "queue/import/phone_number.hpp"
#include "queue/import/target_importer.hpp"
#include "queue/results_export.hpp"
#include "queue/target_store.hpp"

namespace blendd::daemon {

namespace json = boost::json;

namespace {

std::vector<std::string> parts_of(const std::string& path) {
  std::vector<std::string> parts;
  std::istringstream in(path);
  for (std::string part; std::getline(in, part, '/');)
    if (!part.empty()) parts.push_back(part);
  return parts;
}

HttpResponse json_ok(const json::value& v, int status = 200) {
  return {status, "application/json", desk::json_text(v)};
}

bool allowed(const Caller& caller, Role role, const HttpResponder& respond) {
  if (role_allows(caller.role, role)) return true;
  respond(json_error(403, "forbidden",
                     std::string("this needs the ") + to_string(role) + " role; token '" +
                         caller.name + "' has role " + to_string(caller.role)));
  return false;
}

json::value report_json(const queue::ImportReport& r) {
  json::array problems;
  for (const auto& p : r.problems)
    problems.push_back(json::object{{"line", p.line}, {"reason", p.reason}});
  return json::object{{"rows", r.rows},
                      {"imported", r.imported},
                      {"bad", r.bad},
                      {"duplicates_in_file", r.duplicates_in_file},
                      {"duplicates_in_campaign", r.duplicates_in_campaign},
                      {"never_dialable", r.never_dialable},
                      {"committed", r.committed},
                      {"fatal", r.fatal},
                      {"problems", std::move(problems)}};
}

void upload(const HttpRequest& r, const config::CampaignConfig& c, TargetRouteContext& ctx,
            const HttpResponder& respond) {
  queue::ImportOptions o = import_options_for(
      c, ctx.config, ctx.feed,
      "api" +
          std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000007),
      ctx.now_ms());
  o.strict = query_value(r.target, "strict") == "1";
  auto body = std::make_shared<const std::string>(r.body);
  auto importer = std::make_shared<queue::TargetImporter>(
      ctx.store, o, [body] { return std::make_unique<std::istringstream>(*body); });
  // No self-capture: its Redis replies keep it alive, and a stop mid-import must not leak it.
  importer->start([respond](const queue::ImportReport& report) {
    const bool refused = !report.fatal.empty() || (!report.committed && report.rows > 0);
    respond(json_ok(report_json(report), refused ? 422 : 200));
  });
}

void dnc(const HttpRequest& r, const std::vector<std::string>& p, const Caller& caller,
         TargetRouteContext& ctx, const HttpResponder& respond) {
  if (r.method != "GET" && !allowed(caller, Role::supervisor, respond)) return;
  std::string raw = p.size() == 4 ? p[3] : std::string();
  json::object body;
  if (r.method == "POST") {
    json::error_code ec;
    auto v = json::parse(r.body, ec);
    if (ec || !v.is_object())
      return respond(json_error(400, "bad_json", "body must be a JSON object"));
    body = v.as_object();
    if (const auto* n = body.if_contains("number"); n != nullptr && n->is_string())
      raw = std::string(n->as_string());
  }
  std::string campaign = query_value(r.target, "campaign");
  if (const auto* c = body.if_contains("campaign"); c != nullptr && c->is_string())
    campaign = std::string(c->as_string());
  if (!campaign.empty() && ctx.config.campaign(campaign) == nullptr) {
    return respond(json_error(404, "not_found", "no campaign '" + campaign + "'"));
  }
  const auto* c = ctx.config.campaign(campaign);
  auto n = queue::normalise_number(raw, c != nullptr ? c->default_country : "49");
  if (n.e164.empty()) return respond(json_error(422, "invalid", "'" + raw + "': " + n.reason));
  const std::string number = n.e164;
  if (r.method == "GET") {
    return ctx.store.dnc_check(
        campaign, number, [respond, number](std::error_code ec, bool listed) {
          if (ec) return respond(json_error(503, "store_unavailable", ec.message()));
          respond(json_ok(json::object{{"number", number}, {"listed", listed}}));
        });
  }
  auto done = [respond, number, campaign, listed = r.method == "POST",
               added = ctx.dnc_added](std::error_code ec) {
    if (ec) return respond(json_error(503, "store_unavailable", ec.message()));
    if (listed && added) added(campaign, number);
    respond(json_ok(json::object{{"number", number}, {"listed", listed}}));
  };
  if (r.method == "POST") return ctx.store.dnc_add(campaign, number, done);
  ctx.store.dnc_remove(campaign, number, done);
}

void lead(const HttpRequest& r, const Caller& caller, const config::CampaignConfig& c,
          TargetRouteContext& ctx, const HttpResponder& respond) {
  // A system's token (a web form's back end, an SMS gateway) adds at most so many a minute.
  if (caller.role == Role::intake && ctx.intake_limiter != nullptr) {
    if (const int wait = ctx.intake_limiter->take(caller.name, ctx.now_ms()); wait > 0) {
      HttpResponse slow =
          json_error(429, "too_many_requests",
                     "token '" + caller.name + "' adds at most " +
                         std::to_string(ctx.config.http.intake_per_minute) +
                         " leads a minute; retry in " + std::to_string(wait) + " s");
      slow.headers.emplace_back("Retry-After", std::to_string(wait));
      return respond(slow);
    }
  }
  json::error_code ec;
  auto v = json::parse(r.body, ec);
  if (ec || !v.is_object())
    return respond(json_error(400, "bad_json", "body must be a JSON object"));
  const auto& o = v.as_object();
  for (const auto& [k, value] : o) {
    const bool known = k == "number" || k == "name" || k == "zone" || k == "product" ||
                       k == "priority" || k == "external_id";
    if (!known) {
      return respond(json_error(422, "invalid",
                                "'" + std::string(k) +
                                    "': not a lead field (number, name, zone, product, priority, "
                                    "external_id)"));
    }
    if (k != "priority" && !value.is_string())
      return respond(json_error(422, "invalid", "'" + std::string(k) + "' must be a string"));
  }
  auto text = [&o](const char* k) {
    const auto* x = o.if_contains(k);
    return x != nullptr && x->is_string() ? std::string(x->as_string()) : std::string();
  };
  const std::string external_id = text("external_id");
  if (o.contains("external_id") && (external_id.empty() || external_id.size() > 128))
    return respond(json_error(422, "invalid", "'external_id' is 1-128 characters"));
  if (text("name").size() > 200)
    return respond(json_error(422, "invalid", "'name' is at most 200 characters"));
  // Checked like an imported row: E.164, blocked ranges, the zone, the product.
  const TargetCheck check =
      check_target(c, ctx.config, ctx.feed, text("number"), text("zone"), text("product"));
  if (!check.field.empty())
    return respond(json_error(422, "invalid", "'" + check.field + "': " + check.reason));
  queue::StoredTarget t;
  t.number = check.e164;
  t.name = text("name");
  t.zone = check.zone;
  t.product = text("product");
  t.import_tag = "lead";
  std::int64_t priority = 1;
  if (const auto* p = o.if_contains("priority"); p != nullptr) {
    // Checked as the JSON number it is: 2^32 + 1 must not wrap to a valid 1.
    if (!p->is_int64()) return respond(json_error(422, "invalid", "'priority' is 1..9"));
    priority = p->as_int64();
  }
  if (priority < 1 || priority > 9)
    return respond(json_error(422, "invalid", "'priority' is 1..9"));
  const auto now_ms = ctx.now_ms();
  auto add = [&store = ctx.store, id = c.id, t, priority, now_ms, respond, external_id]() {
    store.add_lead(id, t, static_cast<int>(priority), now_ms,
                   [respond, number = t.number, external_id](std::error_code ec2, bool added) {
                     if (ec2) return respond(json_error(503, "store_unavailable", ec2.message()));
                     json::object out{{"number", number}, {"added", added}};
                     if (!external_id.empty()) out["external_id"] = external_id;
                     respond(json_ok(out, added ? 201 : 200));
                   });
  };
  if (external_id.empty()) return add();
  // Idempotent by the sender's own id: a retry of a lead already taken adds nothing.
  ctx.store.claim_external_id(
      c.id, external_id, t.number,
      [respond, add, external_id](std::error_code ec2, std::string first) {
        if (ec2) return respond(json_error(503, "store_unavailable", ec2.message()));
        if (first.empty()) return add();
        respond(json_ok(json::object{{"number", first},
                                     {"added", false},
                                     {"external_id", external_id},
                                     {"duplicate", true}},
                        200));
      });
}

// `list` is a campaign's id, or "inbound-<group>" for the results of a group's inbound calls.
// GET /api/v1/campaigns/{c}/targets/{number}: the target's state and why it is not dialled now.
void target_status(const config::CampaignConfig& c, const std::string& raw, TargetRouteContext& ctx,
                   const HttpResponder& respond) {
  auto n = queue::normalise_number(raw, c.default_country);
  if (n.e164.empty()) return respond(json_error(422, "invalid", "'" + raw + "': " + n.reason));
  const HeldHere held = ctx.held ? ctx.held(c.id, n.e164) : HeldHere::no;
  TargetFeed& feed = ctx.feed;
  const auto window = feed.window(c.id);
  ctx.store.inspect(
      c.id, n.e164,
      [respond, held, window, &feed, now = ctx.now_ms, number = n.e164, id = c.id,
       max = c.max_attempts](std::error_code ec, queue::TargetStore::TargetState s) {
        if (ec) return respond(json_error(503, "store_unavailable", ec.message()));
        if (!s.target)
          return respond(json_error(404, "not_found", number + " is not a target of " + id));
        const auto now_ms = now();
        const auto why = explain_target(s, held, window, feed.zones(s.target->zone), max, now_ms);
        json::object out{{"number", number},
                         {"campaign", id},
                         {"attempts", s.target->attempts},
                         {"max_attempts", max},
                         {"last_outcome", s.target->last_outcome},
                         {"last_at_ms", s.target->last_ms},
                         {"zone", s.target->zone},
                         {"dialable_now", why.reason == "due"},
                         {"reason", why.reason},
                         {"detail", why.detail}};
        out["due_at_ms"] = s.due_ms ? json::value(*s.due_ms) : json::value(nullptr);
        out["until_ms"] = why.until_ms ? json::value(*why.until_ms) : json::value(nullptr);
        respond(json_ok(out));
      });
}

void results(const HttpRequest& r, const std::string& list, TargetRouteContext& ctx,
             const HttpResponder& respond) {
  const bool csv = query_value(r.target, "format") == "csv";
  ctx.store.results(list, [respond, csv](std::error_code ec,
                                         std::vector<std::map<std::string, std::string>> rows) {
    if (ec) return respond(json_error(503, "store_unavailable", ec.message()));
    if (csv)
      return respond(HttpResponse{200, "text/csv; charset=utf-8", queue::results_to_csv(rows)});
    respond(HttpResponse{200, "application/json", queue::results_to_json(rows)});
  });
}

}  // namespace

// GET /api/v1/campaigns/{c}/penetration: the list's counts and its targets by attempts made,
// read in steps of 2,000 (each one short: Redis keeps serving calls between them).
void penetration(const config::CampaignConfig& c, TargetRouteContext& ctx,
                 const HttpResponder& respond) {
  struct Count {
    queue::TargetStore::Penetration first;
    std::map<long long, long long> by_attempts;
    int steps = 0;
  };
  auto count = std::make_shared<Count>();
  auto step = std::make_shared<std::function<void(const std::string&)>>();
  queue::TargetStore* store = &ctx.store;
  const std::int64_t now_ms = ctx.now_ms();
  const std::string id = c.id;
  const int max_attempts = c.max_attempts;
  // The step holds itself only through the weak pointer: the chain ends with its last reply.
  std::weak_ptr<std::function<void(const std::string&)>> self = step;
  *step = [count, store, now_ms, id, max_attempts, respond, self](const std::string& cursor) {
    auto keep = self.lock();
    store->penetration_step(
        id, now_ms, cursor,
        [count, id, max_attempts, respond, keep](
            std::error_code ec, queue::TargetStore::Penetration p, const std::string& next) {
          if (ec) return respond(json_error(503, "store_unavailable", ec.message()));
          if (count->steps++ == 0) count->first = p;
          for (const auto& [n, targets] : p.by_attempts) count->by_attempts[n] += targets;
          if (next != "0" && count->steps < 100000) return (*keep)(next);
          const auto& f = count->first;
          json::array by;
          for (const auto& [n, targets] : count->by_attempts)
            by.push_back(json::object{{"attempts", n}, {"targets", targets}});
          respond(json_ok(json::object{{"campaign", id},
                                       {"targets", f.targets},
                                       {"due_now", f.due_now},
                                       {"due_later", f.due_later},
                                       {"never", f.never},
                                       {"in_review", f.review},
                                       {"dialling", f.dialling},
                                       {"dnc_listed", f.dnc_listed},
                                       {"max_attempts", max_attempts},
                                       {"by_attempts", std::move(by)}}));
        });
  };
  (*step)("0");
}

bool target_route(const HttpRequest& r, const Caller& caller, TargetRouteContext& ctx,
                  const HttpResponder& respond) {
  const auto p = parts_of(r.target.substr(0, r.target.find('?')));
  if (p.size() < 3 || p[0] != "api" || p[1] != "v1") return false;
  if (p[2] == "dnc" && (p.size() == 3 || p.size() == 4)) {
    dnc(r, p, caller, ctx, respond);
    return true;
  }
  if (p.size() == 5 && p[2] == "groups" && p[4] == "results" && r.method == "GET") {
    if (ctx.config.group(p[3]) == nullptr) {
      respond(json_error(404, "not_found", "no group '" + p[3] + "'"));
    } else {
      results(r, "inbound-" + p[3], ctx, respond);
    }
    return true;
  }
  if (p.size() == 6 && p[2] == "campaigns" && p[4] == "targets" && r.method == "GET") {
    const config::CampaignConfig* c = ctx.config.campaign(p[3]);
    if (c == nullptr) {
      respond(json_error(404, "not_found", "no campaign '" + p[3] + "'"));
    } else {
      target_status(*c, p[5], ctx, respond);
    }
    return true;
  }
  if (p.size() != 5 || p[2] != "campaigns") return false;
  const std::string& what = p[4];
  if (what == "penetration" && r.method == "GET") {
    const config::CampaignConfig* c = ctx.config.campaign(p[3]);
    if (c == nullptr) {
      respond(json_error(404, "not_found", "no campaign '" + p[3] + "'"));
    } else {
      penetration(*c, ctx, respond);
    }
    return true;
  }
  const bool known = (what == "targets" && r.method == "POST") ||
                     (what == "leads" && r.method == "POST") ||
                     (what == "results" && r.method == "GET");
  if (!known) return false;
  const config::CampaignConfig* c = ctx.config.campaign(p[3]);
  if (c == nullptr) {
    respond(json_error(404, "not_found", "no campaign '" + p[3] + "'"));
    return true;
  }
  if (what == "results") {
    results(r, c->id, ctx, respond);
  } else if (what == "leads") {
    if (allowed(caller, Role::intake, respond)) lead(r, caller, *c, ctx, respond);
  } else if (allowed(caller, Role::supervisor, respond)) {
    upload(r, *c, ctx, respond);
  }
  return true;
}

}  // namespace blendd::daemon
