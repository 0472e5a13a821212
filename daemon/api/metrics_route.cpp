#include "daemon/api/metrics_route.hpp"

#include <map>
#include <sstream>

#include "daemon/centre/call_centre.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::daemon {

namespace {

class Exposition {
 public:
  // Declares a metric family once (HELP and TYPE lines).
  Exposition& family(const char* name, const char* type, const char* help) {
    out_ << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
    return *this;
  }
  Exposition& sample(const std::string& name, const std::string& labels, double value) {
    out_ << name;
    if (!labels.empty()) out_ << '{' << labels << '}';
    out_ << ' ' << value << '\n';
    return *this;
  }
  std::string str() const { return out_.str(); }

 private:
  std::ostringstream out_;
};

// Label values are our own identifiers (letters, digits, -, _): no escaping needed.
std::string label(const char* key, const std::string& value) {
  return std::string(key) + "=\"" + value + "\"";
}

}  // namespace

std::string metrics_text(const CallCentre& centre, const CallServiceStatus& s, bool redis_connected,
                         const std::vector<WebhookStatus>& webhooks) {
  const policy::BlendCore& core = centre.core();
  const auto now = centre.now();
  std::vector<policy::GroupView> views;  // once per scrape, reused below
  for (int g = 0; g < core.group_count(); ++g) views.push_back(core.group_view(g, now));
  Exposition m;
  m.family("blendd_handler_exceptions_total", "counter",
           "Input handlers that threw and were stopped at their boundary (each one a bug).");
  m.sample("blendd_handler_exceptions_total", "", static_cast<double>(handler_exceptions.load()));
  m.family("blendd_group_idle_level", "gauge",
           "Smoothed idle level of the group (idle / logged in).");
  for (const auto& v : views) {
    m.sample("blendd_group_idle_level", label("group", v.id), v.smoothed_level);
  }
  m.family("blendd_group_threshold", "gauge", "Idle-level thresholds in force (start, stop).");
  for (const auto& v : views) {
    m.sample("blendd_group_threshold", label("group", v.id) + "," + label("kind", "start"),
             v.start_threshold);
    m.sample("blendd_group_threshold", label("group", v.id) + "," + label("kind", "stop"),
             v.stop_threshold);
  }
  m.family("blendd_group_dialling", "gauge", "1 while the group dials outbound.");
  m.family("blendd_inbound_waiting", "gauge", "Inbound callers waiting in the group's queue.");
  for (const auto& v : views) {
    m.sample("blendd_group_dialling", label("group", v.id), v.dialling ? 1 : 0);
    m.sample("blendd_inbound_waiting", label("group", v.id), v.inbound_waiting);
  }
  m.family("blendd_agents", "gauge", "Agents by group and state.");
  std::map<std::pair<std::string, std::string>, int> states;
  const auto& roster = core.roster();
  for (int a = 0; a < roster.size(); ++a) {
    const auto& info = roster.agent(a);
    ++states[{views[static_cast<std::size_t>(info.group)].id, policy::to_string(info.state)}];
  }
  for (const auto& [key, n] : states) {
    m.sample("blendd_agents", label("group", key.first) + "," + label("state", key.second), n);
  }
  m.family("blendd_inbound_calls_total", "counter", "Inbound calls by outcome.");
  for (int g = 0; g < core.group_count(); ++g) {
    const auto& f = core.group_figures(g);
    const std::string& id = views[static_cast<std::size_t>(g)].id;
    m.sample("blendd_inbound_calls_total", label("group", id) + "," + label("outcome", "offered"),
             f.inbound_offered);
    m.sample("blendd_inbound_calls_total", label("group", id) + "," + label("outcome", "answered"),
             f.inbound_answered);
    m.sample("blendd_inbound_calls_total", label("group", id) + "," + label("outcome", "abandoned"),
             f.inbound_abandoned);
  }
  m.family("blendd_transfers_total", "counter",
           "Blind transfers: handed on by the group's agents, answered by their target in the "
           "group (or a number away), lost before anyone took the customer.");
  for (int g = 0; g < core.group_count(); ++g) {
    const auto& f = core.group_figures(g);
    const std::string& id = views[static_cast<std::size_t>(g)].id;
    for (const auto& [name, n] : {std::pair<const char*, std::uint64_t>{"out", f.transfers_out},
                                  {"connected", f.transfers_connected},
                                  {"lost", f.transfers_lost}}) {
      m.sample("blendd_transfers_total", label("group", id) + "," + label("outcome", name),
               static_cast<double>(n));
    }
  }
  m.family("blendd_outbound_calls_total", "counter", "Outbound dial attempts by outcome.");
  m.family("blendd_campaign_abandon_rate", "gauge", "Abandoned share of live answers over 24 h.");
  for (int c = 0; c < core.campaign_count(); ++c) {
    const auto& f = core.campaign_figures(c);
    const std::string id = core.campaign_id(c);
    const std::pair<const char*, std::uint64_t> outcomes[] = {
        {"dialled", f.dials},      {"answered", f.answers}, {"connected", f.connected},
        {"abandoned", f.abandons}, {"busy", f.busy},        {"no_answer", f.no_answer},
        {"rejected", f.rejected},  {"failed", f.failed}};
    for (const auto& [name, n] : outcomes) {
      m.sample("blendd_outbound_calls_total", label("campaign", id) + "," + label("outcome", name),
               static_cast<double>(n));
    }
    m.sample("blendd_campaign_abandon_rate", label("campaign", id), core.abandon_rate_24h(c, now));
  }
  m.family("blendd_campaign_state", "gauge",
           "1 for the state each campaign is in (running, paused, stopped, offline).");
  m.family("blendd_campaign_share", "gauge", "The campaign's share of its group's outbound lines.");
  for (int c = 0; c < core.campaign_count(); ++c) {
    const std::string id = core.campaign_id(c);
    const auto view = centre.campaign_view(id);
    for (auto st : {policy::CampaignRunState::running, policy::CampaignRunState::paused,
                    policy::CampaignRunState::stopped, policy::CampaignRunState::offline}) {
      m.sample("blendd_campaign_state",
               label("campaign", id) + "," + label("state", policy::to_string(st)),
               view.run.state == st ? 1 : 0);
    }
    m.sample("blendd_campaign_share", label("campaign", id), view.share);
  }
  const policy::TrunkBreaker& trunk = core.trunk();
  const std::string trunk_label = label("trunk", "default");
  m.family("blendd_trunk_breaker_open", "gauge",
           "1 while the trunk's circuit breaker stops new calls (open or half-open).");
  m.sample("blendd_trunk_breaker_open", trunk_label,
           trunk.state(now) == policy::TrunkBreaker::State::closed ? 0 : 1);
  m.family("blendd_trunk_faults_total", "counter",
           "Outbound INVITEs the trunk failed (5xx, silence).");
  m.sample("blendd_trunk_faults_total", trunk_label, static_cast<double>(trunk.faults()));
  m.family("blendd_trunk_breaker_opens_total", "counter", "Times the trunk's breaker opened.");
  m.sample("blendd_trunk_breaker_opens_total", trunk_label, static_cast<double>(trunk.opens()));
  m.family("blendd_sip_handles", "gauge", "sofia-sip call handles alive.");
  m.sample("blendd_sip_handles", "", static_cast<double>(s.sip_live_handles));
  m.family("blendd_desktops", "gauge", "Agent desktops connected.");
  m.sample("blendd_desktops", "", s.desktops);
  m.family("blendd_event_to_invite_seconds", "gauge",
           "Event freeing an agent to customer INVITE, p99.");
  m.sample("blendd_event_to_invite_seconds", label("quantile", "0.99"),
           s.decision_to_invite_p99_us / 1e6);
  m.family("blendd_event_loop_lag_seconds", "gauge",
           "How late the event loop ran a 1 s timer, last sample.");
  m.sample("blendd_event_loop_lag_seconds", "", s.event_loop_lag_ms / 1e3);
  m.family("blendd_redis_up", "gauge", "1 while connected to Redis.");
  m.sample("blendd_redis_up", "", redis_connected ? 1 : 0);
  m.family("blendd_redis_latency_seconds", "gauge", "Round trip of the last Redis PING.");
  m.sample("blendd_redis_latency_seconds", "", s.redis_ping_ms / 1e3);
  if (s.media.relay) {
    m.family("blendd_media_up", "gauge", "Relay mode: 1 while rtpengine answers its pings.");
    m.sample("blendd_media_up", "", s.media.up ? 1 : 0);
    m.family("blendd_media_ng_requests_total", "counter", "NG requests sent to rtpengine.");
    m.sample("blendd_media_ng_requests_total", "", static_cast<double>(s.media.requests));
    m.family("blendd_media_ng_timeouts_total", "counter", "NG requests rtpengine never answered.");
    m.sample("blendd_media_ng_timeouts_total", "", static_cast<double>(s.media.timeouts));
    m.family("blendd_media_inbound_refused_total", "counter",
             "Inbound INVITEs answered 503 while rtpengine was away.");
    m.sample("blendd_media_inbound_refused_total", "", static_cast<double>(s.sip_media_refused));
    m.family("blendd_amd_verdicts_total", "counter",
             "Answering-machine detection's verdicts on answered calls of AMD campaigns.");
    for (const auto& [verdict, n] : {std::pair<const char*, long>{"human", s.calls.amd_human},
                                     {"machine", s.calls.amd_machine},
                                     {"unsure", s.calls.amd_unsure}}) {
      m.sample("blendd_amd_verdicts_total", label("verdict", verdict), static_cast<double>(n));
    }
    m.family("blendd_amd_voicemails_left_total", "counter",
             "Voicemail messages played to a machine to their end.");
    m.sample("blendd_amd_voicemails_left_total", "", static_cast<double>(s.calls.voicemails_left));
    m.family("blendd_amd_rtp_packets_total", "counter",
             "RTP packets AMD's listener received, and those it could not use (not G.711 RTP).");
    m.sample("blendd_amd_rtp_packets_total", label("state", "received"),
             static_cast<double>(s.media.amd_packets));
    m.sample("blendd_amd_rtp_packets_total", label("state", "refused"),
             static_cast<double>(s.media.amd_refused_packets));
  }
  m.family("blendd_events_total", "counter",
           "CTI events: appended to the Redis stream, or dropped while Redis was away too long.");
  m.sample("blendd_events_total", label("state", "appended"),
           static_cast<double>(s.events.appended));
  m.sample("blendd_events_total", label("state", "dropped"), static_cast<double>(s.events.dropped));
  m.family("blendd_events_pending", "gauge", "CTI events waiting for Redis to take them.");
  m.sample("blendd_events_pending", "", static_cast<double>(s.events.pending));
  if (!webhooks.empty()) {
    m.family(
        "blendd_webhook_deliveries_total", "counter",
        "Webhook events by outcome: delivered, failed (an attempt), dead (to the dead letters).");
    for (const auto& w : webhooks) {
      const std::string id = label("webhook", w.id);
      m.sample("blendd_webhook_deliveries_total", id + "," + label("outcome", "delivered"),
               static_cast<double>(w.delivered));
      m.sample("blendd_webhook_deliveries_total", id + "," + label("outcome", "failed"),
               static_cast<double>(w.failed_attempts));
      m.sample("blendd_webhook_deliveries_total", id + "," + label("outcome", "dead"),
               static_cast<double>(w.dead_lettered));
    }
    m.family("blendd_webhook_backlog_seconds", "gauge",
             "Age of the event waiting at the front of a webhook's deliveries (0: caught up).");
    for (const auto& w : webhooks)
      m.sample("blendd_webhook_backlog_seconds", label("webhook", w.id),
               static_cast<double>(w.backlog_ms) / 1000.0);
    m.family("blendd_webhook_delivery_p99_seconds", "gauge",
             "Event to delivery, p99 of a webhook's last 1,000 deliveries.");
    for (const auto& w : webhooks)
      m.sample("blendd_webhook_delivery_p99_seconds", label("webhook", w.id),
               w.delivery_p99_ms / 1000.0);
    m.family("blendd_webhook_gaps_total", "counter",
             "Times the event stream had dropped events a webhook had not delivered yet.");
    for (const auto& w : webhooks)
      m.sample("blendd_webhook_gaps_total", label("webhook", w.id), static_cast<double>(w.gaps));
  }
  if (s.recording) {
    const RecorderCounters& r = s.recordings;
    m.family("blendd_recordings_total", "counter", "Recordings written (two-channel WAVs).");
    m.sample("blendd_recordings_total", "", static_cast<double>(r.recorded));
    m.family("blendd_recordings_failed_total", "counter",
             "Recorded calls whose capture did not become a WAV.");
    m.sample("blendd_recordings_failed_total", "", static_cast<double>(r.failed));
    m.family("blendd_recordings_expired_total", "counter", "Recordings deleted after retention.");
    m.sample("blendd_recordings_expired_total", "", static_cast<double>(r.expired));
    m.family("blendd_recordings_skipped_total", "counter",
             "Calls chosen for recording but not recorded: the disk was below its floor.");
    m.sample("blendd_recordings_skipped_total", "", static_cast<double>(s.recordings_skipped));
    m.family("blendd_recordings_disk_full", "gauge",
             "1 while the recordings' disk is below media.recording_min_free_mb.");
    m.sample("blendd_recordings_disk_full", "", r.disk_full ? 1 : 0);
    m.family("blendd_recordings_free_bytes", "gauge", "Free space for recordings.");
    m.sample("blendd_recordings_free_bytes", "", static_cast<double>(r.free_mb) * 1024 * 1024);
  }
  // Label values below are node names and URLs: quotes and backslashes cannot occur in them
  // (node.name has no spaces or ':'; URLs are checked), so they need no escaping either.
  m.family("blendd_node_active", "gauge",
           "1 while this node is the active one (holds the lease); the active node's name.");
  m.sample("blendd_node_active",
           label("node", s.node.node) + "," + label("active_node", s.node.active_node),
           s.node.role == policy::NodeRole::active ? 1 : 0);
  m.family("blendd_node_epoch", "gauge", "The lease epoch this node was granted last.");
  m.sample("blendd_node_epoch", "", static_cast<double>(s.node.epoch));
  m.family("blendd_node_takeovers_total", "counter", "Times this node became the active one.");
  m.sample("blendd_node_takeovers_total", "", static_cast<double>(s.node.takeovers));
  m.family("blendd_store_fenced_total", "counter",
           "Store writes refused because their lease epoch was stale.");
  m.sample("blendd_store_fenced_total", "", static_cast<double>(s.fenced_refusals));
  m.family("blendd_store_wait_total", "counter",
           "WAITs for replicas after results, attempt records and claims (redis.wait_replicas).");
  m.sample("blendd_store_wait_total", "", static_cast<double>(s.replica_waits));
  m.family("blendd_store_wait_short_total", "counter",
           "WAITs that came back with fewer replicas than asked: the write is on the master only.");
  m.sample("blendd_store_wait_short_total", "", static_cast<double>(s.replica_waits_short));
  m.family("blendd_store_wait_seconds", "gauge", "WAIT round trip over the last 4096 (quantiles).");
  m.sample("blendd_store_wait_seconds", "quantile=\"0.5\"", s.replica_wait_p50_ms / 1e3);
  m.sample("blendd_store_wait_seconds", "quantile=\"0.99\"", s.replica_wait_p99_ms / 1e3);
  m.family("blendd_sip_standby_refused_total", "counter",
           "INVITEs and OPTIONS answered 503 while this node stood by.");
  m.sample("blendd_sip_standby_refused_total", "", static_cast<double>(s.sip_standby_refused));
  m.family("blendd_sip_register_refused_total", "counter",
           "REGISTERs refused: wrong credentials, another agent's address, malformed.");
  m.sample("blendd_sip_register_refused_total", "", static_cast<double>(s.sip_register_refused));
  m.family("blendd_phones_registered", "gauge", "Agents with at least one phone registered.");
  m.sample("blendd_phones_registered", "", static_cast<double>(s.sip_registered_agents));
  return m.str();
}

}  // namespace blendd::daemon
