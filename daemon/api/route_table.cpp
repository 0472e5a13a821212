#include "daemon/api/route_table.hpp"

#include "daemon/api/api_request.hpp"

namespace blendd::daemon {

namespace {

constexpr const char* kJson = "application/json";
constexpr const char* kCsv = "text/csv";
constexpr Role G = Role::agent;  // any token, and an agent's desk login
constexpr Role V = Role::viewer;
constexpr Role Q = Role::qa;
constexpr Role S = Role::supervisor;
constexpr Role A = Role::admin;
constexpr const char* kRange = "from,to,format";

// Examples are what the test centre (tests/support/call_centre_run.cpp) accepts: group sales,
// campaign spring, products fibre and mobile, questionnaire survey.
const std::vector<RouteSpec> kRoutes = {
    {"GET", "/healthz", false, V, "Liveness, readiness and this node's role", "", "", ""},
    {"GET", "/version", false, V, "blendd's version and build", "", "", ""},
    {"GET", "/metrics", true, V, "Prometheus text exposition", "", "", ""},
    {"GET", "/api/v1/openapi.json", true, V, "This description of every route", "", "", ""},
    {"GET", "/api/v1/figures", true, V, "Live figures per group, campaign and agent", "", "", ""},
    {"POST", "/api/v1/agents/{agent}/dial", true, Role::integration,
     "A CRM's click-to-dial: the agent's manual dial, its checks and caller ID", "", kJson,
     R"({"number":"+493077700004"})"},
    {"GET", "/api/v1/webhooks", true, S,
     "Each webhook's state, cursor, backlog and delivery counts", "", "", ""},
    {"GET", "/api/v1/webhooks/{webhook}/dead-letters", true, S,
     "A webhook's dead letters, newest first", "limit", "", ""},
    {"POST", "/api/v1/webhooks/{webhook}/dead-letters/replay", true, A,
     "Delivers dead letters again (those named, or all)", "", kJson, R"({"ids":["0-1"]})"},
    {"GET", "/api/v1/agents", true, V, "Every agent, its state and its phone's registration", "",
     "", ""},
    {"GET", "/api/v1/audit", true, V, "The newest 200 changes", "", "", ""},
    {"GET", "/api/v1/governor", true, V, "Campaign health, verdicts and shares", "", "", ""},
    {"GET", "/api/v1/groups", true, V, "The groups in force", "", "", ""},
    {"GET", "/api/v1/groups/{group}", true, V, "One group and what is in force now", "", "", ""},
    {"PUT", "/api/v1/groups/{group}/thresholds", true, S,
     "New idle thresholds, reserve, smoothing and dwell", "", kJson,
     R"({"start":0.3,"stop":0.2,"reserve_agents":1,"reason":"openapi example"})"},
    {"PUT", "/api/v1/groups/{group}/schedule", true, S, "Replaces the busy/idle periods", "", kJson,
     R"({"periods":[{"label":"lunch","kind":"busy","weekdays":["mon","tue","wed","thu","fri"],"start":"12:00","end":"14:00","start_threshold":0.5,"stop_threshold":0.4,"outbound":true}],"reason":"openapi example"})"},
    {"POST", "/api/v1/groups/{group}/override", true, S, "A live override with an expiry", "",
     kJson, R"({"start":0.6,"stop":0.5,"minutes":30,"outbound":true,"reason":"openapi example"})"},
    {"DELETE", "/api/v1/groups/{group}/override", true, S, "Ends the override", "", "", ""},
    {"GET", "/api/v1/groups/{group}/results", true, V, "Results of the group's inbound calls",
     "format", "", ""},
    {"GET", "/api/v1/groups/{group}/advice", true, V, "The threshold advisor over measured traffic",
     "from,to,weekday,weeks", "", ""},
    {"POST", "/api/v1/groups/{group}/what-if", true, S,
     "A measured period replayed with proposed settings", "from,to", kJson,
     R"({"idle":{"start_threshold":0.4,"stop_threshold":0.3,"reserve_agents":2},"agents_added":1,"replications":2})"},
    {"GET", "/api/v1/campaigns", true, V, "The campaigns in force with their state", "", "", ""},
    {"POST", "/api/v1/campaigns", true, S, "Creates a campaign", "", kJson,
     R"({"id":"autumn","group":"sales","pacing":"progressive","calling_window":{"start":"00:00","end":"24:00","days":["mon","tue","wed","thu","fri","sat","sun"]},"default_zone":"UTC","product":"fibre","questionnaire":"survey","reason":"openapi example"})"},
    {"GET", "/api/v1/campaigns/{campaign}", true, V, "One campaign with its state", "", "", ""},
    {"PUT", "/api/v1/campaigns/{campaign}", true, S, "Changes a campaign's keys", "", kJson,
     R"({"abandon_cap":0.02,"reason":"openapi example"})"},
    {"POST", "/api/v1/campaigns/{campaign}/pause", true, S, "Pauses a campaign", "", kJson,
     R"({"reason":"openapi example"})"},
    {"POST", "/api/v1/campaigns/{campaign}/stop", true, S, "Stops a campaign (a recorded pause)",
     "", kJson, R"({"reason":"openapi example"})"},
    {"POST", "/api/v1/campaigns/{campaign}/start", true, S,
     "Runs a campaign (overrides the governor)", "", kJson, R"({"reason":"openapi example"})"},
    {"POST", "/api/v1/campaigns/{campaign}/targets", true, S, "Imports a target list (CSV)",
     "strict", kCsv, "number,name\n+493077700001,Ada\n+493077700002,Bo\n"},
    {"GET", "/api/v1/campaigns/{campaign}/targets/{number}", true, V,
     "Why a number is or is not dialled now", "", "", ""},
    {"POST", "/api/v1/campaigns/{campaign}/leads", true, Role::intake,
     "A pre-registered lead, called first (idempotent by external_id)", "", kJson,
     R"({"number":"+493077700003","name":"Cy","zone":"UTC","priority":2,"external_id":"form-17"})"},
    {"GET", "/api/v1/campaigns/{campaign}/penetration", true, V,
     "List penetration: targets by attempts made, due, never, in review, DNC", "", "", ""},
    {"GET", "/api/v1/campaigns/{campaign}/results", true, V, "Every registered result", "format",
     "", ""},
    {"GET", "/api/v1/catalogue", true, V, "Products, questionnaires, touchpoints, associations", "",
     "", ""},
    {"PUT", "/api/v1/catalogue/products/{product}", true, S, "Adds or replaces a product", "",
     kJson,
     R"({"name":"Fibre 1000","points":4,"selling_points":["1 Gbit/s"],"script":"Hello","reason":"openapi example"})"},
    {"PUT", "/api/v1/catalogue/questionnaires/{questionnaire}", true, S,
     "Adds or replaces a questionnaire", "", kJson,
     R"({"questions":[{"id":"interested","text":"Interested?","type":"yes_no","required":true}]})"},
    {"PUT", "/api/v1/catalogue/touchpoints/{number}", true, S,
     "The products offered to a customer's number", "", kJson, R"({"products":["fibre"]})"},
    {"PUT", "/api/v1/catalogue/associations", true, S, "Replaces the association list", "", kJson,
     R"([{"asked":"fibre","offers":["mobile"]}])"},
    {"PUT", "/api/v1/catalogue/recommendation_switches", true, S,
     "Replaces the recommendation switches", "", kJson, "[]"},
    {"GET", "/api/v1/live-settings", true, V, "What the API changed over blendd.yaml", "", "", ""},
    {"DELETE", "/api/v1/live-settings", true, A, "Drops every live setting", "", "", ""},
    {"POST", "/api/v1/dnc", true, S, "Adds a number to the do-not-call list", "", kJson,
     R"({"number":"+493077700009"})"},
    {"GET", "/api/v1/dnc/{number}", true, V, "Whether a number is listed", "campaign", "", ""},
    {"DELETE", "/api/v1/dnc/{number}", true, S, "Removes a number from the list", "campaign", "",
     ""},
    {"GET", "/api/v1/reports/intervals", true, V, "A group per interval, hour or day",
     "group,from,to,step,format", "", ""},
    {"GET", "/api/v1/reports/agents", true, V, "Agent performance", "group,from,to,format", "", ""},
    {"GET", "/api/v1/reports/campaigns", true, V, "Campaign dispositions and abandon rates", kRange,
     "", ""},
    {"GET", "/api/v1/reports/products", true, V, "The after-the-fact product review", kRange, "",
     ""},
    {"GET", "/api/v1/recordings", true, Q,
     "Recordings by date, agent, campaign, disposition, product",
     "from,to,agent,campaign,disposition,product,direction,limit", "", ""},
    {"GET", "/api/v1/recordings/{recording}", true, Q, "One recording's metadata", "", "", ""},
    {"GET", "/api/v1/recordings/{recording}/audio", true, Q,
     "The two-channel WAV (range requests; each listen audited)", "", "", ""},
    {"DELETE", "/api/v1/recordings/{recording}", true, A, "Deletes a recording (audited)", "", "",
     ""},
    {"PUT", "/api/v1/recordings/{recording}/example", true, Q,
     "Puts a recording in the case library", "", kJson,
     R"({"kind":"excellent","product":"fibre","note":"openapi example"})"},
    {"DELETE", "/api/v1/recordings/{recording}/example", true, Q,
     "Takes a recording out of the case library", "", "", ""},
    {"GET", "/api/v1/library", true, G, "The case library's examples (agents' desks too)",
     "product,kind", "", ""},
    {"GET", "/api/v1/library/{recording}/audio", true, G, "An example's audio (counts a play)", "",
     "", ""},
};

bool same_path(const std::vector<std::string>& pattern, const std::vector<std::string>& path) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const bool param = !pattern[i].empty() && pattern[i].front() == '{';
    if (param ? path[i].empty() : pattern[i] != path[i]) return false;
  }
  return true;
}

}  // namespace

const std::vector<RouteSpec>& route_table() {
  return kRoutes;
}

RouteMatch match_route(const std::string& method, const std::string& path) {
  RouteMatch m;
  const auto parts = split_path(path);
  for (const auto& r : kRoutes) {
    if (!same_path(split_path(r.path), parts)) continue;
    if (method == r.method) {
      m.route = &r;
      return m;
    }
    if (m.allow.find(r.method) == std::string::npos)
      m.allow += (m.allow.empty() ? "" : ", ") + std::string(r.method);
  }
  return m;
}

}  // namespace blendd::daemon
