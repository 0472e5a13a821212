#include "daemon/daemon.hpp"

#include "log/log.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <optional>
#include <random>

#include "config/config_editor.hpp"
#include "config/config_loader.hpp"
#include "daemon/api/advisor_route.hpp"
#include "daemon/api/api_auth.hpp"
#include "daemon/api/api_routes.hpp"
#include "daemon/api/background_jobs.hpp"
#include "daemon/api/dashboard_feed.hpp"
#include "daemon/api/dial_route.hpp"
#include "daemon/api/event_stream.hpp"
#include "daemon/api/figures_route.hpp"
#include "daemon/api/health_routes.hpp"
#include "daemon/api/metrics_route.hpp"
#include "daemon/api/openapi.hpp"
#include "daemon/api/rate_limiter.hpp"
#include "daemon/api/recording_routes.hpp"
#include "daemon/api/report_routes.hpp"
#include "daemon/api/route_table.hpp"
#include "daemon/api/target_routes.hpp"
#include "daemon/api/webhook_routes.hpp"
#include "daemon/api/what_if_route.hpp"
#include "daemon/centre/audit_log.hpp"
#include "daemon/centre/call_centre.hpp"
#include "daemon/centre/call_service.hpp"
#include "daemon/http/http_server.hpp"
#include "daemon/integrations/webhook_set.hpp"
#include "daemon/logging.hpp"
#include "daemon/shared_settings.hpp"
#include "daemon/systemd_notifier.hpp"
#include "media/embedded_rtpengine.hpp"
#include "queue/embedded_redis.hpp"
#include "queue/redis_client.hpp"
#include "queue/sentinel_locator.hpp"
#include "queue/target_store.hpp"
#include "web/web_assets.hpp"

namespace blendd::daemon {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {
constexpr auto kFlushLimit = 3s;       // how long a stop waits for Redis writes in flight
constexpr auto kSupervisePeriod = 1s;  // how often the embedded redis-server is checked
}  // namespace

class Daemon::Impl {
 public:
  Impl(config::BlenddConfig cfg, std::string path)
      : config_(std::move(cfg)),
        config_path_(std::move(path)),
        signals_(io_, SIGTERM, SIGINT, SIGHUP),
        watchdog_timer_(io_),
        supervise_timer_(io_),
        stop_timer_(io_),
        started_(std::chrono::steady_clock::now()) {}

  int run() {
    editor_.emplace(config_path_, config_.state_dir,
                    [this](config::BlenddConfig next) { adopt(std::move(next)); });
    config_ = editor_->start(std::move(config_));
    if (!start_redis()) return 1;
    if (!start_media()) return 1;
    calls_.emplace(io_, *redis_, config_, media_);
    shared_.emplace(*redis_, *editor_, *calls_);
    shared_->attach();
    http_.emplace(
        io_, [this](const HttpRequest& r, HttpResponder respond) { route(r, std::move(respond)); },
        http_limits());
    http_->set_websocket("/agent/ws", calls_->desktop_handler(), websocket_limits());
    dashboards_.emplace(io_, [this] { return figures_json(calls_->centre(), calls_->status()); });
    dashboards_->update(config_.http.tokens);
    http_->set_websocket("/supervisor/ws", dashboards_->handler(), websocket_limits());
    events_.emplace(
        io_,
        [this](const std::string& after, int count,
               std::function<void(std::error_code, std::vector<StoredEvent>)> done) {
          read_events(*redis_, after, count, std::move(done));
        },
        [this](std::function<void(std::error_code, std::string)> done) {
          newest_event_id(*redis_, std::move(done));
        });
    events_->update(config_.http.tokens);
    http_->set_websocket("/api/v1/events", events_->handler(), websocket_limits());
    start_webhooks();
    if (std::string err = calls_->start(); !err.empty()) {
      log::error("sip: {}", err);
      return 1;
    }
    if (!config_.http.tls_certificate.empty()) {
      if (std::string err =
              http_->use_tls(config_.http.tls_certificate, config_.http.tls_private_key);
          !err.empty()) {
        log::error("http: tls: {}", err);
        return 1;
      }
    }
    if (auto ec = http_->listen(config_.http.listen_host, config_.http.listen_port)) {
      log::error("http: cannot listen on {}:{}: {}", config_.http.listen_host,
                 config_.http.listen_port, ec.message());
      return 1;
    }
    log::info("http: listening on {}:{} ({})", config_.http.listen_host, http_->port(),
              http_->tls() ? "https, wss" : "http, ws");
    wait_signal();
    arm_watchdog();
    arm_supervision();
    notifier_.ready("blendd running");
    log::info("blendd ready (config {}, {} group(s), {} campaign(s))", config_path_,
              config_.groups.size(), config_.campaigns.size());
    run_event_loop();
    shared_.reset();
    webhooks_.reset();
    calls_.reset();  // the SIP thread ends what is left of the calls and stops
    if (embedded_) embedded_->stop();
    if (rtpengine_) rtpengine_->stop();
    log::info("blendd stopped");
    return 0;
  }

