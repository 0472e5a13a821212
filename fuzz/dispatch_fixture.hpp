#pragma once
// The daemon's real dispatch objects for the dispatch harnesses: the desk hub and the API routes
// over a CallCentre on a small blendd.yaml, with a SIP side that does nothing and a Redis client
// that is never started (store calls stay pending: the fuzzers exercise the handlers, not
// Redis). Built once per process.
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "config/config_editor.hpp"
#include "config/config_loader.hpp"
#include "daemon/api/api_routes.hpp"
#include "daemon/centre/audit_log.hpp"
#include "daemon/centre/call_centre.hpp"
#include "daemon/centre/desktop_hub.hpp"
#include "daemon/centre/target_feed.hpp"
#include "queue/redis_client.hpp"
#include "queue/target_store.hpp"
#include "tests/support/small_config.hpp"

namespace blendd::fuzz {

// Agents a01 (a SIP phone) and a02 (the desk page as the phone) log in with token "t".
inline const std::string kDispatchConfig = test::kSipSection + R"(media: { mode: relay }
groups:
  - id: sales
    idle: { start_threshold: 0.0, stop_threshold: 0.0, reserve_agents: 0 }
    inbound_numbers: ['8005550100']
    agents:
      - { id: a01, sip_uri: "sip:a01@127.0.0.1:5090", token_sha256: e3b98a4da31a127d4bde6e43033f66ba274cab0eb7eb1c70ec41402bf6273dd8 }
      - { id: a02, phone: webrtc, token_sha256: e3b98a4da31a127d4bde6e43033f66ba274cab0eb7eb1c70ec41402bf6273dd8 }
campaigns:
  - { id: spring, group: sales, pacing: predictive, product: fibre, questionnaire: survey }
)" + test::kSurveyCatalogue;

class NullCallControl final : public sip::CallControl {
 public:
  void originate(sip::OriginateRequest) override {}
  void connect_agent(sip::CallId, const std::string&) override {}
  void cancel_agent(sip::CallId) override {}
  void hang_up(sip::CallId) override {}
  void overflow_inbound(sip::CallId, const std::string&) override {}
  void record(sip::CallId) override {}
  void announce_and_hang_up(sip::CallId, const std::string&) override {}
  void play_while_queued(sip::CallId, const std::string&) override {}
  void hold_customer(sip::CallId, bool, const std::string&) override {}
  void leave_voicemail(sip::CallId, const std::string&) override {}
  void connect_browser(sip::CallId) override {}
  void browser_answer(sip::CallId, const std::string&) override {}
  void browser_reoffer(sip::CallId, const std::string&) override {}
  void browser_hang_up(sip::CallId) override {}
  void refuse_phone_call(sip::CallId, int, const std::string&) override {}
  void connect_number(sip::CallId, const std::string&, const std::string&) override {}
  void answer_transfer(sip::CallId, int, const std::string&) override {}
};

class RecordingConnection final : public daemon::WebSocketConnection {
 public:
  explicit RecordingConnection(std::uint64_t id) : id_(id) {}
  void send(std::string) override {}
  void close(std::uint16_t, std::string) override {}
  std::uint64_t id() const override { return id_; }

 private:
  std::uint64_t id_;
};

struct DispatchFixture {
  DispatchFixture()
      : dir(make_dir()),
        cfg(load()),
        redis(io, queue::RedisClient::Options{}),
        store(redis, "fuzz"),
        feed(store, cfg.campaigns),
        hub(cfg),
        centre(cfg, sip, feed, hub,
               daemon::CallCentreClock{[] {
                                         return std::chrono::time_point_cast<policy::Duration>(
                                             std::chrono::system_clock::now());
                                       },
                                       [](std::optional<policy::TimePoint>) {}},
               1),
        audit(redis),
        editor(dir + "/blendd.yaml", dir, [this](config::BlenddConfig next) {
          cfg = std::move(next);
          centre.apply(cfg);
          hub.update(cfg);
        }) {
    hub.attach(&centre);
    cfg = editor.start(cfg);
  }

  static std::string make_dir() {
    char templ[] = "/tmp/blendd-fuzz-XXXXXX";
    std::string d = mkdtemp(templ);
    FILE* f = std::fopen((d + "/blendd.yaml").c_str(), "wb");
    std::fputs(kDispatchConfig.c_str(), f);
    std::fclose(f);
    return d;
  }
  config::BlenddConfig load() {
    auto r = config::load_config_text(kDispatchConfig, "blendd.yaml");
    auto cfg_loaded = std::get<config::BlenddConfig>(r);
    cfg_loaded.state_dir = dir;
    return cfg_loaded;
  }

  std::string dir;
  config::BlenddConfig cfg;
  boost::asio::io_context io;
  queue::RedisClient redis;
  queue::TargetStore store;
  daemon::TargetFeed feed;
  NullCallControl sip;
  daemon::DesktopHub hub;
  daemon::CallCentre centre;
  daemon::AuditLog audit;
  config::ConfigEditor editor;
};

}  // namespace blendd::fuzz
