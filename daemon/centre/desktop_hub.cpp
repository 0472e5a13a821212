#include "daemon/centre/desktop_hub.hpp"

#include "log/log.hpp"

#include "daemon/centre/token_hash.hpp"
#include "desk/agent_protocol.hpp"

namespace blendd::daemon {

namespace {
// Application close codes (4000-4999 are ours, RFC 6455 §7.4.2).
constexpr std::uint16_t kReplaced = 4001;
constexpr std::uint16_t kLoggedOut = 4002;
constexpr std::uint16_t kLoginFailed = 4003;
constexpr std::uint16_t kRevoked = 4004;
}  // namespace

DesktopHub::DesktopHub(const config::BlenddConfig& cfg) {
  update(cfg);
}

std::string DesktopHub::welcome(const std::string& agent) const {
  const std::string& group = centre_->agent_group(agent);
  auto wrap = wrap_up_s_.find(group);
  return desk::encode_welcome(agent, group, nodes_, catalogue_,
                              wrap == wrap_up_s_.end() ? 0 : wrap->second,
                              centre_->webrtc_phone(agent));
}

void DesktopHub::update(const config::BlenddConfig& cfg) {
  catalogue_ = cfg.catalogue.products;
  wrap_up_s_.clear();
  for (const auto& g : cfg.groups) wrap_up_s_[g.id] = g.wrap_up_s;
  nodes_ = {config::node_url(cfg)};
  nodes_.insert(nodes_.end(), cfg.node.peers.begin(), cfg.node.peers.end());
  const auto before = std::move(token_hashes_);
  token_hashes_.clear();
  for (const auto& g : cfg.groups)
    for (const auto& a : g.agents)
      if (!a.token_sha256.empty()) token_hashes_[a.id] = a.token_sha256;
  // A desk logged in with a token that is gone or changed is closed (and so logged out).
  std::vector<std::pair<std::string, WebSocketPtr>> revoked;
  for (const auto& [agent, ws] : by_agent_) {
    auto now = token_hashes_.find(agent);
    auto then = before.find(agent);
    if (now == token_hashes_.end() || then == before.end() || now->second != then->second) {
      revoked.emplace_back(agent, ws);
    }
  }
  for (const auto& [agent, ws] : revoked) {
    log::warn("desktop: agent {}'s token was revoked; closing the desk", agent);
    ws->send(desk::encode_error("revoked", "this agent's token was revoked; log in again"));
    ws->close(kRevoked, "token revoked");
  }
}

WebSocketHandler DesktopHub::handler() {
  WebSocketHandler h;
  // Sessions keep these handlers and may outlive the hub (a desk closing during shutdown).
  h.opened = lifetime_.guard([this](const WebSocketPtr& ws) { on_open(ws); });
  h.message =
      lifetime_.guard([this](const WebSocketPtr& ws, std::string text) { on_message(ws, text); });
  h.closed = lifetime_.guard([this](const WebSocketPtr& ws) { on_close(ws); });
  return h;
}

void DesktopHub::send(const std::string& agent, const std::string& message) {
  auto it = by_agent_.find(agent);
  if (it != by_agent_.end()) it->second->send(message);
}

void DesktopHub::on_open(const WebSocketPtr& /*ws*/) {}

std::string DesktopHub::standby_reason() const {
  // A close reason holds 123 bytes; a URL from the config fits (checked: http(s)://host:port).
  const std::string url = active_url_ ? active_url_() : std::string();
  return url.empty() ? "standby; active node not known yet" : "standby; active node " + url;
}

void DesktopHub::set_active(bool active) {
  active_ = active;
  if (active) return;
  auto desks = std::move(by_agent_);
  by_agent_.clear();
  agent_of_.clear();
  for (const auto& [agent, ws] : desks) {
    ws->send(desk::encode_error("standby",
                                "this node is no longer the active one: " + standby_reason()));
    ws->close(kStandby, standby_reason());
    if (centre_ != nullptr) centre_->agent_logout(agent);
  }
}

void DesktopHub::login(const WebSocketPtr& ws, const std::string& agent, const std::string& token) {
  if (auto mine = agent_of_.find(ws->id()); mine != agent_of_.end()) {
    if (mine->second != agent) {
      ws->send(desk::encode_error("forbidden", "this session belongs to agent '" + mine->second +
                                                   "'; it cannot act for '" + agent + "'"));
    }
    return;
  }
  if (!active_) {
    ws->send(desk::encode_error("standby", "this node is a standby: " + standby_reason()));
    ws->close(kStandby, standby_reason());
    return;
  }
  auto hash = token_hashes_.find(agent);
  if (centre_ == nullptr || !centre_->knows_agent(agent) || hash == token_hashes_.end() ||
      !token_matches(token, hash->second)) {
    log::warn("desktop: failed login for agent '{}'", agent);
    ws->send(desk::encode_error("login_failed", "unknown agent or wrong token"));
    ws->close(kLoginFailed, "login failed");
    return;
  }
  if (auto old = by_agent_.find(agent); old != by_agent_.end()) {
    // The newest desk wins (a reloaded page, a second PC): the old one is told and closed.
    old->second->send(desk::encode_error("replaced", "agent logged in from another desktop"));
    old->second->close(kReplaced, "logged in elsewhere");
    agent_of_.erase(old->second->id());
    by_agent_.erase(old);
    agent_of_[ws->id()] = agent;
    by_agent_[agent] = ws;
    ws->send(welcome(agent));
    centre_->desk_opened(agent);
    return;  // the agent stays logged in: no logout/login churn in the core
  }
  agent_of_[ws->id()] = agent;
  by_agent_[agent] = ws;
  log::info("desktop: agent {} logged in", agent);
  ws->send(welcome(agent));
  centre_->agent_login(agent);
  centre_->desk_opened(agent);
}

void DesktopHub::on_message(const WebSocketPtr& ws, const std::string& text) {
  auto parsed = desk::parse_agent_message(text);
  if (auto* error = std::get_if<desk::ProtocolError>(&parsed)) {
    ws->send(desk::encode_error(error->code, error->message));
    return;
  }
  auto& message = std::get<desk::AgentMessage>(parsed);
  if (auto* m = std::get_if<desk::LoginMessage>(&message)) return login(ws, m->agent, m->token);
  auto mine = agent_of_.find(ws->id());
  if (mine == agent_of_.end() || centre_ == nullptr) {
    ws->send(desk::encode_error("not_logged_in", "log in first"));
    return;
  }
  const std::string agent = mine->second;
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, desk::ReadyMessage>) {
          (void)centre_->agent_ready(agent);  // a refusal is sent to the desk by the centre
        } else if constexpr (std::is_same_v<T, desk::NotReadyMessage>) {
          centre_->agent_not_ready(agent, m.reason);
        } else if constexpr (std::is_same_v<T, desk::LogoutMessage>) {
          agent_of_.erase(ws->id());
          by_agent_.erase(agent);
          centre_->agent_logout(agent);
          ws->close(kLoggedOut, "logged out");
        } else if constexpr (std::is_same_v<T, desk::SubmitMessage>) {
          auto errors = centre_->submit(agent, m);
          if (!errors.empty()) {
            ws->send(desk::encode_error("invalid_submission",
                                        "nothing was stored; correct the fields listed", errors));
          }
        } else if constexpr (std::is_same_v<T, desk::AskedAboutMessage>) {
          centre_->asked_about(agent, m);
        } else if constexpr (std::is_same_v<T, desk::PhoneAnswerMessage>) {
          centre_->phone_answer(agent, m);
        } else if constexpr (std::is_same_v<T, desk::PhoneOfferMessage>) {
          centre_->phone_offer(agent, m);
        } else if constexpr (std::is_same_v<T, desk::PhoneMediaMessage>) {
          centre_->phone_media(agent, m);
        } else if constexpr (std::is_same_v<T, desk::PhoneHangUpMessage>) {
          centre_->phone_hang_up(agent, m);
        } else if constexpr (std::is_same_v<T, desk::PhoneHoldMessage>) {
          centre_->phone_hold(agent, m);
        } else if constexpr (std::is_same_v<T, desk::DialMessage>) {
          (void)centre_->manual_dial(agent, m);  // every refusal reaches the desk as dial_refused
        } else if constexpr (std::is_same_v<T, desk::TransferMessage>) {
          centre_->transfer(agent, m);
        }
        // Heartbeats only keep the session's idle timer fresh.
      },
      message);
}

void DesktopHub::on_close(const WebSocketPtr& ws) {
  auto mine = agent_of_.find(ws->id());
  if (mine == agent_of_.end()) return;
  const std::string agent = mine->second;
  agent_of_.erase(mine);
  auto current = by_agent_.find(agent);
  if (current == by_agent_.end() || current->second->id() != ws->id()) return;
  by_agent_.erase(current);
  // A desk that vanished cannot take calls: the agent is logged out (a call in progress goes on
  // over SIP; its result can be registered after logging in again, until wrap-up runs out).
  log::info("desktop: agent {} disconnected; logged out", agent);
  if (centre_ != nullptr) centre_->agent_logout(agent);
}

}  // namespace blendd::daemon