 private:
  // The last resort behind the boundaries' own guards: a callback that throws (a Redis reply's
  // handler, a timer) is logged and the loop goes on; what it was doing is lost, the daemon's
  // calls are not. Asio allows run() again after a handler threw.
  void run_event_loop() {
    for (;;) {
      try {
        io_.run();
        return;
      } catch (const std::exception& e) {
        ++handler_exceptions;
        log::critical("event loop: a callback threw and was stopped: {}", e.what());
      }
    }
  }

  HttpServer::Limits http_limits() const {
    HttpServer::Limits limits;
    limits.idle_timeout_s = config_.http.idle_timeout_s;
    return limits;
  }
  WebSocketLimits websocket_limits() const {
    WebSocketLimits limits;
    limits.idle_timeout_s = config_.http.idle_timeout_s;
    return limits;
  }

  // Relay mode without media.rtpengine: a private rtpengine on loopback (the demo, the tests).
  bool start_media() {
    if (config_.media.mode != config::MediaMode::relay) return true;
    media_.address = config_.media.rtpengine;
    if (!media_.address.empty()) {
      log::info("media: relayed through rtpengine at {}", media_.address);
      return true;
    }
    media::EmbeddedRtpengine::Options o;
    o.binary = config_.media.rtpengine_binary;
    o.dir = config_.state_dir + "/rtpengine";
    o.port_min = static_cast<std::uint16_t>(config_.media.port_min);
    o.port_max = static_cast<std::uint16_t>(config_.media.port_max);
    rtpengine_.emplace(o);
    if (std::string err = rtpengine_->start(); !err.empty()) {
      log::error("media: private rtpengine failed to start: {}", err);
      return false;
    }
    media_.address = rtpengine_->ng_address();
    media_.embedded = true;
    log::info("media: private rtpengine pid {}, NG on {}, RTP ports {}-{}", rtpengine_->pid(),
              media_.address, o.port_min, o.port_max);
    return true;
  }

  bool start_redis() {
    queue::RedisClient::Options options;
    options.command_timeout = std::chrono::milliseconds(config_.redis.command_timeout_ms);
    std::string url = config_.redis.url;
    if (!config_.redis.sentinels.empty()) return start_redis_by_sentinel(options);
    if (url.empty()) {
      queue::EmbeddedRedis::Options eo;
      eo.server_binary = config_.redis.server_binary;
      eo.dir = config_.state_dir + "/redis";
      embedded_.emplace(eo);
      if (std::string err = embedded_->start(); !err.empty()) {
        log::error("redis: embedded server failed to start: {}", err);
        return false;
      }
      url = embedded_->url();
      log::info("redis: embedded redis-server pid {} on {}", embedded_->pid(), url);
    }
    std::string reason;
    if (!queue::parse_redis_url(url, options.endpoint, reason)) {
      log::error("redis: {}", reason);
      return false;
    }
    open_redis(options);
    return true;
  }

