// Everything sofia lives in this file and runs on the gateway's own thread.
#include "sip/sip_gateway.hpp"

#include <future>
#include <map>
#include <set>
#include <thread>

namespace blendd::sip {
class SipGateway;
struct HandleTag;
}  // namespace blendd::sip

#define SU_ROOT_MAGIC_T blendd::sip::SipGateway::Impl
#define NUA_MAGIC_T blendd::sip::SipGateway::Impl
#define NUA_HMAGIC_T blendd::sip::HandleTag
#define SU_MSG_ARG_T blendd::sip::SipGateway::Impl*

#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/su.h>
#include <sofia-sip/su_tag_io.h>
#include <sofia-sip/su_wait.h>

namespace blendd::sip {

struct HandleTag {
  CallId call;
  Leg leg;
};

namespace {
// A placeholder answer for a customer we must ACK before hanging up (nobody to bridge to).
const char* kHoldSdp =
    "v=0\r\no=blendd 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
    "m=audio 9 RTP/AVP 0\r\na=inactive\r\n";
}  // namespace

class SipGateway::Impl {
 public:
  Impl(GatewayOptions options, std::function<void(LegEvent)> on_event)
      : options_(std::move(options)), on_event_(std::move(on_event)) {}

  std::string start() {
    std::promise<std::string> started;
    auto ready = started.get_future();
    thread_ = std::thread([this, &started] { run(started); });
    std::string error = ready.get();
    if (!error.empty() && thread_.joinable()) thread_.join();
    return error;
  }

  void stop() {
    if (!thread_.joinable()) return;
    post([](Impl& self) { nua_shutdown(self.nua_); });
    thread_.join();
  }

  // Runs fn on the sofia thread.
  void post(std::function<void(Impl&)> fn) {
    if (root_ == nullptr) return;
    auto* job = new std::function<void(Impl&)>(std::move(fn));
    su_msg_r msg = SU_MSG_R_INIT;
    if (su_msg_create(msg, su_root_task(root_), su_task_null, &Impl::deliver,
                      sizeof(Impl*) + sizeof(void*)) != 0) {
      delete job;
      return;
    }
    auto* slot = reinterpret_cast<void**>(su_msg_data(msg));
    slot[0] = job;
    su_msg_send(msg);
  }

  void originate(CallId call, const std::string& uri) {
    auto& c = calls_[call];
    c.customer_tag = {call, Leg::customer};
    c.customer = nua_handle(nua_, &c.customer_tag, SIPTAG_TO_STR(uri.c_str()), TAG_END());
    adopt(c.customer);
    nua_invite(c.customer, NUTAG_AUTOACK(0), SIPTAG_FROM_STR(options_.from_uri.c_str()), TAG_END());
  }

  void connect_agent(CallId call, const std::string& uri) {
    auto it = calls_.find(call);
    if (it == calls_.end() || it->second.customer_sdp.empty()) {
      emit({call, Leg::agent, LegEventKind::failed, 481, "no answered customer for this call", ""});
      return;
    }
    auto& c = it->second;
    c.agent_tag = {call, Leg::agent};
    c.agent = nua_handle(nua_, &c.agent_tag, SIPTAG_TO_STR(uri.c_str()), TAG_END());
    adopt(c.agent);
    nua_invite(c.agent, SIPTAG_FROM_STR(options_.from_uri.c_str()),
               SIPTAG_CONTENT_TYPE_STR("application/sdp"),
               SIPTAG_PAYLOAD_STR(c.customer_sdp.c_str()), TAG_END());
  }

  void hang_up(CallId call) {
    auto it = calls_.find(call);
    if (it == calls_.end()) return;
    auto& c = it->second;
    end_leg(c.customer, c.customer_answered, c.customer_acked);
    end_leg(c.agent, c.agent_answered, true);
  }

  long live_handles() const { return live_handles_.load(); }

 private:
  struct Call {
    HandleTag customer_tag{};
    HandleTag agent_tag{};
    nua_handle_t* customer = nullptr;
    nua_handle_t* agent = nullptr;
    std::string customer_sdp;
    bool customer_answered = false;
    bool customer_acked = false;
    bool agent_answered = false;
  };

  static void deliver(Impl* self, su_msg_r msg, Impl** /*arg*/) {
    auto* slot = reinterpret_cast<void**>(su_msg_data(msg));
    std::unique_ptr<std::function<void(Impl&)>> job(
        static_cast<std::function<void(Impl&)>*>(slot[0]));
    (*job)(*self);
  }

  void end_leg(nua_handle_t* nh, bool answered, bool acked) {
    if (nh == nullptr) return;
    if (!answered) {
      nua_cancel(nh, TAG_END());
      return;
    }
    if (!acked) {
      nua_ack(nh, SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(kHoldSdp),
              TAG_END());
    }
    nua_bye(nh, TAG_END());
  }

  void emit(LegEvent e) {
    if (on_event_) on_event_(std::move(e));
  }

  void adopt(nua_handle_t* nh) {
    live_.insert(nh);
    ++live_handles_;
  }

  // Destroys a handle exactly once, whichever of its final events (INVITE failure, BYE answer,
  // terminated state) comes first.
  void destroy(nua_handle_t* nh, Call* c) {
    if (nh == nullptr) return;
    if (c != nullptr) {
      if (c->customer == nh) c->customer = nullptr;
      if (c->agent == nh) c->agent = nullptr;
    }
    if (live_.erase(nh) == 0) return;
    nua_handle_destroy(nh);
    --live_handles_;
  }

