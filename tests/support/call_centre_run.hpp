#pragma once
// A real call centre for end-to-end tests: blendd (with its embedded Redis) on a generated
// config, a sipp UAS as the trunk's customers and one as every agent's phone, and the HTTP
// figures the test reads. Ports: base (HTTP), base+1 (blendd SIP), base+2 (trunk),
// base+3 (agent phones), base+4.. (inbound callers).
#include <boost/json/object.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "desk/agent_bot.hpp"
#include "desk/desk_client.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace blendd::test {

struct CentreSpec {
  int agents = 4;
  int targets = 60;
  std::string pacing = "progressive";
  double start_threshold = 0.30;
  double stop_threshold = 0.20;
  int reserve_agents = 0;
  double smoothing_s = 1;
  double min_dwell_s = 0;
  int wrap_up_s = 30;
  double abandon_after_s = 2.0;
  int talk_ms = 600;  // customers hang up after this long
  int ring_ms = 0;    // > 0: customers let it ring this long before answering
  std::string inbound_number = "8005550100";
  int http_idle_timeout_s = 30;  // http.idle_timeout_s
  std::string log_level = "info";
  int sip_drop_permille = 0;
  int sip_keepalive_s = 30;  // blendd's SIP stack drops this many of 1,000 datagrams
  int trunk_status = 0;      // > 0: the trunk answers every INVITE with this status (e.g. 503)
  bool trunk_tcp = false;    // the trunk's customers over TCP (sipp -t t1) instead of UDP
  // The first `silent_phones` agents' phones ring and never answer (a sipp at base+5: such a
  // test needs base+5 free); offer_timeout_s is the group's.
  int silent_phones = 0;
  int offer_timeout_s = 15;
  // The first `webrtc_agents` agents have their phone in the desk page (phone: webrtc).
  int webrtc_agents = 0;
  // The next `registered_agents` have phones that register (sip_uri: registered; the account
  // is the agent's id with phone_password(i)).
  int registered_agents = 0;
  // No sipp at the trunk's port (base+2) or the phones' (base+3): the test runs its own peers
  // there (real user agents).
  bool own_peers = false;
  // > 0: blendd also listens for SIP over TLS on this port, with this certificate and key.
  int sip_tls_port = 0;
  std::string sip_tls_certificate;
  std::string sip_tls_key;
  // The trunk's circuit breaker (blendd's defaults unless set).
  int breaker_failures = 0;
  double breaker_first_backoff_s = 0;
  double breaker_max_backoff_s = 0;
  // A Redis of the test's own (unix://PATH) instead of blendd's embedded one: two nodes on one.
  std::string redis_url;
  // node.name and node.peers (the other nodes' http://127.0.0.1:PORT), for two nodes.
  std::string node_name;
  std::vector<std::string> node_peers;
  // Extra lines for the redis section (sentinels, wait_replicas): "key: value" each.
  std::vector<std::string> redis_extra;
  // The agents' phones (a sipp scenario in tests/sip/).
  std::string phone_scenario = "uas_agent.xml";
  // Extra lines for the group (sl_target, ...) and the campaign (recording, ...): "key: value".
  std::vector<std::string> group_extra;
  std::vector<std::string> campaign_extra;
  // Extra lines for the catalogue (associations, touchpoints): YAML, indented under it.
  std::vector<std::string> catalogue_extra;
  // The integrations section (webhooks): YAML lines, indented under it.
  std::vector<std::string> integrations_lines;
  // The media section ("mode: relay", "port_min: ..."): "key: value" each; none: direct.
  std::vector<std::string> media_lines;
  // The customers' scenario instead of uas_customer_talks.xml, and extra sipp arguments for the
  // customers and the phones (media ports, -rtp_echo).
  std::string customer_scenario;
  std::vector<std::string> trunk_extra;
  std::vector<std::string> phone_extra;
};

// The spec most tests start from: this many agents and targets, customers talking talk_ms.
inline CentreSpec centre_spec(int agents, int targets, int talk_ms = 600) {
  CentreSpec spec;
  spec.agents = agents;
  spec.targets = targets;
  spec.talk_ms = talk_ms;
  return spec;
}

class CallCentreRun {
 public:
  CallCentreRun(const CentreSpec& spec, int base_port);
  ~CallCentreRun();