  // The master is wherever Sentinel says, asked before every connect: a failover is followed
  // at the next reconnect (the old master's connection drops, or it answers READONLY).
  bool start_redis_by_sentinel(queue::RedisClient::Options options) {
    std::vector<queue::RedisEndpoint> sentinels;
    for (const auto& s : config_.redis.sentinels) {
      queue::RedisEndpoint e;
      std::string reason;
      if (!queue::parse_redis_url("redis://" + s, e, reason)) {
        log::error("redis: sentinel {}: {}", s, reason);
        return false;
      }
      sentinels.push_back(e);
    }
    locator_.emplace(io_, std::move(sentinels), config_.redis.master_name, options.command_timeout);
    options.locate = [this](std::function<void(std::optional<queue::RedisEndpoint>)> done) {
      locator_->locate([this, done = std::move(done)](std::optional<queue::RedisEndpoint> master,
                                                      std::string why_not) {
        if (!master) {
          log::warn("redis: no sentinel named the master '{}': {}", config_.redis.master_name,
                    why_not);
        } else if (master->describe() != last_master_) {
          log::info("redis: sentinel names {} as master '{}'", master->describe(),
                    config_.redis.master_name);
          last_master_ = master->describe();
        }
        done(std::move(master));
      });
    };
    open_redis(options);
    return true;
  }

  void open_redis(const queue::RedisClient::Options& options) {
    redis_.emplace(io_, options);
    redis_->on_connection_change([this](bool up) {
      if (up) {
        log::info("redis: connected to {}", redis_->endpoint());
      } else {
        log::warn("redis: connection to {} lost; reconnecting", redis_->endpoint());
      }
    });
    redis_->start();
  }

  // The CRM webhooks (daemon/integrations): only the active node delivers; cursor and dead
  // letters are written fenced by its lease.
  void start_webhooks() {
    WebhookDispatcher::Clock clock;
    clock.now_ms = [] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
    clock.uniform01 = [rng = std::make_shared<std::mt19937_64>(std::random_device{}())] {
      return std::uniform_real_distribution<double>(0.0, 1.0)(*rng);
    };
    webhooks_.emplace(
        io_, *redis_,
        [this](std::vector<std::string> argv, queue::RedisCallback done) {
          calls_->store().write_fenced(std::move(argv), std::move(done));
        },
        std::move(clock), [this] { return calls_ && calls_->active(); });
    webhooks_->apply(config_.integrations.webhooks);
    calls_->observe_appended_events([this] {
      if (webhooks_) webhooks_->wake();
    });
  }

