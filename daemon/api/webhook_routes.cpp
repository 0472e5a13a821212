#include "daemon/api/webhook_routes.hpp"

#include <boost/json.hpp>
#include <cstdlib>

#include "daemon/api/api_request.hpp"
#include "daemon/integrations/webhook_set.hpp"

namespace blendd::daemon {

namespace json = boost::json;

namespace {

json::object status_json(const WebhookStatus& s) {
  return json::object{{"id", s.id},
                      {"url", s.url},
                      {"state", s.state},
                      {"cursor", s.cursor},
                      {"delivered", s.delivered},
                      {"failed_attempts", s.failed_attempts},
                      {"dead_lettered", s.dead_lettered},
                      {"replayed", s.replayed},
                      {"gaps", s.gaps},
                      {"backlog_ms", s.backlog_ms},
                      {"attempt", s.attempt},
                      {"next_attempt_at_ms", s.next_attempt_at_ms},
                      {"last_status", s.last_status},
                      {"last_error", s.last_error},
                      {"last_delivered_at_ms", s.last_delivered_at_ms},
                      {"delivery_p50_ms", s.delivery_p50_ms},
                      {"delivery_p99_ms", s.delivery_p99_ms}};
}

HttpResponse unavailable(const std::error_code& ec) {
  return json_error(503, "store_unavailable", "Redis did not answer: " + ec.message());
}

}  // namespace

bool webhook_route(const HttpRequest& r, const Caller& caller, WebhookSet& webhooks,
                   const HttpResponder& respond) {
  const std::string path = r.target.substr(0, r.target.find('?'));
  const auto p = split_path(path);  // api, v1, webhooks, {w}, dead-letters, replay
  if (p.size() < 3 || p[2] != "webhooks") return false;
  if (p.size() == 3 && r.method == "GET") {
    if (auto refusal = need(caller, Role::supervisor); refusal.status != 0) {
      respond(refusal);
      return true;
    }
    json::array out;
    for (const auto& s : webhooks.status()) out.push_back(status_json(s));
    respond(ok_json(json::object{{"webhooks", std::move(out)}}));
    return true;
  }
  if (p.size() < 5 || p[4] != "dead-letters") return false;
  const std::string& id = p[3];
  const bool list = p.size() == 5 && r.method == "GET";
  const bool replay = p.size() == 6 && p[5] == "replay" && r.method == "POST";
  if (!list && !replay) return false;
  if (auto refusal = need(caller, replay ? Role::admin : Role::supervisor); refusal.status != 0) {
    respond(refusal);
    return true;
  }
  if (!webhooks.has(id)) {
    respond(json_error(404, "not_found", "no webhook '" + id + "' is configured"));
    return true;
  }
  if (list) {
    int limit = 100;
    if (const std::string q = query_value(r.target, "limit"); !q.empty()) {
      char* end = nullptr;
      const long v = std::strtol(q.c_str(), &end, 10);
      if (*end != '\0' || v < 1 || v > 1000) {
        respond(invalid_query("limit", "must be a whole number 1-1000 (got '" + q + "')"));
        return true;
      }
      limit = static_cast<int>(v);
    }
    webhooks.dead_letters(id, limit, [respond, id](std::error_code ec, std::string items) {
      if (ec) return respond(unavailable(ec));
      respond(HttpResponse{200, "application/json",
                           R"({"webhook":")" + id + R"(","dead_letters":)" + items + "}"});
    });
    return true;
  }
  std::vector<std::string> ids;
  if (!r.body.empty()) {
    auto body = body_object(r);
    if (auto* refusal = std::get_if<HttpResponse>(&body)) {
      respond(*refusal);
      return true;
    }
    for (const auto& [k, v] : std::get<json::object>(body)) {
      if (k != "ids" && k != "reason") {
        respond(json_error(422, "invalid", "'" + std::string(k) + "': not a replay field (ids)"));
        return true;
      }
      if (k == "reason") continue;
      if (!v.is_array()) {
        respond(json_error(422, "invalid", "'ids' must be a list of event ids"));
        return true;
      }
      for (const auto& x : v.as_array()) {
        if (!x.is_string() || x.as_string().empty() || x.as_string().size() > 40) {
          respond(json_error(422, "invalid", "'ids' must hold event ids (strings like 1733-0)"));
          return true;
        }
        ids.emplace_back(x.as_string());
      }
      if (ids.empty()) {
        respond(json_error(422, "invalid", "'ids' is empty: leave it out to replay every one"));
        return true;
      }
    }
  }
  webhooks.replay(id, ids, [respond, id](std::error_code ec, long moved) {
    if (ec) return respond(unavailable(ec));
    HttpResponse res = ok_json(json::object{{"webhook", id}, {"replayed", moved}});
    res.status = 202;
    respond(res);
  });
  return true;
}

}  // namespace blendd::daemon
