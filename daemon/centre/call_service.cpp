#include "daemon/centre/call_service.hpp"

#include <unistd.h>
#include "log/log.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/system_timer.hpp>
#include <fstream>

#include "daemon/centre/agent_state_mirror.hpp"
#include "daemon/centre/audit_log.hpp"
#include "daemon/centre/call_centre.hpp"
#include "daemon/centre/core_settings_from_config.hpp"
#include "daemon/centre/desktop_hub.hpp"
#include "daemon/centre/history_store.hpp"
#include "daemon/centre/import_options.hpp"
#include "daemon/centre/lifetime.hpp"
#include "daemon/centre/live_state_store.hpp"
#include "daemon/centre/media_service.hpp"
#include "daemon/centre/node_role.hpp"
#include "daemon/centre/registration_store.hpp"
#include "daemon/centre/sip_certificates.hpp"
#include "daemon/centre/startup_restore.hpp"
#include "daemon/centre/target_feed.hpp"
#include "daemon/centre/wake_timer.hpp"
#include "daemon/integrations/event_outbox.hpp"
#include "daemon/recordings/recorder.hpp"
#include "daemon/recordings/recording_store.hpp"
#include "queue/import/target_importer.hpp"
#include "queue/redis_client.hpp"
#include "queue/target_store.hpp"
#include "sip/sip_gateway.hpp"

