#include "daemon/api/figures_route.hpp"
#include "desk/json_text.hpp"

#include <boost/json.hpp>
#include <map>

#include "daemon/api/agents_route.hpp"
#include "daemon/api/campaign_state_json.hpp"
#include "daemon/centre/call_centre.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::daemon {

namespace json = boost::json;

std::string figures_json(const CallCentre& centre, const CallServiceStatus& status) {
  const policy::BlendCore& core = centre.core();
  const auto now = centre.now();
  json::array groups;
  std::vector<std::string> group_ids;  // by index, for the agents below
  for (int g = 0; g < core.group_count(); ++g) {
    const policy::GroupView v = core.group_view(g, now);
    group_ids.push_back(v.id);
    const policy::GroupFigures& f = core.group_figures(g);
    const double answered = static_cast<double>(f.inbound_answered);
    const double left = answered + static_cast<double>(f.inbound_abandoned + f.inbound_overflowed);
    groups.push_back(json::object{
        {"id", v.id},
        {"logged_in", v.logged_in},
        {"idle", v.idle},
        {"inbound_waiting", v.inbound_waiting},
        {"outbound_in_flight", v.outbound_in_flight},
        {"idle_level", v.idle_level},
        {"smoothed_idle_level", v.smoothed_level},
        {"start_threshold", v.start_threshold},
        {"stop_threshold", v.stop_threshold},
        {"gate_open", v.gate_open},
        {"dialling", v.dialling},
        {"inbound_offered", f.inbound_offered},
        {"inbound_answered", f.inbound_answered},
        {"inbound_abandoned", f.inbound_abandoned},
        {"inbound_overflowed", f.inbound_overflowed},
        {"offers_timed_out", f.offers_timed_out},
        {"transfers_out", f.transfers_out},
        {"transfers_connected", f.transfers_connected},
        {"transfers_lost", f.transfers_lost},
        // Callers who left without an agent (hung up, overflowed) count against it.
        {"service_level", left > 0 ? f.inbound_answered_within_sl / left : 1.0},
        {"average_wait_s", answered > 0 ? f.inbound_wait_s / answered : 0.0},
        {"outbound_connected", f.outbound_connected},
        {"average_talk_s", f.talks > 0 ? f.talk_seconds / static_cast<double>(f.talks) : 0.0},
        {"gate_changes", f.gate_changes}});
  }
  json::array campaigns;
  for (int c = 0; c < core.campaign_count(); ++c) {
    const policy::CampaignFigures& f = core.campaign_figures(c);
    // Contacts, successes and complaints are the governor's (from registered dispositions).
    const CallCentre::CampaignView view = centre.campaign_view(core.campaign_id(c));
    const policy::CampaignHealth& h = view.governor.health;
    json::object o{
        {"id", core.campaign_id(c)},
        {"dials", f.dials},
        {"live_answers", f.answers},
        {"connected", f.connected},
        {"abandons", f.abandons},
        {"busy", f.busy},
        {"no_answer", f.no_answer},
        {"rejected", f.rejected},
        {"failed", f.failed},
        {"withdrawn", f.withdrawn},
        {"contacts", h.contacts},
        {"successes", h.successes},
        {"complaints", h.complaints},
        {"success_rate", h.success_rate()},
        {"abandon_rate_24h", core.abandon_rate_24h(c, now)},
        {"abandon_rate_30d", core.abandon_rate_30d(c, now)},
        {"machines", f.machines},
        {"voicemails_left", f.voicemails_left},
        {"abandons_estimated_24h", core.abandons_estimated_24h(c, now)},
        {"abandons_estimated_30d", core.abandons_estimated_30d(c, now)},
        {"average_talk_s", f.talks > 0 ? f.talk_seconds / static_cast<double>(f.talks) : 0.0},
        // Observed: live answers of the dials so far; the pacer's estimate starts from a prior.
        {"answer_rate", f.dials > 0 ? static_cast<double>(f.answers) / f.dials : 0.0},
        {"answer_rate_estimate", core.answer_rate_estimate(c)}};
    for (auto& [k, v] : run_state_json(view)) o[k] = v;
    campaigns.push_back(std::move(o));
  }
  json::array agents;
  const policy::AgentRoster& roster = core.roster();
  for (int a = 0; a < roster.size(); ++a) {
    const auto& info = roster.agent(a);
    agents.push_back(json::object{{"id", info.id},
                                  {"group", group_ids[static_cast<std::size_t>(info.group)]},
                                  {"state", policy::to_string(info.state)},
                                  {"calls", info.calls},
                                  {"talk_s", info.talk_seconds},
                                  {"points_month", centre.points_this_month(info.id)},
                                  {"phone", phone_json(centre, info.id, false)}});
  }
  const policy::TrunkBreaker& trunk = core.trunk();
  json::object trunk_json{{"breaker", policy::to_string(trunk.state(now))},
                          {"faults", trunk.faults()},
                          {"opens", trunk.opens()}};
  if (auto retry = trunk.retry_at(); retry && *retry > now) {
    trunk_json["retry_in_s"] = policy::to_seconds(*retry - now);
  }
  json::array node_urls;
  for (const auto& url : status.node.nodes) node_urls.emplace_back(url);
  json::object out{{"groups", std::move(groups)},
                   {"trunk", std::move(trunk_json)},
                   {"campaigns", std::move(campaigns)},
                   {"agents", std::move(agents)},
                   {"calls_active", status.calls.calls_active},
                   {"awaiting_result", status.calls.awaiting_result},
                   {"results_stored", status.calls.results_stored},
                   {"store_errors", status.calls.store_errors},
                   {"withdrawn_at_invite", status.calls.withdrawn_at_invite},
                   {"fenced_invites", status.calls.fenced_invites},
                   {"node",
                    {{"name", status.node.node},
                     {"url", status.node.url},
                     {"role", policy::to_string(status.node.role)},
                     {"active_node", status.node.active_node},
                     {"active_url", status.node.active_url},
                     {"epoch", status.node.epoch},
                     {"fenced_refusals", status.fenced_refusals},
                     {"nodes", node_urls}}},
                   {"withdrawn_from_buffer", status.calls.withdrawn_from_buffer},
                   {"handler_exceptions", handler_exceptions.load()},
                   {"desktops", status.desktops},
                   {"sip_live_handles", status.sip_live_handles},
                   {"answer_to_agent_invite_p99_us", status.answer_to_agent_p99_us},
                   {"event_to_invite_p50_us", status.decision_to_invite_p50_us},
                   {"event_to_invite_p99_us", status.decision_to_invite_p99_us},
                   // Why a relay-mode centre places no call: rtpengine is away.
                   {"media",
                    {{"mode", status.media.relay ? "relay" : "direct"},
                     {"up", status.media.up},
                     {"dialling_stopped", status.media.relay && !status.media.up}}}};
  return desk::json_text(out);
}

}  // namespace blendd::daemon