  bool up() const { return up_; }  // blendd answered /healthz with 200
  int http_port() const { return base_; }
  int sip_port() const { return base_ + 1; }
  std::string agent_id(int i) const;  // a01, a02, ...
  std::string agent_token(int i) const;
  static std::string phone_password(int i) { return "phone-pw-" + std::to_string(i + 1); }
  // The trunk's customer number of target i (targets.csv).
  static std::string target_number(int i) { return "+4930" + std::to_string(1000000 + i); }
  // A desk logged in as agent i that has seen its welcome; null (with the log) if it did not.
  std::unique_ptr<desk::DeskClient> logged_in_desk(int i) const;
  std::string log() const;
  static constexpr const char* kViewer = "viewer-secret-token";
  static constexpr const char* kQa = "qa-secret-token";
  static constexpr const char* kSupervisor = "supervisor-secret-token";
  static constexpr const char* kAdmin = "admin-secret-token";
  static constexpr const char* kIntake = "intake-secret-token";            // a web form's back end
  static constexpr const char* kIntegration = "integration-secret-token";  // a CRM
  static constexpr const char* kExpired = "expired-admin-token";           // expired on 2020-01-01
  struct ApiResult {
    int status = 0;
    std::string body;
  };
  // An HTTP request with `token` as bearer (empty: none).
  ApiResult api(const std::string& method, const std::string& path, const std::string& token,
                const std::string& body = {}) const;
  // blendctl (the program at `binary`) against this blendd with `token`: exit code and output.
  std::pair<int, std::string> blendctl(const std::string& binary, const std::string& token,
                                       std::vector<std::string> args);
  // GET /api/v1/figures with the viewer token; empty object on failure.
  boost::json::object figures() const;
  // One top-level number of the figures (calls_active, sip_live_handles, ...); -1 if absent.
  std::int64_t figure(const char* key) const;
  const boost::json::object* group(const boost::json::object& figures, const std::string& id) const;
  // A number of the (only) campaign's figures; 0 if absent.
  static std::int64_t campaign_figure(const boost::json::object& figures, const char* key);
  // Dials that have their outcome: connected, abandoned, busy, no answer, rejected, failed.
  static std::int64_t dial_outcomes(const boost::json::object& figures);
  // Simulated agents a01..aNN at their desktops (logged in, ready, registering results).
  std::vector<std::unique_ptr<desk::AgentBot>> start_agents(int n,
                                                            std::chrono::milliseconds wrap_up,
                                                            double success_share = 0.3) const;
  // sipp inbound callers to the group's number: `rate` new calls/s, at most `limit` at once,
  // each talking talk_ms. Runs until stop_callers() or the run ends.
  void start_callers(int rate, int limit, int talk_ms);
  void stop_callers();
  // Replaces the trunk's customers: `status` > 0 answers every INVITE with it, 0 talks, < 0
  // leaves nothing listening.
  void replace_trunk(int status);
  // Stops the trunk's sipp cleanly (its message trace complete on disk).
  void stop_trunk();
  // SIGKILLs the trunk's sipp: its connections die with it (over TCP blendd's next packet on
  // one is answered with a reset) and nothing answers on its port until replace_trunk().
  void kill_trunk();
  // Kills the agents' phones (sipp) at once: their calls vanish without a BYE.
  void kill_phones() { phones_.reset(); }
  // What the trunk saw, from sipp's own message trace: customer number → the Call-IDs of the
  // INVITEs it received for it (retransmissions share one).
  std::map<std::string, std::set<std::string>> trunk_dials() const;
  // When each INVITE transaction (Call-ID) first reached the trunk, by sipp's trace clock.
  std::map<std::string, std::chrono::system_clock::time_point> trunk_invite_times() const;
  // This node's role from /healthz: "active", "standby", "(none)" when it does not answer.
  std::string role() const;
  // This node's URL (http://127.0.0.1:<http port>).
  std::string url() const { return "http://127.0.0.1:" + std::to_string(base_); }
  // SIGKILLs blendd (its embedded Redis follows it) and starts it again on the same state;
  // true once the new one answers /healthz.
  bool kill_and_restart();
  // The same with another signal (SIGTERM: a clean stop first); stop_code() is how it exited.
  bool restart(int signal);
  int stop_code() const { return stop_code_; }
  // Rewrites the config with new thresholds and sends SIGHUP.
  void reload_thresholds(double start, double stop);
  // Rewrites the config without the supervisor's API token and the first agent's desk token,
  // and sends SIGHUP.
  void revoke_tokens();
  // redis-cli against the embedded Redis.
  std::string redis(const std::vector<std::string>& args) const;
  std::string config_text() const;
  std::string redis_section() const;
  std::string node_section() const;
  std::string media_section() const;
  std::string integrations_section() const;
  std::string log_level() const;
  ChildProcess& blendd() { return *blendd_; }
  TempDir& dir() { return dir_; }

 private:
  CentreSpec spec_;
  bool revoked_ = false;
  int base_;
  TempDir dir_;
  std::unique_ptr<ChildProcess> customers_;
  int trunk_generation_ = 0;  // one message trace per trunk started
  void start_trunk(int status);
  std::unique_ptr<ChildProcess> phones_;
  std::unique_ptr<ChildProcess> silent_phones_;
  std::unique_ptr<ChildProcess> callers_;
  std::unique_ptr<ChildProcess> blendd_;
  bool up_ = false;
  int stop_code_ = -1;
};

// Two nodes on one Redis: node-a and node-b, each with the other as its peer; b imports nothing
// (the list is the active's).
std::pair<CentreSpec, CentreSpec> node_pair(const CentreSpec& base, const std::string& redis_url,
                                            int port_a, int port_b);
// Customers with more than one INVITE transaction across both nodes' trunks (stop them first).
int dialled_twice(const CallCentreRun& a, const CallCentreRun& b);

}  // namespace blendd::test