namespace blendd::daemon {

namespace asio = boost::asio;

namespace {

std::string instance_name(const config::NodeConfig& node) {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  const std::string name = node.name.empty() ? std::string(host) : node.name;
  // The start time too: a restarted blendd (pid 1 in a container, a reused pid) is another
  // process, and reconciliation touches only attempts of processes that are gone.
  const auto started = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  return name + ":" + std::to_string(getpid()) + ":" + std::to_string(started);
}

sip::GatewayOptions gateway_options(const config::BlenddConfig& cfg,
                                    std::shared_ptr<sip::SdpRelay> relay,
                                    std::shared_ptr<sip::AudioTap> audio_tap,
                                    std::function<void(sip::Registration)> on_registration = {}) {
  sip::GatewayOptions o = sip::GatewayOptions::from_config(cfg.sip, cfg.groups);
  o.relay = std::move(relay);
  o.audio_tap = std::move(audio_tap);
  o.on_registration = std::move(on_registration);
  if (!o.tls_url.empty()) {
    const SipCertificates certificates = prepare_sip_certificates(cfg);
    if (!certificates.error.empty()) log::error("sip: TLS not started: {}", certificates.error);
    o.certificate_dir = certificates.dir;
  }
  if (o.debug_drop_permille > 0) {
    log::warn(
        "sip: dropping {} of every 1000 datagrams received (sip.debug_drop_permille: a "
        "fault test setting)",
        o.debug_drop_permille);
  }
  o.log = [](std::string_view line) { log::warn("sofia: {}", line); };
  return o;
}

}  // namespace

class CallService::Impl {
 public:
  Impl(asio::io_context& io, queue::RedisClient& redis, const config::BlenddConfig& cfg,
       const MediaEndpoint& media)
      : io_(io),
        config_(cfg),
        redis_(redis),
        store_(redis, instance_name(cfg.node)),
        feed_(store_, cfg.campaigns),
        hub_(cfg),
        mirror_(io, redis),
        audit_(redis),
        live_(redis),
        history_(redis, store_.instance(), centre_zone(cfg), cfg.redis.history_retention_days),
        node_(
            io, redis, store_.instance(), config::node_url(cfg),
            std::chrono::milliseconds(cfg.node.lease_ms),
            [this](bool active, std::uint64_t epoch) { on_role(active, epoch); },
            [this](const std::string& node, const std::string& url) {
              on_other_holder(node, url);
            }),
        timer_(io,
               [this] {
                 if (centre_) centre_->tick();
               }),
        probe_timer_(io),
        recordings_(redis),
        media_(io, cfg.media.mode == config::MediaMode::relay ? media.address : std::string(),
               media.embedded, std::chrono::milliseconds(cfg.media.ng_timeout_ms),
               cfg.media.webrtc_codec, cfg.media.amd_address),
        registrations_(redis),
        gateway_(gateway_options(cfg, media_.relay(), media_.audio_tap(),
                                 [this](sip::Registration r) {
                                   // On the sofia thread, like the leg events below.
                                   asio::post(io_, lifetime_.guard([this, r = std::move(r)] {
                                     registrations_.save(r);
                                     if (centre_) centre_->phone_registration(r);
                                   }));
                                 }),
                 [this](sip::LegEvent e) {
                   // On the sofia thread: hand the value over to the event loop.
                   asio::post(io_, lifetime_.guard([this, e = std::move(e)] {
                     if (centre_) centre_->on_leg_event(e);
                   }));
                 }) {
    CallCentreClock clock;
    clock.now = [] {
      return std::chrono::time_point_cast<policy::Duration>(std::chrono::system_clock::now());
    };
    clock.wake_at = [this](std::optional<policy::TimePoint> at) { timer_.wake_at(at); };
    const auto seed =
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    centre_ = std::make_unique<CallCentre>(cfg, gateway_, feed_, hub_, clock, seed);
    hub_.attach(centre_.get());
    centre_->observe_audit([this](AuditEntry e) { audit_.append(std::move(e)); });
    centre_->observe_events([this](CtiEvent e) { events_.append(std::move(e)); });
    events_.observe_appended(lifetime_.guard([this] {
      if (appended_) appended_();
    }));
    centre_->observe_standings([this](const std::string& campaign, const CampaignStanding& s) {
      live_.save_standing(campaign, s);
    });
    centre_->observe_overrides(
        [this](const std::string& group, const std::optional<OverrideRecord>& record) {
          live_.save_override(group, record);
        });
    add_restore_steps();
    // State that a woken node could overwrite goes through the fence (audit entries and DNC
    // additions do not: one is a true record of what happened, the other only ever safer).
    live_.write_with([this](std::vector<std::string> argv, queue::RedisCallback done) {
      store_.write_fenced(std::move(argv), std::move(done));
    });
    mirror_.write_with([this](std::vector<std::string> argv, queue::RedisCallback done) {
      store_.write_fenced(std::move(argv), std::move(done));
    });
    history_.set_interval_s(cfg.redis.history_interval_s);
    history_.write_with([this](const std::vector<std::vector<std::string>>& commands,
                               const std::string& once, queue::RedisCallback done) {
      store_.write_fenced_batch(commands, once, std::move(done));
    });
    if (cfg.redis.wait_replicas > 0) {
      store_.confirm_writes_with(std::make_shared<queue::ReplicaWait>(
          redis, cfg.redis.wait_replicas, std::chrono::milliseconds(cfg.redis.wait_timeout_ms)));
    }
    centre_->observe_sales([this](const std::string& month, const std::string& agent, int points) {
      store_.write_fenced({"ZINCRBY", "points:" + month, std::to_string(points), agent},
                          [agent](queue::RedisReply r) {
                            if (!r.ok())
                              log::error("points: {} not stored: {}", agent, r.error.message());
                          });
    });
    centre_->observe_agent_states([this](const policy::AgentStateChanged& change) {
      mirror_.changed(change, centre_->now_ms());
    });
    recordings_.write_with([this](std::vector<std::string> argv, queue::RedisCallback done) {
      store_.write_fenced(std::move(argv), std::move(done));
    });
    registrations_.write_with([this](std::vector<std::string> argv, queue::RedisCallback done) {
      store_.write_fenced(std::move(argv), std::move(done));
    });
    if (cfg.media.mode == config::MediaMode::relay) {
      Recorder::Options o;
      o.dir = cfg.media.recordings_dir.empty() ? cfg.state_dir + "/recordings"
                                               : cfg.media.recordings_dir;
      o.retention_days = cfg.media.recording_retention_days;
      o.min_free_mb = static_cast<std::uint64_t>(cfg.media.recording_min_free_mb);
      recorder_ = std::make_unique<Recorder>(io, recordings_, o);
      centre_->observe_recordings([this](const RecordingNote& n) { recorder_->note(n); },
                                  [this] { return recorder_->may_record(); });
    }
  }

