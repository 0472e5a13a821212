#pragma once
// The validated configuration of one blendd process. Plain values only: no yaml-cpp types leak
// out of config/, so the rest of blendd never sees how the file was parsed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "amd/amd_params.hpp"
#include "policy/schedule.hpp"

namespace blendd::config {

enum class LogLevel { trace, debug, info, warn, error };

struct LoggingConfig {
  LogLevel level = LogLevel::info;
};

struct TrunkConfig {
  std::string uri;             // where customer INVITEs go, e.g. sip:127.0.0.1:5080
  std::string outbound_proxy;  // empty = send straight to the trunk URI
  std::string username;        // digest credentials; empty = no authentication
  std::string password;
  std::vector<std::string> allowed_sources;  // IPs whose INVITEs count as inbound trunk calls
  // Circuit breaker: this many trunk faults (5xx, no answer from the trunk) in a row stop new
  // calls for a back-off that doubles from first_backoff_s up to max_backoff_s.
  int breaker_failures = 5;
  double breaker_first_backoff_s = 2;
  double breaker_max_backoff_s = 60;
};

struct SipConfig {
  std::vector<std::string> listen;  // one URI per transport (sofia takes no comma lists)
  TrunkConfig trunk;
  std::string caller_id;  // default From URI of outbound calls
  // Where an answered customer with no free agent is sent (RFC 3725 flow as for an agent);
  // empty = hang up politely.
  std::string abandon_announcement;
  // Fault injection for tests: sofia drops this many of every 1,000 SIP datagrams it receives.
  // 0 in production; blendd warns at start when it is not.
  unsigned debug_drop_permille = 0;
  // Bridged calls' legs are checked (in-dialog OPTIONS) this often; a vanished peer ends the
  // call. 0 = never.
  int keepalive_s = 30;
  int min_session_expires_s = 90;  // RFC 4028 Min-SE (90 s is the RFC's floor)
  // SIP over TLS (a `transport=tls` entry in listen): blendd's certificate chain and key (PEM),
  // and the CAs a TLS peer blendd connects to (a trunk) must chain to.
  struct Tls {
    std::string certificate;
    std::string private_key;
    std::string ca_file = "/etc/ssl/certs/ca-certificates.crt";
    bool verify_peer = true;  // the trunk's certificate is checked against ca_file and its name
  } tls;
  // The registrar for agents whose sip_uri is `registered` (docs/configuration.md "sip.registrar").
  struct Registrar {
    std::string realm = "blendd";  // the digest realm: part of each agent's HA1
    int min_expires_s = 60;        // shorter registrations get 423 Interval Too Brief
    int max_expires_s = 3600;      // longer ones are cut to this
    int default_expires_s = 600;   // a REGISTER that names no expiry
    int max_contacts = 3;          // phones per agent: a fourth pushes out the oldest
  } registrar;
};

// Where calls' audio flows (docs/media.md). direct: between the customer and the agent, blendd
// passes the SDP unchanged; relay: through rtpengine, which rewrites every offer and answer.
enum class MediaMode { direct, relay };

struct MediaConfig {
  MediaMode mode = MediaMode::direct;
  // rtpengine's NG control address (host:port, UDP); empty = start a private rtpengine on
  // loopback (state_dir/rtpengine) with the port range below.
  std::string rtpengine;
  std::string rtpengine_binary = "rtpengine";
  // The private rtpengine's RTP ports: outside the system instance's 30000-40000 and the
  // kernel's ephemeral 32768-60999.
  int port_min = 62000;
  int port_max = 62999;
  int ng_timeout_ms = 1000;  // an NG request without an answer by then has failed
  // Announcements rtpengine plays (WAV files on its machine, absolute paths): the abandon
  // message (before sip.abandon_announcement), the message queued inbound callers hear, and the
  // one a customer on hold hears.
  std::string abandon_message;
  std::string queue_message;
  std::string hold_message;  // a customer an agent put on hold from the desk's phone hears it
  // Recordings: two-channel WAVs here (empty = state_dir/recordings), kept this many days; below
  // this much free space no new call is recorded (calls go on).
  std::string recordings_dir;
  int recording_retention_days = 90;
  int recording_min_free_mb = 512;
  // WebRTC desk phones (agents with phone: webrtc): the codec toward the page (opus: rtpengine
  // transcodes to the trunk's G.711; pcmu/pcma: passed through) and how long an answered page
  // has to get its audio flowing (ICE + DTLS) before it counts as a phone that did not answer.
  std::string webrtc_codec = "opus";
  int webrtc_connect_timeout_ms = 5000;
  // AMD campaigns: the address rtpengine sends an answered customer's audio to while blendd
  // listens (an ephemeral UDP port per call); rtpengine must reach it.
  std::string amd_address = "127.0.0.1";
};

struct RedisConfig {
  std::string url;  // empty = start a private redis-server in state_dir
  int command_timeout_ms = 500;
  std::string server_binary = "redis-server";
  // Redis Sentinel (host:port each) and the master's name there: blendd asks them for the
  // master and follows a failover; `url` is then not used.
  std::vector<std::string> sentinels;
  std::string master_name;
  // Results, attempt records and claims are confirmed on this many replicas (WAIT) before they
  // count as done, so an acknowledged result survives a master failover. 0 = no WAIT.
  int wait_replicas = 0;
  int wait_timeout_ms = 250;
  // The per-interval history (reports, advisor, what-if) is kept this long.
  int history_retention_days = 400;
  // Its interval: 900 s (quarter hours), or 300, 180 or 60 s for a finer look; read at start.
  int history_interval_s = 900;
};

// This node among several blendd on one Redis (one is active, the others stand by).
struct NodeConfig {
  std::string name;                // shown in /healthz and the logs; empty = the host name
  std::string url;                 // how desks and API clients reach this node; empty = http.listen
  std::vector<std::string> peers;  // the other nodes' URLs: desks reconnect to the active one
  int lease_ms = 3000;             // the active's lease; a standby takes over within lease + 1 s
};

struct ApiToken {
  std::string name;
  std::string role;               // admin | supervisor | qa | viewer | intake | integration
  std::string sha256_hex;         // tokens are stored hashed, never in clear
  std::int64_t expires_at_s = 0;  // Unix time after which the token no longer works; 0 = never
};

struct HttpConfig {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::vector<ApiToken> tokens;
  // A client silent this long is dropped: an HTTP request not complete, a WebSocket that answers
  // no ping (slowloris and dead-desk guard).
  int idle_timeout_s = 30;
  int intake_per_minute = 60;  // leads an intake token may add per minute (then 429)
  // HTTPS and WSS with this PEM certificate chain and key; both empty = plain HTTP.
  std::string tls_certificate;
  std::string tls_private_key;
};

// A CRM's webhook (daemon/integrations): every event it wants, POSTed in order, signed.
struct WebhookConfig {
  std::string id;      // [a-z0-9_-]{1,40}: its cursor and dead letters in Redis, its metrics label
  std::string url;     // http(s)://host[:port]/path — the only host it ever connects to
  std::string secret;  // HMAC-SHA256 key (`secret`, or read from `secret_file`)
  std::vector<std::string> events;  // type prefixes ("call.", "result.registered"); none = all
  int max_age_s = 86400;            // an event not delivered by then goes to the dead letters
  int timeout_s = 10;               // one attempt: connect, TLS, request and answer
  std::vector<int> retry_s = {5, 30, 120, 600, 1800, 3600};  // back-off; the last repeats
  std::string ca_file;  // a private CA's PEM for https, besides the system's CA store
  bool operator==(const WebhookConfig&) const = default;
};

struct IntegrationsConfig {
  std::vector<WebhookConfig> webhooks;
  // The Redis stream `events` keeps at most this many events, none older than events_max_age_h:
  // the window webhooks and the event stream resume from.
  int events_kept = 250000;
  int events_max_age_h = 168;
};

struct IdleThresholds {
  double start = 0.30;        // dialling starts when the smoothed idle level rises above this
  double stop = 0.20;         // and stops when it falls below this (hysteresis)
  int reserve_agents = 1;     // idle agents always kept free for inbound
  double smoothing_s = 10.0;  // idle-level smoothing window
  double min_dwell_s = 5.0;   // minimum time between dialling on/off changes
};

enum class AgentPhone { sip, webrtc };

struct AgentConfig {
  std::string id;
  AgentPhone phone = AgentPhone::sip;
  std::string sip_uri;  // phone: sip (the default) only; `registered` = wherever it registers
  // A registered phone's digest account: its user name (default: the agent's id) and
  // HA1 = MD5(username:realm:password), so the password itself is never stored.
  std::string sip_username;
  std::string sip_ha1;
  bool registered() const { return phone == AgentPhone::sip && sip_uri == "registered"; }
  std::string token_sha256;  // desktop login token, stored hashed; empty = cannot log in
};

struct GroupConfig {
  std::string id;
  std::vector<AgentConfig> agents;  // the group's automatic outbound queue
  IdleThresholds idle;
  std::vector<std::string> inbound_numbers;  // dialled numbers whose calls queue here
  std::string overflow_uri;                  // queue timeout: 302 there; empty = 486 busy
  std::string crm_url;  // the CRM's screen pop for an inbound call (config/screen_pop_template)
  int queue_timeout_s = 300;
  int wrap_up_s = 30;        // an agent in wrap-up longer is made idle
  int offer_timeout_s = 15;  // an agent phone ringing longer is cancelled, the caller re-offered
  // The service-level target: `share` of inbound calls answered within `within_s` (reports read
  // the SL at `within_s`; the threshold advisor keeps it).
  struct SlTarget {
    double share = 0.8;
    int within_s = 20;
  } sl_target;
  // Busy/idle periods with their own thresholds (or outbound off); outside them `idle` applies.
  std::vector<policy::SchedulePeriod> schedule;
  double recording_share = 0;  // inbound calls recorded (media.mode relay): 0 none .. 1 all
};

// A campaign's answering-machine detection (amd/, docs/amd.md): what is done with each verdict,
// the voicemail message, the measured false-positive rate the abandon guard counts, the detector's
// parameters. Needs media.mode: relay (the customer's audio reaches blendd through rtpengine).
struct AmdConfig {
  enum class OnMachine { hang_up, voicemail_drop, to_agent };
  enum class OnUnsure { to_agent, hang_up };
  bool enabled = false;
  OnMachine on_machine = OnMachine::hang_up;
  OnUnsure on_unsure = OnUnsure::to_agent;
  std::string voicemail_message;       // an absolute WAV path rtpengine plays (voicemail_drop)
  double false_positive_rate = 0.025;  // humans called machines (docs/amd.md: the corpus bound)
  int retry_after_machine_min = 240;   // a machine: try another time of day
  int retry_after_voicemail_h = 48;    // a message left: give them time to call back
  amd::AmdParams params;
};

enum class PacingMode { progressive, predictive, preview };

struct CampaignConfig {
  std::string id;
  std::string group;
  PacingMode pacing = PacingMode::progressive;
  double abandon_cap = 0.03;
  std::string caller_id;  // empty = sip.caller_id
  std::string crm_url;    // the CRM's screen pop for this campaign's calls (empty: none)
  bool enabled = true;
  int ring_timeout_s = 20;       // CANCEL after this long ringing (no answer)
  double abandon_after_s = 2.0;  // answered customer without an agent this long: abandoned
  std::string product;           // catalogue product offered in this campaign
  std::string questionnaire;     // catalogue questionnaire the agent fills in
  // Calling window in each target's own time zone.
  int window_start_minute = 9 * 60;
  int window_end_minute = 20 * 60;
  std::uint8_t weekdays = 0x3f;  // bit 0 = Monday; default Monday-Saturday
  int max_attempts = 4;
  std::string targets_csv;             // imported at start (rows already loaded are skipped)
  std::string default_country = "49";  // calling code for national numbers in imports
  std::string default_zone = "Europe/Berlin";
  // Toll-fraud guard: E.164 prefixes this campaign may dial (empty: any), extra blocked
  // prefixes, and whether premium-rate ranges (blocked by default) are allowed.
  std::vector<std::string> allowed_prefixes;
  std::vector<std::string> blocked_prefixes;
  bool allow_premium = false;
  // Number-plan types never dialled; empty = premium_rate and shared_cost unless allow_premium.
  std::vector<std::string> blocked_number_types;
  // A "do not call" said on this campaign's calls goes to the company's list (default) or, when
  // true (dnc_scope: campaign), to this campaign's own.
  bool dnc_campaign_only = false;
  int target_buffer_max_age_s = 60;  // claimed but not dialled this long: handed back
  int max_concurrent_calls = 0;      // 0: no cap beyond pacing
  double max_calls_per_second = 0;   // 0: no cap
  double recording_share = 0;        // calls recorded (media.mode relay): 0 none .. 1 all
  AmdConfig amd;
};

enum class QuestionType { single_choice, multiple_choice, text, number, yes_no };

struct QuestionConfig {
  std::string id;
  std::string text;
  QuestionType type = QuestionType::text;
  std::vector<std::string> options;  // single/multiple choice
  bool required = false;
  double min = 0, max = 0;  // number: allowed range (min <= max)
  bool has_range = false;
  std::string show_if_question;  // conditional: asked only when that question's answer
  std::string show_if_answer;    // equals this (or, for multiple choice, contains it)
};

struct QuestionnaireConfig {
  std::string id;
  std::vector<QuestionConfig> questions;
};

struct ProductConfig {
  std::string id;
  std::string name;
  int points = 1;  // point level 1..5 earned by a successful sale
  std::vector<std::string> selling_points;
  std::string script;
  std::vector<std::string> steps;  // fulfilment steps after a sale
  // The origin's marketing knowledge base: notes the agent reads beside the script (objections,
  // comparisons, conditions).
  std::vector<std::string> knowledge;
};

struct TouchpointConfig {
  std::string number;  // E.164 of a known customer
  std::vector<std::string> products;
};

struct AssociationConfig {
  std::string asked;   // the product the customer asked about
  std::string reason;  // empty = any reason
  std::vector<std::string> offers;
};

// Touchpoint recommendations off for a channel (hotline, sms, wap, web) in a period (busy, idle).
struct RecommendationSwitch {
  std::string channel;
  std::string period;
  bool enabled = true;
};

struct CatalogueConfig {
  std::vector<ProductConfig> products;
  std::vector<QuestionnaireConfig> questionnaires;
  std::vector<TouchpointConfig> touchpoints;
  std::vector<AssociationConfig> associations;
  std::vector<RecommendationSwitch> switches;
  const ProductConfig* product(const std::string& id) const;
  const QuestionnaireConfig* questionnaire(const std::string& id) const;
};

struct BlenddConfig {
  std::string source_file;
  std::string state_dir = "/var/lib/blendd";
  std::string time_zone = "UTC";  // the centre's zone: schedules and monthly points
  LoggingConfig logging;
  SipConfig sip;
  RedisConfig redis;
  MediaConfig media;
  HttpConfig http;
  NodeConfig node;
  IntegrationsConfig integrations;
  std::vector<GroupConfig> groups;
  std::vector<CampaignConfig> campaigns;
  CatalogueConfig catalogue;
  const GroupConfig* group(const std::string& id) const;  // nullptr when there is none
  const CampaignConfig* campaign(const std::string& id) const;
};

// This node's URL: node.url, else http(s)://<http.listen>.
std::string node_url(const BlenddConfig& cfg);

const char* to_string(LogLevel level);
const char* to_string(QuestionType type);
const char* to_string(PacingMode mode);

}  // namespace blendd::config