  void route(const HttpRequest& request, HttpResponder respond) {
    const std::string path = request.target.substr(0, request.target.find('?'));
    if (calls_ && path.rfind("/api/", 0) == 0) {
      // The route table first: what it does not name is not reached (daemon/api/route_table);
      // a token must have the route's role (the systems' roles reach only their own routes).
      const RouteMatch known = match_route(request.method, path);
      auto auth = authorise(request, config_.http.tokens,
                            known.route != nullptr ? known.route->role : Role::viewer);
      // An agent's desk reaches the routes meant for every agent (the case library) and its own
      // click-to-dial with its own login; each route still checks its least role.
      const bool for_agents = path.rfind("/api/v1/library", 0) == 0 ||
                              (path.rfind("/api/v1/agents/", 0) == 0 && path.size() > 5 &&
                               path.compare(path.size() - 5, 5, "/dial") == 0);
      if (!auth.caller && for_agents) {
        if (auto agent = authorise_agent(request, config_.groups)) auth.caller = agent;
      }
      if (!auth.caller) return respond(auth.refusal);
      if (auto refusal = standby_refusal(request, calls_->status().node); refusal.status != 0)
        return respond(refusal);
      if (known.route == nullptr) {
        if (known.allow.empty())
          return respond(json_error(404, "no_route", "no route " + request.method + " " + path));
        HttpResponse refusal =
            json_error(405, "method_not_allowed",
                       path + " answers " + known.allow + ", not " + request.method);
        refusal.headers.emplace_back("Allow", known.allow);
        return respond(refusal);
      }
      if (path == "/api/v1/openapi.json") return respond({200, "application/json", openapi_json()});
      TargetRouteContext context{calls_->store(),
                                 calls_->feed(),
                                 config_,
                                 [this](const std::string& campaign, const std::string& number) {
                                   if (calls_) calls_->dnc_added(campaign, number);
                                 },
                                 [this](const std::string& campaign, const std::string& number) {
                                   return calls_ ? calls_->held(campaign, number) : HeldHere::no;
                                 },
                                 [this] { return calls_ ? calls_->centre().now_ms() : 0; }};
      context.intake_limiter = &intake_limiter_;
      intake_limiter_.set_rate(config_.http.intake_per_minute);
      if (target_route(request, *auth.caller, context, respond)) return;
      if (dial_route(request, *auth.caller, calls_->centre(), respond)) return;
      if (webhooks_ && webhook_route(request, *auth.caller, *webhooks_, respond)) return;
      ReportRouteContext reports{calls_->history(), config_, calls_->centre()};
      if (report_route(request, *auth.caller, reports, respond)) return;
      AdvisorRouteContext advice{calls_->history(), config_, calls_->centre(), jobs_};
      if (advisor_route(request, *auth.caller, advice, respond)) return;
      WhatIfRouteContext what_if{calls_->history(), config_, *editor_, calls_->centre(), jobs_};
      if (what_if_route(request, *auth.caller, what_if, respond)) return;
      RecordingRouteContext recordings{calls_->recordings(), calls_->recorder(), calls_->audit(),
                                       config_,
                                       [this] { return calls_ ? calls_->centre().now_ms() : 0; }};
      if (recording_route(request, *auth.caller, recordings, respond)) return;
    }
    respond(sync_route(request));
  }

  HttpResponse sync_route(const HttpRequest& request) {
    HealthSnapshot h;
    h.redis_connected = redis_ && redis_->connected();
    h.redis_embedded = embedded_.has_value();
    h.redis_endpoint =
        embedded_ ? embedded_->url() : (redis_ ? redis_->endpoint() : config_.redis.url);
    h.redis_reconnects = redis_ ? redis_->reconnects() : 0;
    h.redis_dropped_unanswering = redis_ ? redis_->dropped_unanswering() : 0;
    h.config_generation = config_generation_;
    h.uptime_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    h.stopping = stopping_;
    if (calls_) {
      const auto s = calls_->status();
      h.sip_running = s.sip_running;
      h.sip_error = s.sip_error;
      h.sip_live_handles = s.sip_live_handles;
      h.calls_active = s.calls.calls_active;
      h.desktops = s.desktops;
      h.restore_pending = s.restore_pending;
      h.state_unwritten = s.state_unwritten;
      h.node = s.node.node;
      h.role = policy::to_string(s.node.role);
      h.active_node = s.node.active_node;
      h.url = s.node.url;
      h.active_url = s.node.active_url;
      h.epoch = s.node.epoch;
      h.media = s.media;
      h.media_refused = s.sip_media_refused;
    }
    if (HttpResponse r = health_route(request, h); r.status != 0) return r;
    const std::string path = request.target.substr(0, request.target.find('?'));
    if (request.method == "GET" && (path == "/agent" || path == "/agent/")) {
      return serve_asset("/agent/index.html");
    }
    if (request.method == "GET" && (path == "/dashboard" || path == "/dashboard/")) {
      return serve_asset("/dashboard/index.html");
    }
    if (request.method == "GET" && web::asset(path) != nullptr) return serve_asset(path);
    if (path == "/metrics") {
      auto auth = authorise(request, config_.http.tokens, Role::viewer);
      if (!auth.caller) return auth.refusal;
      if (!calls_) return json_error(503, "starting", "blendd is not serving calls yet");
      return HttpResponse{
          200, "text/plain; version=0.0.4; charset=utf-8",
          metrics_text(calls_->centre(), calls_->status(), redis_ && redis_->connected(),
                       webhooks_ ? webhooks_->status() : std::vector<WebhookStatus>{})};
    }
    if (path.rfind("/api/", 0) == 0) {
      auto auth = authorise(request, config_.http.tokens, Role::viewer);
      if (!auth.caller) return auth.refusal;
      if (!calls_) return json_error(503, "starting", "blendd is not serving calls yet");
      ApiContext context{calls_->centre(), calls_->audit(), calls_->status(), *editor_, config_};
      return api_route(request, *auth.caller, context);
    }
    return json_error(404, "no_route", "no route for " + request.target);
  }