  std::string start() {
    sip_error_ = gateway_.start();
    if (!sip_error_.empty()) return sip_error_;
    sip_running_ = true;
    const auto listening = sip::GatewayOptions::from_config(config_.sip);
    log::info("sip: listening on {}{}", listening.bind_url,
              listening.tls_url.empty() ? std::string() : " and " + listening.tls_url + " (TLS)");
    // No call is placed before the attempts a previous run left open are in review: the core
    // treats the store as not ready until then (a claim's fresh lease must never be swept).
    // And no node reconciles or imports before it holds the centre's lease: a second blendd on
    // the same Redis waits as a standby instead of sending the active's live attempts to review.
    centre_->store_available(false);
    centre_->fence_with([this] { return node_.active(); }, [this] { return node_.acting_until(); });
    hub_.find_active_with([this] { return node_.view().active_url; });
    node_.start(config_.redis.url.empty() && config_.redis.sentinels.empty());
    restore_.run();  // tried again after every PING that answers, until it has all succeeded
    if (recorder_) recorder_->start();
    media_.start(lifetime_.guard([this](bool up) {
      gateway_.set_media_up(up);
      if (centre_) centre_->media_available(up);
    }));
    centre_->tick();
    probe();
    return {};
  }

  // Becoming active: every store write carries the epoch, then what a start does with the store
  // (reconciliation, the configured files); stopping: no new call from this instant.
  void on_role(bool active, std::uint64_t epoch) {
    if (active) {
      gateway_.set_accepting(true);
      hub_.set_active(true);
    }
    if (!active) {
      if (centre_) centre_->store_available(false);
      return;
    }
    store_.fence_with(queue::NodeLease::key("centre"), epoch);
    store_epoch_ = epoch;
    // A new epoch after another node held the lease: what that node left open goes to review.
    // (The same node re-granted after a Redis failover keeps its own attempts: they are live.)
    if (epoch != reconciled_epoch_ && reconciled_epoch_ != 0 && saw_other_holder_) {
      reconciled_ = false;
    }
    saw_other_holder_ = false;
    // What the previous active changed since this node started (standings and the governor's
    // verdicts, overrides, points, the audit) is read again before the first call.
    restore_.again();
    restore_.run();
    if (!reconciled_ && !reconcile_pending_) reconcile();
    if (!imported_) {
      imported_ = true;
      for (const auto& c : config_.campaigns)
        if (!c.targets_csv.empty()) import(c);
    }
  }

  // Another node holds the lease: desks and new calls go there. (A node that merely cannot
  // reach Redis keeps its desks and inbound calls: no other node is known to be active, and
  // with one node that is the Redis outage of decision 54, not a failover.)
  void on_other_holder(const std::string& node, const std::string& url) {
    log::info("node: the active node is {} ({}); desks and new calls are refused here", node,
              url.empty() ? "no URL given" : url);
    saw_other_holder_ = true;
    gateway_.set_accepting(false);
    hub_.set_active(false);
  }

  void reconcile() {
    reconcile_pending_ = true;
    const auto now_ms = centre_->now_ms();
    feed_.reconcile_all(now_ms, lifetime_.guard([this](bool ok, std::size_t n) {
      reconcile_pending_ = false;
      if (!ok) return;  // the probe tries again
      reconciled_ = true;
      reconciled_epoch_ = store_epoch_;
      if (n > 0) log::warn("targets: {} attempt(s) left open by a previous run sent to review", n);
    }));
  }

  // Every 250 ms a Redis PING: its answer (or its deadline passing) tells the call centre
  // whether attempts can be recorded; every second the loop's lateness is sampled as well.
  void probe() {
    const auto due = std::chrono::steady_clock::now() + std::chrono::milliseconds(250);
    probe_timer_.expires_at(due);
    probe_timer_.async_wait(lifetime_.guard([this, due](const boost::system::error_code& ec) {
      if (ec) return;
      const auto now = std::chrono::steady_clock::now();
      loop_lag_ms_ = std::chrono::duration<double, std::milli>(now - due).count();
      if (!ping_pending_) {
        ping_pending_ = true;
        redis_.command({"PING"}, lifetime_.guard([this, now](queue::RedisReply r) {
          ping_pending_ = false;
          if (r.ok()) {
            redis_ping_ms_ =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - now)
                    .count();
          }
          const bool active = node_.active();
          if (r.ok() && active && !reconciled_ && !reconcile_pending_) reconcile();
          warn_short_waits();
          if (r.ok()) {
            restore_.run();
            live_.retry_unwritten();
            audit_.retry_unwritten();
            events_.retry_unwritten();
            registrations_.retry_unwritten();
          }
          record_history(active);
          trim_events(active);
          if (centre_) centre_->store_available(r.ok() && active && reconciled_ && restore_.done());
        }));
      }
      probe();
    }));
  }

