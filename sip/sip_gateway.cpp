// The public face of the gateway: every request is posted to the sofia thread as a value.
#include "sip/sip_gateway.hpp"

#include "sip/sofia_gateway.hpp"

namespace blendd::sip {

SipGateway::SipGateway(GatewayOptions options, std::function<void(LegEvent)> on_event)
    : impl_(std::make_unique<SofiaGateway>(std::move(options), std::move(on_event))) {}

SipGateway::~SipGateway() {
  impl_->stop();
}

std::string SipGateway::start() {
  return impl_->start();
}

void SipGateway::originate(OriginateRequest request) {
  if (!request.decided_at) request.decided_at = std::chrono::steady_clock::now();
  impl_->post([request = std::move(request)](SofiaGateway& g) { g.originate(request); });
}

void SipGateway::connect_agent(CallId call, const std::string& agent_uri) {
  impl_->post([call, agent_uri](SofiaGateway& g) { g.connect_agent(call, agent_uri); });
}

void SipGateway::cancel_agent(CallId call) {
  impl_->post([call](SofiaGateway& g) { g.cancel_agent(call); });
}

void SipGateway::hang_up(CallId call) {
  impl_->post([call](SofiaGateway& g) { g.hang_up(call); });
}

void SipGateway::overflow_inbound(CallId call, const std::string& redirect_uri) {
  impl_->post([call, redirect_uri](SofiaGateway& g) { g.overflow_inbound(call, redirect_uri); });
}

void SipGateway::record(CallId call) {
  impl_->post([call](SofiaGateway& g) { g.record(call); });
}

void SipGateway::announce_and_hang_up(CallId call, const std::string& file) {
  impl_->post([call, file](SofiaGateway& g) { g.announce_and_hang_up(call, file); });
}

void SipGateway::leave_voicemail(CallId call, const std::string& file) {
  impl_->post([call, file](SofiaGateway& g) { g.leave_voicemail(call, file); });
}

void SipGateway::play_while_queued(CallId call, const std::string& file) {
  impl_->post([call, file](SofiaGateway& g) { g.play_while_queued(call, file); });
}

void SipGateway::hold_customer(CallId call, bool on, const std::string& file) {
  impl_->post([call, on, file](SofiaGateway& g) { g.hold_customer(call, on, file); });
}

void SipGateway::connect_browser(CallId call) {
  impl_->post([call](SofiaGateway& g) { g.connect_browser(call); });
}

void SipGateway::browser_answer(CallId call, const std::string& sdp) {
  impl_->post([call, sdp](SofiaGateway& g) { g.browser_answer(call, sdp); });
}

void SipGateway::browser_reoffer(CallId call, const std::string& sdp) {
  impl_->post([call, sdp](SofiaGateway& g) { g.browser_reoffer(call, sdp); });
}

void SipGateway::browser_hang_up(CallId call) {
  impl_->post([call](SofiaGateway& g) { g.browser_hang_up(call); });
}

void SipGateway::refuse_phone_call(CallId call, int status, const std::string& why) {
  impl_->post([call, status, why](SofiaGateway& g) { g.refuse_phone_call(call, status, why); });
}

void SipGateway::connect_number(CallId call, const std::string& uri, const std::string& from_uri) {
  impl_->post([call, uri, from_uri](SofiaGateway& g) { g.connect_number(call, uri, from_uri); });
}

void SipGateway::answer_transfer(CallId call, int status, const std::string& why) {
  impl_->post([call, status, why](SofiaGateway& g) { g.answer_transfer(call, status, why); });
}

void SipGateway::set_media_up(bool up) {
  impl_->post([up](SofiaGateway& g) { g.set_media_up(up); });
}

void SipGateway::restore_registrations(std::vector<Registration> registrations) {
  impl_->post([registrations = std::move(registrations)](SofiaGateway& g) {
    g.restore_registrations(registrations);
  });
}

void SipGateway::set_accepting(bool accepting) {
  impl_->set_accepting(accepting);
}

GatewayCounters SipGateway::counters() const {
  return impl_->counters();
}

const LatencyHistogram& SipGateway::decision_to_invite() const {
  return impl_->decision_to_invite();
}

const LatencyHistogram& SipGateway::answer_to_agent_invite() const {
  return impl_->answer_to_agent_invite();
}

}  // namespace blendd::sip