  void on_invite_response(int status, const char* phrase, nua_handle_t* nh, HandleTag* tag,
                          const sip_t* sip) {
    auto it = calls_.find(tag->call);
    if (it == calls_.end()) return;
    Call& c = it->second;
    std::string body;
    if (sip != nullptr && sip->sip_payload != nullptr) {
      body.assign(sip->sip_payload->pl_data, sip->sip_payload->pl_len);
    }
    if (status >= 180 && status < 200) {
      emit({tag->call, tag->leg, LegEventKind::ringing, status, phrase ? phrase : "", ""});
    } else if (status >= 200 && status < 300) {
      if (tag->leg == Leg::customer) {
        c.customer_answered = true;
        c.customer_sdp = body;
        emit({tag->call, Leg::customer, LegEventKind::answered, status, "", body});
      } else {
        c.agent_answered = true;
        if (c.customer != nullptr && !c.customer_acked) {
          nua_ack(c.customer, SIPTAG_CONTENT_TYPE_STR("application/sdp"),
                  SIPTAG_PAYLOAD_STR(body.c_str()), TAG_END());
          c.customer_acked = true;
        }
        emit({tag->call, Leg::agent, LegEventKind::answered, status, "", body});
      }
    } else if (status >= 300) {
      emit({tag->call, tag->leg, LegEventKind::failed, status, phrase ? phrase : "", ""});
      destroy(nh, &c);
      if (tag->leg == Leg::customer) calls_.erase(it);
    }
  }

  void on_bye(nua_handle_t* nh, HandleTag* tag) {
    auto it = calls_.find(tag->call);
    if (it == calls_.end()) return;
    Call& c = it->second;
    // Either side's BYE ends the other leg.
    nua_handle_t* other = tag->leg == Leg::customer ? c.agent : c.customer;
    if (other != nullptr) {
      const bool answered = tag->leg == Leg::customer ? c.agent_answered : c.customer_answered;
      end_leg(other, answered, tag->leg == Leg::customer ? true : c.customer_acked);
    }
    (void)nh;
    emit({tag->call, tag->leg, LegEventKind::ended, 0,
          tag->leg == Leg::customer ? "customer" : "agent", ""});
  }

  void on_terminated(nua_handle_t* nh, HandleTag* tag) {
    auto it = calls_.find(tag->call);
    Call* c = it == calls_.end() ? nullptr : &it->second;
    destroy(nh, c);
    if (c != nullptr && c->customer == nullptr && c->agent == nullptr) calls_.erase(it);
  }

  static void callback(nua_event_t event, int status, char const* phrase, nua_t* /*nua*/,
                       Impl* self, nua_handle_t* nh, HandleTag* tag, sip_t const* sip,
                       tagi_t tags[]) {
    switch (event) {
      case nua_r_invite:
        if (tag != nullptr) self->on_invite_response(status, phrase, nh, tag, sip);
        break;
      case nua_i_bye:
        if (tag != nullptr) self->on_bye(nh, tag);
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
      case nua_i_invite:
        // Inbound calls arrive with the B2BUA work; until then they are refused plainly.
        nua_respond(nh, SIP_480_TEMPORARILY_UNAVAILABLE, TAG_END());
        nua_handle_destroy(nh);
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

  void run(std::promise<std::string>& started) {
    su_init();
    su_home_init(home_);
    root_ = su_root_create(this);
    if (root_ == nullptr) {
      started.set_value("cannot create the sofia root");
      return;
    }
    nua_ = nua_create(root_, &Impl::callback, this, NUTAG_URL(options_.bind_url.c_str()),
                      NUTAG_MEDIA_ENABLE(0), TAG_END());
    if (nua_ == nullptr) {
      su_root_destroy(root_);
      root_ = nullptr;
      su_home_deinit(home_);
      su_deinit();
      started.set_value("cannot bind SIP on " + options_.bind_url);
      return;
    }
    started.set_value("");
    su_root_run(root_);
    su_root_destroy(root_);
    root_ = nullptr;
    su_home_deinit(home_);
    su_deinit();
  }

  GatewayOptions options_;
  std::function<void(LegEvent)> on_event_;
  std::thread thread_;
  su_home_t home_[1] = {SU_HOME_INIT(home_)};
  su_root_t* root_ = nullptr;
  nua_t* nua_ = nullptr;
  std::map<CallId, Call> calls_;
  std::set<nua_handle_t*> live_;
  std::atomic<long> live_handles_{0};
};

SipGateway::SipGateway(GatewayOptions options, std::function<void(LegEvent)> on_event)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(on_event))) {}
SipGateway::~SipGateway() {
  impl_->stop();
}
std::string SipGateway::start() {
  return impl_->start();
}
void SipGateway::originate(CallId call, const std::string& uri) {
  impl_->post([call, uri](Impl& i) { i.originate(call, uri); });
}
void SipGateway::connect_agent(CallId call, const std::string& uri) {
  impl_->post([call, uri](Impl& i) { i.connect_agent(call, uri); });
}
void SipGateway::hang_up(CallId call) {
  impl_->post([call](Impl& i) { i.hang_up(call); });
}
long SipGateway::live_handles() const {
  return impl_->live_handles();
}

}  // namespace blendd::sip