  // The history's counters, added up in Redis about once a second (a standby has no calls of
  // its own to count: what its core saw is dropped).
  void record_history(bool active) {
    if (!centre_ || ++history_probes_ % 4 != 0) return;
    auto records = centre_->take_tallies();
    if (!active) return;
    history_.add(std::move(records));
    history_.flush();
  }

  // The event stream's age bound (its count bound goes with every XADD), about once a minute.
  void trim_events(bool active) {
    if (!active || ++trim_probes_ % 60 != 1) return;
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    events_.trim_older_than(now - std::int64_t{config_.integrations.events_max_age_h} * 3600000);
  }

  // Writes that reached fewer replicas than redis.wait_replicas: logged at most every 10 s.
  void warn_short_waits() {
    const auto* wait = store_.replica_wait();
    if (wait == nullptr) return;
    const auto f = wait->figures();
    const auto now = std::chrono::steady_clock::now();
    if (f.short_waits == short_waits_logged_ || now - short_wait_warned_ < std::chrono::seconds(10))
      return;
    log::warn(
        "store: {} write(s) reached fewer than {} replica(s) in time ({} in all): they stand on "
        "the master only",
        f.short_waits - short_waits_logged_, wait->replicas(), f.short_waits);
    short_waits_logged_ = f.short_waits;
    short_wait_warned_ = now;
  }

  void stop() {
    timer_.cancel();
    probe_timer_.cancel();
    mirror_.stop();
    hub_.attach(nullptr);
    if (centre_) centre_->shutdown();  // written before Redis is flushed and closed
    if (centre_ && node_.active()) {
      history_.add(centre_->take_tallies());
      history_.flush();
    }
    centre_.reset();  // no more decisions; the gateway's destructor ends the calls
    node_.stop();     // the lease handed back after those writes
  }

  void apply(const config::BlenddConfig& cfg) {
    config_ = cfg;
    events_.set_max_events(static_cast<std::size_t>(cfg.integrations.events_kept));
    hub_.update(cfg);
    if (centre_) centre_->apply(cfg);
    history_.set_zone(centre_zone(cfg));
    history_.set_retention_days(cfg.redis.history_retention_days);
  }

  WebSocketHandler desktop_handler() { return hub_.handler(); }
  void observe_appended(std::function<void()> appended) { appended_ = std::move(appended); }
  void restore_also(std::string name, StartupRestore::Step step) {
    restore_.add(std::move(name), std::move(step));
  }
  bool active() const { return node_.active(); }

  void media_lost(const std::string& why) { media_.mark_down(why); }

  CallServiceStatus status() const {
    CallServiceStatus s;
    s.sip_running = sip_running_;
    s.sip_error = sip_error_;
    const auto counters = gateway_.counters();
    s.sip_live_handles = counters.live_handles;
    s.sip_calls = counters.calls;
    s.sip_inbound_refused = counters.inbound_refused;
    s.sip_standby_refused = counters.standby_refused;
    s.sip_register_refused = counters.register_refused;
    s.sip_registered_agents = counters.registered_agents;
    s.desktops = hub_.sessions();
    s.events = events_.counters();
    s.restore_pending = restore_.pending();
    s.state_unwritten = live_.unwritten();
    if (centre_) s.calls = centre_->totals();
    s.node = node_.view();
    s.node.nodes = {config::node_url(config_)};
    s.node.nodes.insert(s.node.nodes.end(), config_.node.peers.begin(), config_.node.peers.end());
    s.fenced_refusals = store_.fenced_refusals();
    if (const auto* wait = store_.replica_wait()) {
      const auto f = wait->figures();
      s.replica_waits = f.waits;
      s.replica_waits_short = f.short_waits;
      s.replica_wait_p50_ms = f.p50_ms;
      s.replica_wait_p99_ms = f.p99_ms;
    }
    s.answer_to_agent_p99_us = gateway_.answer_to_agent_invite().quantile(0.99);
    s.decision_to_invite_p50_us = gateway_.decision_to_invite().quantile(0.5);
    s.decision_to_invite_p99_us = gateway_.decision_to_invite().quantile(0.99);
    s.event_loop_lag_ms = loop_lag_ms_;
    s.redis_ping_ms = redis_ping_ms_;
    s.media = media_.status();
    s.sip_media_refused = counters.media_refused;
    if (recorder_) {
      s.recording = true;
      s.recordings = recorder_->counters();
    }
    if (centre_) s.recordings_skipped = centre_->totals().recordings_skipped;
    return s;
  }

