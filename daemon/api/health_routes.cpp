#include "daemon/api/health_routes.hpp"
#include "desk/json_text.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "blendd_version.hpp"

namespace blendd::daemon {

HttpResponse health_route(const HttpRequest& request, const HealthSnapshot& h) {
  const std::string path = request.target.substr(0, request.target.find('?'));
  if (path != "/healthz" && path != "/version") return HttpResponse{0, "", ""};
  if (request.method != "GET" && request.method != "HEAD") {
    return json_error(405, "method_not_allowed", "use GET");
  }
  if (path == "/version") {
    boost::json::value v = {{"name", "blendd"}, {"version", kVersion}};
    return HttpResponse{200, "application/json", desk::json_text(v)};
  }
  // A node that does not know its role yet (no lease answer since its start) is not up: it
  // neither dials nor takes writes until it knows whether it is the active one.
  const bool role_known = h.role == "active" || !h.active_node.empty();
  const bool healthy = h.redis_connected && h.sip_running && !h.stopping && role_known &&
                       (!h.media.relay || h.media.up);
  boost::json::value v = {
      {"status", h.stopping ? "stopping" : (healthy ? "ok" : "degraded")},
      {"version", kVersion},
      {"uptime_s", static_cast<std::int64_t>(h.uptime_s)},
      {"config_generation", h.config_generation},
      {"redis",
       {{"connected", h.redis_connected},
        {"embedded", h.redis_embedded},
        {"endpoint", h.redis_endpoint},
        {"reconnects", h.redis_reconnects},
        {"dropped_unanswering", h.redis_dropped_unanswering}}},
      {"sip",
       {{"state", h.sip_running ? "running" : "down"},
        {"error", h.sip_error},
        {"live_handles", h.sip_live_handles}}},
      {"media",
       {{"mode", h.media.relay ? "relay" : "direct"},
        {"up", h.media.up},
        {"embedded", h.media.embedded},
        {"rtpengine", h.media.address},
        {"ping_ms", h.media.ping_ms},
        {"pings_missed", h.media.pings_missed},
        {"inbound_refused", h.media_refused}}},
      {"calls", {{"active", h.calls_active}, {"desktops", h.desktops}}},
      {"node",
       {{"name", h.node},
        {"url", h.url},
        {"role", h.role},
        {"active_node", h.active_node},
        {"active_url", h.active_url},
        {"epoch", h.epoch}}},
  };
  // What a start-up still has to read back; dialling waits for it.
  boost::json::array pending;
  for (const auto& p : h.restore_pending) pending.emplace_back(p);
  v.as_object()["restore"] = {{"done", h.restore_pending.empty()},
                              {"pending", std::move(pending)},
                              {"state_unwritten", h.state_unwritten}};
  // "/healthz?role=active": 503 on a standby too, for a load balancer that should send desks and
  // API clients to the active node only.
  const bool want_active = request.target.find("role=active") != std::string::npos;
  const bool up = healthy && (!want_active || h.role == "active");
  return HttpResponse{up ? 200 : 503, "application/json", desk::json_text(v)};
}

}  // namespace blendd::daemon

namespace blendd::daemon {

HttpResponse standby_refusal(const HttpRequest& request, const NodeRoleView& node) {
  if (request.method == "GET" || request.method == "HEAD") return {0, "", ""};
  if (node.role == policy::NodeRole::active) return {0, "", ""};
  boost::json::value body = {
      {"error",
       {{"code", "standby"},
        {"message",
         node.active_url.empty()
             ? "this node is a standby and the active node is not known yet"
             : "this node is a standby; send writes to the active node " + node.active_url}}},
      {"node", node.node},
      {"active_node", node.active_node},
      {"active_url", node.active_url}};
  HttpResponse r{503, "application/json", desk::json_text(body)};
  r.headers.emplace_back("Retry-After", "1");
  if (!node.active_url.empty()) r.headers.emplace_back("X-Blendd-Active", node.active_url);
  return r;
}

}  // namespace blendd::daemon
