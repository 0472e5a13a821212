#pragma once
// Everything that handles calls, assembled: the SIP gateway (own thread), the target lists in
// Redis, the agent desktops and the call centre with its policy core, plus the timer that wakes
// the core at its deadlines. SIP events are posted onto the event loop as values.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/blendd_config.hpp"
#include "daemon/centre/call_centre_totals.hpp"
#include "daemon/centre/media_status.hpp"
#include "daemon/centre/node_role_view.hpp"
#include "daemon/centre/target_explainer.hpp"
#include "daemon/http/websocket_types.hpp"
#include "daemon/integrations/event_outbox.hpp"
#include "daemon/recordings/recorder_counters.hpp"

namespace boost::asio {
class io_context;
}

namespace blendd::queue {
class RedisClient;
class TargetStore;
}  // namespace blendd::queue

namespace blendd::daemon {

class CallCentre;
class AuditLog;
class RecordingStore;
class Recorder;
class HistoryStore;
class TargetFeed;

// rtpengine's NG address in relay mode (media.rtpengine, or the private one the daemon started).
struct MediaEndpoint {
  std::string address;
  bool embedded = false;
};

struct CallServiceStatus {
  bool sip_running = false;
  std::string sip_error;
  long sip_live_handles = 0;
  long sip_calls = 0;
  long sip_inbound_refused = 0;
  long sip_standby_refused = 0;    // INVITEs/OPTIONS answered 503 while a standby
  long sip_register_refused = 0;   // REGISTERs refused (credentials, another's address, bad)
  long sip_registered_agents = 0;  // agents with a phone registered
  int desktops = 0;
  std::vector<std::string> restore_pending;  // start-up reads not yet done: no call is placed
  std::size_t state_unwritten = 0;           // campaign standings / overrides Redis has not taken
  CallCentreTotals calls;  // the centre's own counts (active calls, results, store errors ...)
  NodeRoleView node;       // active or standby, with the lease's epoch and holder
  std::uint64_t fenced_refusals = 0;  // store writes refused for a stale epoch
  // redis.wait_replicas: WAITs after durable writes, those that came back short, their cost.
  std::uint64_t replica_waits = 0;
  std::uint64_t replica_waits_short = 0;
  double replica_wait_p50_ms = 0;
  double replica_wait_p99_ms = 0;
  double answer_to_agent_p99_us = 0;
  double decision_to_invite_p50_us = 0;
  double decision_to_invite_p99_us = 0;
  double event_loop_lag_ms = 0;  // how late a 1 s timer fired, last sample
  double redis_ping_ms = 0;      // round trip of the last PING
  MediaStatus media;             // relay mode: rtpengine's state
  long sip_media_refused = 0;    // inbound INVITEs answered 503 while rtpengine was away
  bool recording = false;        // relay mode: a recorder runs
  RecorderCounters recordings;
  long recordings_skipped = 0;   // chosen for recording, not recorded: the disk was full
  EventOutbox::Counters events;  // CTI events: in the stream, waiting for Redis, dropped
};

class CallService {
 public:
  CallService(boost::asio::io_context& io, queue::RedisClient& redis,
              const config::BlenddConfig& cfg, const MediaEndpoint& media = {});
  ~CallService();  // ends every call (the SIP thread stops in order)

  // Binds SIP, reconciles attempts left by a previous run, imports configured target files.
  // Returns an empty string or why SIP could not start.
  std::string start();
  void stop();
  void apply(const config::BlenddConfig& cfg);  // SIGHUP: thresholds, campaigns, tokens

  WebSocketHandler desktop_handler();
  // One more thing read back at start and at every takeover before the first call (the daemon's
  // live settings); `step` calls back once with whether it succeeded (else it is tried again).
  void restore_also(std::string name, std::function<void(std::function<void(bool)>)> step);
  bool active() const;
  // Called each time the event stream took an event (the webhooks' wake-up).
  void observe_appended_events(std::function<void()> appended);
  CallServiceStatus status() const;
  // The media relay is known to be gone (the private rtpengine exited): relayed calls end and
  // dialling stops until it answers again.
  void media_lost(const std::string& why);
  const CallCentre& centre() const;
  CallCentre& centre();
  AuditLog& audit();
  RecordingStore& recordings();
  Recorder* recorder();  // null unless media.mode is relay
  HistoryStore& history();
  queue::TargetStore& store();
  TargetFeed& feed();
  // A number just put on a DNC list: claimed targets with it leave every buffer.
  void dnc_added(const std::string& campaign, const std::string& number);
  HeldHere held(const std::string& campaign, const std::string& number) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace blendd::daemon