  const CallCentre& centre() const { return *centre_; }
  CallCentre& centre() { return *centre_; }
  RecordingStore& recordings() { return recordings_; }
  Recorder* recorder() { return recorder_.get(); }
  AuditLog& audit() { return audit_; }
  HistoryStore& history() { return history_; }
  queue::TargetStore& store() { return store_; }
  TargetFeed& feed() { return feed_; }

 private:
  // What a previous run left in the store, back into the centre before any call is placed.
  // The replies are guarded: a stop while a read is in flight must not reach a dead Impl.
  void add_restore_steps() {
    restore_.add("campaign states", [this](std::function<void(bool)> done) {
      live_.load(lifetime_.guard([this, done](bool ok, LiveStateStore::Loaded loaded) {
        if (!centre_) return;
        if (ok) {
          for (const auto& p : loaded.problems) log::error("state: not restored: {}", p);
          for (const auto& [c, s] : loaded.standings) centre_->restore_standing(c, s);
          for (const auto& [g, o] : loaded.overrides) centre_->restore_override(g, o);
          if (!loaded.standings.empty() || !loaded.overrides.empty())
            log::info("state: {} campaign standing(s) and {} override(s) restored",
                      loaded.standings.size(), loaded.overrides.size());
        }
        if (!ok) log::info("state: campaign states not restored yet (the store did not answer)");
        done(ok);
      }));
    });
    // This month's points per agent, as the store has them, back into the ledger.
    restore_.add("points", [this](std::function<void(bool)> done) {
      redis_.command({"ZRANGE", "points:" + centre_->current_month(), "0", "-1", "WITHSCORES"},
                     lifetime_.guard([this, done](queue::RedisReply r) {
                       if (!centre_) return;
                       if (!r.ok()) {
                         log::info("state: points not restored yet: {} {}", r.error.message(),
                                   r.value.str);
                         return done(false);
                       }
                       const auto& e = r.value.elements;
                       for (std::size_t i = 0; i + 1 < e.size(); i += 2) {
                         centre_->restore_points(e[i].str, std::atoi(e[i + 1].str.c_str()));
                       }
                       done(true);
                     }));
    });
    restore_.add("audit", [this](std::function<void(bool)> done) {
      audit_.restore(lifetime_.guard([done](bool ok) { done(ok); }));
    });
    // Registered phones are rung where they registered, without waiting for their next REGISTER.
    restore_.add("phone registrations", [this](std::function<void(bool)> done) {
      registrations_.load(lifetime_.guard([this, done](bool ok, RegistrationStore::Loaded loaded) {
        if (ok) {
          for (const auto& p : loaded.problems) log::error("registrations: not restored: {}", p);
          gateway_.restore_registrations(std::move(loaded.registrations));
        }
        done(ok);
      }));
    });
  }

  void import(const config::CampaignConfig& c) {
    queue::ImportOptions o = import_options_for(c, config_, feed_, "file", centre_->now_ms());
    const std::string path = c.targets_csv;
    auto importer = std::make_shared<queue::TargetImporter>(
        store_, o, [path] { return std::make_unique<std::ifstream>(path, std::ios::binary); });
    // No self-capture: its Redis replies keep it alive, and a stop mid-import must not leak it.
    importer->start([path, campaign = c.id](const queue::ImportReport& report) {
      log::info("targets: {} from {}: {}", campaign, path, report.summary());
    });
  }