  static HttpResponse serve_asset(const std::string& path) {
    const web::Asset* a = web::asset(path);
    return HttpResponse{200, std::string(a->content_type), std::string(a->body)};
  }

  void wait_signal() {
    signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
      if (ec) return;
      if (signo == SIGHUP) {
        reload();
        wait_signal();
      } else {
        log::info("received {}, stopping", signo == SIGTERM ? "SIGTERM" : "SIGINT");
        begin_stop();
      }
    });
  }

  void reload() {
    notifier_.reloading();
    const std::uint64_t before = config_generation_;
    if (auto errors = editor_->reload(); !errors.empty()) {
      log::error("reload: {} rejected with {} error(s); the running configuration stays",
                 config_path_, errors.size());
      for (const auto& e : errors) log::error("reload: {}", e.to_string());
    } else if (calls_) {
      calls_->audit().append({std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count(),
                              "config reload", "configuration",
                              "generation " + std::to_string(before),
                              "generation " + std::to_string(config_generation_), config_path_});
    }
    notifier_.ready("blendd running");
  }

  // A new configuration in force (a reload or an API change): everything that can change live
  // changes now.
  void adopt(config::BlenddConfig next) {
    warn_restart_only(next);
    set_log_level(next.logging.level);
    config_ = std::move(next);
    if (http_ && http_->tls() && !config_.http.tls_certificate.empty()) {
      // A reload re-reads the certificate: rotation without dropping a call.
      if (std::string err =
              http_->use_tls(config_.http.tls_certificate, config_.http.tls_private_key);
          !err.empty()) {
        log::error("http: tls: {}; the previous certificate stays in use", err);
      }
    }
    if (dashboards_) dashboards_->update(config_.http.tokens);
    if (events_) events_->update(config_.http.tokens);
    if (calls_) calls_->apply(config_);
    if (webhooks_) webhooks_->apply(config_.integrations.webhooks);
    if (shared_) shared_->publish();
    ++config_generation_;
    log::info("config: generation {} in force", config_generation_);
  }

  // Listeners and the Redis endpoint are bound once; changing them needs a restart.
  void warn_restart_only(const config::BlenddConfig& next) {
    if (next.http.listen_host != config_.http.listen_host ||
        next.http.listen_port != config_.http.listen_port) {
      log::warn("reload: http.listen changed; takes effect after a restart");
    }
    if (next.http.tls_certificate.empty() != config_.http.tls_certificate.empty()) {
      log::warn("reload: http.tls switched on or off; takes effect after a restart");
    }
    if (next.redis.url != config_.redis.url) {
      log::warn("reload: redis.url changed; takes effect after a restart");
    }
    if (next.sip.listen != config_.sip.listen) {
      log::warn("reload: sip.listen changed; takes effect after a restart");
    }
  }

  void begin_stop() {
    if (stopping_) return;
    stopping_ = true;
    notifier_.stopping();
    signals_.cancel();
    http_->stop();
    if (dashboards_) dashboards_->stop();
    if (events_) events_->stop();
    if (webhooks_) webhooks_->stop();
    if (calls_) calls_->stop();
    finish_stop(std::chrono::steady_clock::now() + kFlushLimit);
  }

  // Waits (bounded) for Redis writes in flight, then closes everything so io_.run() returns.
  void finish_stop(std::chrono::steady_clock::time_point limit) {
    if (redis_ && redis_->connected() && redis_->in_flight() > 0 &&
        std::chrono::steady_clock::now() < limit) {
      stop_timer_.expires_after(20ms);
      stop_timer_.async_wait(
          [this, limit](const boost::system::error_code&) { finish_stop(limit); });
      return;
    }
    if (redis_ && redis_->in_flight() > 0) {
      log::warn("stop: {} Redis command(s) still unanswered", redis_->in_flight());
    }
    watchdog_timer_.cancel();
    supervise_timer_.cancel();
    if (redis_) redis_->stop();
    io_.stop();
  }

  void arm_watchdog() {
    auto interval = notifier_.watchdog_interval();
    if (!interval) return;
    watchdog_timer_.expires_after(*interval);
    watchdog_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopping_) return;
      notifier_.watchdog();  // pinged from the event loop, so a stuck loop trips the watchdog
      arm_watchdog();
    });
  }

  void arm_supervision() {
    if (!embedded_ && !rtpengine_) return;
    supervise_timer_.expires_after(kSupervisePeriod);
    supervise_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopping_) return;
      if (embedded_ && !embedded_->running()) {
        log::error("redis: embedded redis-server exited; restarting it");
        if (std::string err = embedded_->start(); !err.empty()) {
          log::error("redis: restart failed: {}", err);
        }
      }
      // The private rtpengine comes back on the same NG port; the calls it carried are gone
      // (the gateway ended them when its pings went unanswered).
      if (rtpengine_ && !rtpengine_->running()) {
        log::error("media: private rtpengine exited; restarting it");
        if (calls_) calls_->media_lost("the private rtpengine exited with its calls");
        if (std::string err = rtpengine_->start(); !err.empty()) {
          log::error("media: restart failed: {}", err);
        }
      }
      arm_supervision();
    });
  }

  config::BlenddConfig config_;
  std::string config_path_;
  asio::io_context io_;
  asio::signal_set signals_;
  asio::steady_timer watchdog_timer_;
  asio::steady_timer supervise_timer_;
  asio::steady_timer stop_timer_;
  // The advisor's and the what-if's solves, off the event loop: one worker (two cores: SIP and
  // the loop keep the other), four jobs at most. Declared after io_: its workers are joined first.
  RateLimiter intake_limiter_{60};  // leads per intake token (http.intake_per_minute)
  BackgroundJobs jobs_{[this](std::function<void()> f) { asio::post(io_, std::move(f)); }, 1, 4};
  std::chrono::steady_clock::time_point started_;
  SystemdNotifier notifier_;
  std::optional<queue::EmbeddedRedis> embedded_;
  std::optional<media::EmbeddedRtpengine> rtpengine_;
  MediaEndpoint media_;
  std::optional<queue::SentinelLocator> locator_;  // before redis_: asked by it until its end
  std::string last_master_;
  std::optional<queue::RedisClient> redis_;
  std::optional<config::ConfigEditor> editor_;
  std::optional<CallService> calls_;
  std::optional<SharedSettings> shared_;  // after calls_: uses it, destroyed before it
  std::optional<DashboardFeed> dashboards_;
  std::optional<EventStream> events_;   // /api/v1/events: the CTI events live
  std::optional<WebhookSet> webhooks_;  // after calls_: destroyed before it
  std::optional<HttpServer> http_;
  std::uint64_t config_generation_ = 1;
  bool stopping_ = false;
};

Daemon::Daemon(config::BlenddConfig config, std::string config_path)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(config_path))) {}
Daemon::~Daemon() = default;
int Daemon::run() {
  return impl_->run();
}

}  // namespace blendd::daemon
