#include "sip/gateway_options.hpp"

namespace blendd::sip {

namespace {

// sofia binds UDP and TCP on a URL without a transport parameter; a listen list that names both
// for one address becomes that one URL (sofia takes no comma lists).
bool is_tls(const std::string& url) {
  return url.find("transport=tls") != std::string::npos || url.rfind("sips:", 0) == 0;
}

std::string bind_url_of(const config::SipConfig& sip) {
  std::vector<std::string> plain;
  for (const auto& url : sip.listen)
    if (!is_tls(url)) plain.push_back(url);
  if (plain.empty()) return "sip:127.0.0.1:5070";
  std::string first = plain.front();
  const auto params = first.find(';');
  const std::string base = first.substr(0, params);
  bool udp = false, tcp = false;
  for (const auto& url : plain) {
    if (url.substr(0, url.find(';')) != base) continue;
    udp = udp || url.find("transport=udp") != std::string::npos;
    tcp = tcp || url.find("transport=tcp") != std::string::npos;
  }
  return udp && tcp ? base : first;
}

// The first TLS entry as sofia's SIPS URL: "sip:h:p;transport=tls" → "sips:h:p".
std::string tls_url_of(const config::SipConfig& sip) {
  for (const auto& url : sip.listen) {
    if (!is_tls(url)) continue;
    std::string rest = url.substr(url.find(':') + 1);
    return "sips:" + rest.substr(0, rest.find(';'));
  }
  return {};
}

}  // namespace

GatewayOptions GatewayOptions::from_config(const config::SipConfig& sip,
                                           const std::vector<config::GroupConfig>& groups) {
  GatewayOptions o;
  o.bind_url = bind_url_of(sip);
  o.tls_url = tls_url_of(sip);
  o.tls_verify_peer = sip.tls.verify_peer;
  o.from_uri = sip.caller_id;
  o.outbound_proxy = sip.trunk.outbound_proxy;
  o.auth_username = sip.trunk.username;
  o.auth_password = sip.trunk.password;
  o.allowed_sources = sip.trunk.allowed_sources;
  o.debug_drop_permille = sip.debug_drop_permille;
  o.keepalive_interval = std::chrono::seconds(sip.keepalive_s);
  o.min_session_expires_s = sip.min_session_expires_s;
  o.realm = sip.registrar.realm;
  o.registrar = {sip.registrar.min_expires_s, sip.registrar.max_expires_s,
                 sip.registrar.default_expires_s, sip.registrar.max_contacts};
  for (const auto& g : groups) {
    for (const auto& a : g.agents) {
      if (a.registered()) o.phone_accounts[a.sip_username] = {a.id, a.sip_ha1};
    }
  }
  return o;
}

}  // namespace blendd::sip