  asio::io_context& io_;
  config::BlenddConfig config_;
  queue::RedisClient& redis_;
  queue::TargetStore store_;
  TargetFeed feed_;
  DesktopHub hub_;
  AgentStateMirror mirror_;
  AuditLog audit_;
  // Every CTI event, into the Redis stream `events` (docs/events.md): the newest
  // integrations.events_kept kept, 100,000 waiting at most while Redis is away.
  EventOutbox events_{redis_, static_cast<std::size_t>(config_.integrations.events_kept), 100000};
  unsigned trim_probes_ = 0;
  LiveStateStore live_;
  HistoryStore history_;
  StartupRestore restore_;
  NodeRole node_;
  WakeTimer timer_;  // the core's wake-up
  asio::steady_timer probe_timer_;
  double loop_lag_ms_ = 0;
  double redis_ping_ms_ = 0;
  bool ping_pending_ = false;
  unsigned history_probes_ = 0;
  std::uint64_t short_waits_logged_ = 0;
  std::chrono::steady_clock::time_point short_wait_warned_{};
  bool reconciled_ = false;
  bool reconcile_pending_ = false;
  std::uint64_t reconciled_epoch_ = 0;  // the epoch under which the last reconciliation ran
  std::uint64_t store_epoch_ = 0;       // the epoch store writes carry now
  bool saw_other_holder_ = false;       // since the last activation
  bool imported_ = false;               // the configured target files, once this node is active
  RecordingStore recordings_;
  std::unique_ptr<CallCentre> centre_;
  std::unique_ptr<Recorder> recorder_;  // relay mode: recordings need rtpengine
  // Before the gateway: events it posts while it is destroyed are guarded by a live token.
  Lifetime lifetime_;
  MediaService media_;  // before the gateway: it holds the relay the gateway asks
  RegistrationStore registrations_;
  sip::SipGateway gateway_;  // last: destroyed first, so no SIP event outlives the centre
  bool sip_running_ = false;
  std::string sip_error_;
  std::function<void()> appended_;  // the webhooks' wake
};

CallService::CallService(asio::io_context& io, queue::RedisClient& redis,
                         const config::BlenddConfig& cfg, const MediaEndpoint& media)
    : impl_(std::make_unique<Impl>(io, redis, cfg, media)) {}
CallService::~CallService() = default;
std::string CallService::start() {
  return impl_->start();
}
void CallService::stop() {
  impl_->stop();
}
void CallService::apply(const config::BlenddConfig& cfg) {
  impl_->apply(cfg);
}
WebSocketHandler CallService::desktop_handler() {
  return impl_->desktop_handler();
}
void CallService::restore_also(std::string name,
                               std::function<void(std::function<void(bool)>)> step) {
  impl_->restore_also(std::move(name), std::move(step));
}
void CallService::observe_appended_events(std::function<void()> appended) {
  impl_->observe_appended(std::move(appended));
}
bool CallService::active() const {
  return impl_->active();
}
void CallService::media_lost(const std::string& why) {
  impl_->media_lost(why);
}

CallServiceStatus CallService::status() const {
  return impl_->status();
}
const CallCentre& CallService::centre() const {
  return impl_->centre();
}
CallCentre& CallService::centre() {
  return impl_->centre();
}
HistoryStore& CallService::history() {
  return impl_->history();
}

AuditLog& CallService::audit() {
  return impl_->audit();
}
RecordingStore& CallService::recordings() {
  return impl_->recordings();
}
Recorder* CallService::recorder() {
  return impl_->recorder();
}
queue::TargetStore& CallService::store() {
  return impl_->store();
}
TargetFeed& CallService::feed() {
  return impl_->feed();
}
HeldHere CallService::held(const std::string& campaign, const std::string& number) const {
  return impl_->centre().held(campaign, number);
}
void CallService::dnc_added(const std::string& campaign, const std::string& number) {
  impl_->centre().withdraw_number(campaign, number);
}

}  // namespace blendd::daemon
