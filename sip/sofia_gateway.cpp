// The gateway's thread: the sofia root and nua stack, the request mailbox, event dispatch, the
// ring-timeout sweep and handle bookkeeping.
#include "sip/sofia_gateway.hpp"

#include <sofia-sip/nta_tag.h>
#include <sofia-sip/tport_tag.h>

namespace blendd::sip {

namespace {
constexpr su_duration_t kSweepMs = 100;  // ring timeouts are checked this often
// Exactly the methods blendd carries out (not sofia's default list: PRACK, MESSAGE, SUBSCRIBE,
// NOTIFY and UPDATE, which it does not). REFER: an agent's phone transfers its call.
constexpr const char* kAllow = "INVITE, ACK, BYE, CANCEL, OPTIONS, REFER";
constexpr const char* kAllowWithRegistrar = "INVITE, ACK, BYE, CANCEL, OPTIONS, REFER, REGISTER";
}  // namespace

SofiaGateway::SofiaGateway(GatewayOptions options, std::function<void(LegEvent)> on_event)
    : options_(std::move(options)), on_event_(std::move(on_event)) {}

std::string SofiaGateway::start() {
  {
    std::lock_guard<std::mutex> lock(mailbox_->mutex);
    mailbox_->gateway = this;
  }
  std::promise<std::string> started;
  auto ready = started.get_future();
  thread_ = std::thread([this, &started] { run(started); });
  std::string error = ready.get();
  if (!error.empty() && thread_.joinable()) thread_.join();
  return error;
}

void SofiaGateway::stop() {
  {
    std::lock_guard<std::mutex> lock(mailbox_->mutex);
    mailbox_->gateway = nullptr;  // relay replies from now on find nobody
  }
  if (!thread_.joinable()) return;
  post([](SofiaGateway& self) {
    // Whatever is still up is ended politely; nua_shutdown then waits for the transactions.
    for (auto& [id, call] : self.calls_) {
      self.end_leg(call, Leg::customer);
      self.end_leg(call, Leg::agent);
    }
    nua_shutdown(self.nua_);
  });
  thread_.join();
}

void SofiaGateway::post(std::function<void(SofiaGateway&)> fn) {
  if (!running_.load()) return;
  auto* job = new std::function<void(SofiaGateway&)>(std::move(fn));
  su_msg_r msg = SU_MSG_R_INIT;
  if (su_msg_create(msg, su_root_task(root_), su_task_null, &SofiaGateway::deliver,
                    sizeof(void*)) != 0) {
    delete job;
    return;
  }
  *reinterpret_cast<void**>(su_msg_data(msg)) = job;
  su_msg_send(msg);
}

void SofiaGateway::deliver(SofiaGateway* self, su_msg_r msg, SofiaGateway** /*arg*/) {
  std::unique_ptr<std::function<void(SofiaGateway&)>> job(
      static_cast<std::function<void(SofiaGateway&)>*>(
          *reinterpret_cast<void**>(su_msg_data(msg))));
  (*job)(*self);
}

GatewayCounters SofiaGateway::counters() const {
  return {live_handles_.load(),     call_count_.load(),       inbound_refused_.load(),
          auth_challenges_.load(),  standby_refused_.load(),  media_refused_.load(),
          register_refused_.load(), registered_phones_.load()};
}

void SofiaGateway::emit(LegEvent e) {
  if (on_event_) on_event_(std::move(e));
}

void SofiaGateway::adopt(nua_handle_t* nh) {
  live_.insert(nh);
  ++live_handles_;
}

// Destroys a handle exactly once, whichever of its final events (INVITE failure, BYE answer,
// terminated state) comes first.
void SofiaGateway::destroy(nua_handle_t* nh, Call* c) {
  if (nh == nullptr) return;
  if (c != nullptr) {
    if (c->customer == nh) c->customer = nullptr;
    if (c->agent == nh) c->agent = nullptr;
  }
  if (live_.erase(nh) == 0) return;
  nua_handle_destroy(nh);
  --live_handles_;
}

SofiaGateway::Call* SofiaGateway::find(CallId id) {
  auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : &it->second;
}

void SofiaGateway::on_terminated(nua_handle_t* nh, HandleTag* tag) {
  auto it = calls_.find(tag->call);
  Call* c = it == calls_.end() ? nullptr : &it->second;
  if (c != nullptr) {
    bool& ending = tag->leg == Leg::customer ? c->customer_ending : c->agent_ending;
    if (!ending) {
      // The stack ended a leg nobody asked to end (a dialog it gave up on, e.g. a 2xx never
      // ACKed under packet loss): the other leg goes too, and the call centre is told — else
      // the call and its agent would wait for an event that never comes.
      ending = true;
      end_leg(*c, other(tag->leg));
      emit(leg_event(tag->call, tag->leg, LegEventKind::ended, 0,
                     tag->leg == Leg::customer ? "customer leg terminated" : "agent leg terminated",
                     ""));
    }
  }
  destroy(nh, c);
  if (c != nullptr && c->customer == nullptr && c->agent == nullptr) {
    release_media(*c);
    calls_.erase(it);
    call_count_ = static_cast<long>(calls_.size());
  }
}

void SofiaGateway::on_timer(SofiaGateway* self, su_timer_t* /*timer*/, SofiaGateway* /*arg*/) {
  const auto now = std::chrono::steady_clock::now();
  self->expire_ringing(now);
  self->send_keepalives(now);
  self->hang_up_announced(now);
  if (++self->sweeps_ % 10 == 0) self->expire_registrations();
}

void SofiaGateway::expire_ringing(SteadyTime now) {
  for (auto& [id, c] : calls_) {
    if (!c.ring_deadline || *c.ring_deadline > now || c.customer == nullptr) continue;
    c.ring_deadline.reset();
    c.ring_timed_out = true;  // the 487 that follows our CANCEL reports "no answer"
    nua_cancel(c.customer, TAG_END());
  }
}

void SofiaGateway::callback(nua_event_t event, int status, char const* phrase, nua_t* /*nua*/,
                            SofiaGateway* self, nua_handle_t* nh, HandleTag* tag, sip_t const* sip,
                            tagi_t tags[]) {
  if (tag != nullptr && tag->retired) return self->on_retired_event(event, status, nh, tags);
  if (tag != nullptr && tag->fork)
    return self->on_fork_event(event, status, phrase, nh, tag, sip, tags);
  switch (event) {
    case nua_r_invite:
      if (tag != nullptr) self->on_invite_response(status, phrase, nh, tag, sip);
      break;
    case nua_i_invite:
      if (tag == nullptr) {
        self->on_inbound_invite(nh, sip);
      } else {
        self->on_reinvite(nh, tag, sip);
      }
      break;
    case nua_i_cancel:
      if (tag != nullptr) self->on_inbound_cancel(tag);
      break;
    case nua_i_bye:
      if (tag != nullptr) self->on_bye(tag);
      break;
    case nua_r_bye:
      // Answered or not (the peer may be gone), our BYE is final for this leg.
      if (status >= 200 && tag != nullptr) self->on_terminated(nh, tag);
      break;
    case nua_i_state: {
      int state = nua_callstate_init;
      tl_gets(tags, NUTAG_CALLSTATE_REF(state), TAG_END());
      if (state == nua_callstate_terminated && tag != nullptr) self->on_terminated(nh, tag);
      break;
    }
    case nua_r_options:
      if (tag != nullptr && status >= 200) self->on_keepalive_answer(status, tag);
      break;
    case nua_i_options:
      self->on_options(nh, tag);
      break;
    case nua_i_refer:
      self->on_refer(nh, tag, sip, tags);
      break;
    case nua_i_message:
    case nua_i_subscribe:
    case nua_i_publish:
    case nua_i_register:
      if (tag == nullptr && !self->options_.phone_accounts.empty()) {
        self->on_register(nh, sip);
        break;
      }
      if (tag == nullptr && nh != nullptr) nua_handle_destroy(nh);
      break;
    case nua_i_notify:
      // Not a call: nua answers it itself (405 with the Allow list for a method blendd does not
      // carry out); never keep a handle for it.
      if (tag == nullptr && nh != nullptr) nua_handle_destroy(nh);
      break;
    case nua_r_shutdown:
      if (status >= 200) {
        nua_destroy(self->nua_);
        self->nua_ = nullptr;
        su_root_break(self->root_);
      }
      break;
    default:
      break;
  }
}

void SofiaGateway::run(std::promise<std::string>& started) {
  su_init();
  su_home_init(home_);
  root_ = su_root_create(this);
  if (root_ == nullptr) {
    su_home_deinit(home_);
    su_deinit();
    started.set_value("cannot create the sofia root");
    return;
  }
  if (options_.log) log_redirect_ = std::make_unique<SofiaLogRedirect>(options_.log, 2);
  nua_ = nua_create(
      root_, &SofiaGateway::callback, this, NUTAG_URL(options_.bind_url.c_str()),
      NUTAG_MEDIA_ENABLE(0),  // bodies pass through untouched: we are not a media endpoint
      TAG_IF(!options_.tls_url.empty(), NUTAG_SIPS_URL(options_.tls_url.c_str())),
      TAG_IF(!options_.certificate_dir.empty(),
             NUTAG_CERTIFICATE_DIR(options_.certificate_dir.c_str())),
      // What blendd connects to (a TLS trunk) proves who it is; phones connect to blendd.
      TAG_IF(!options_.tls_url.empty() && options_.tls_verify_peer,
             TPTAG_TLS_VERIFY_POLICY(TPTLS_VERIFY_OUT | TPTLS_VERIFY_SUBJECTS_OUT)),
      NTATAG_MAXSIZE(options_.max_message_size),
      TAG_IF(options_.debug_drop_permille > 0, TPTAG_DEBUG_DROP(options_.debug_drop_permille)),
      TAG_IF(!options_.outbound_proxy.empty(), NUTAG_PROXY(options_.outbound_proxy.c_str())),
      // Session timers only when the peer asks; the peer refreshes unless it makes us the
      // refresher, and then our SDP-less re-INVITE's 200 (an offer) is answered in our ACK.
      NUTAG_SESSION_TIMER(0), NUTAG_SESSION_REFRESHER(nua_remote_refresher),
      NUTAG_MIN_SE(static_cast<unsigned>(options_.min_session_expires_s)),
      // Exactly what blendd does, set whole (NUTAG_ALLOW and NUTAG_SUPPORTED only add to sofia's
      // defaults): session timers, and no 100rel (blendd takes no PRACK).
      SIPTAG_ALLOW_STR(options_.phone_accounts.empty() ? kAllow : kAllowWithRegistrar),
      SIPTAG_SUPPORTED_STR("timer"),
      NUTAG_APPL_METHOD("OPTIONS"),  // answered by us: 503 on a standby node
      NUTAG_APPL_METHOD("REFER"),    // answered by us: 202 only for a transfer blendd can start
      TAG_IF(!options_.phone_accounts.empty(), NUTAG_APPL_METHOD("REGISTER")),
      // A registered phone's TCP or TLS connection is its flow (INVITEs reach it through its
      // NAT over it): kept while its registration may live, and its CRLF pings answered.
      TPTAG_PONG2PING(1),
      // Responses to a phone go where its request came from even without rport (RFC 3581 for
      // phones that do not ask): through its NAT.
      TAG_IF(!options_.phone_accounts.empty(), NTATAG_SERVER_RPORT(2)),
      TAG_IF(!options_.phone_accounts.empty(),
             TPTAG_IDLE(static_cast<unsigned>(options_.registrar.max_expires_s + 60) * 1000u)),
      TAG_END());
  if (nua_ == nullptr) {
    log_redirect_.reset();
    su_root_destroy(root_);
    root_ = nullptr;
    su_home_deinit(home_);
    su_deinit();
    started.set_value("cannot bind SIP on " + options_.bind_url);
    return;
  }
  timer_ = su_timer_create(su_root_task(root_), kSweepMs);
  su_timer_set_for_ever(timer_, &SofiaGateway::on_timer, this);
  running_ = true;
  started.set_value("");
  su_root_run(root_);
  running_ = false;
  su_timer_destroy(timer_);
  timer_ = nullptr;
  su_root_destroy(root_);
  root_ = nullptr;
  log_redirect_.reset();
  su_home_deinit(home_);
  su_deinit();
}

}  // namespace blendd::sip
