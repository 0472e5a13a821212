#pragma once
// How the gateway binds and reaches the trunk, read from the configuration's sip: section.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "amd/amd_params.hpp"
#include "config/blendd_config.hpp"
#include "sip/leg_event.hpp"
#include "sip/registrar.hpp"

namespace blendd::sip {

class SdpRelay;
class AudioTap;

struct GatewayOptions {
  std::string bind_url = "sip:127.0.0.1:5070";  // one URL: sofia binds UDP and TCP on it
  // SIP over TLS: where it listens ("sips:host:port"; empty: no TLS), and the directory sofia
  // reads agent.pem (key and certificate chain) and cafile.pem from.
  std::string tls_url;
  std::string certificate_dir;
  bool tls_verify_peer = true;  // connections blendd opens (a trunk) must present a valid cert
  std::string from_uri = "sip:blendd@127.0.0.1";
  std::string outbound_proxy;  // empty: requests go where their Request-URI points
  std::string auth_username;   // digest credentials for the trunk; empty: never authenticate
  std::string auth_password;
  // Source IPs whose INVITEs are accepted as inbound calls; empty accepts any (lab use only).
  std::vector<std::string> allowed_sources;
  std::size_t max_message_size = 64 * 1024;  // larger SIP messages are refused by the stack
  std::chrono::milliseconds default_ring_timeout{20000};
  // A bridged call's legs are asked (in-dialog OPTIONS) this often whether their peer is still
  // there; a peer that is gone (481, or no answer at all) ends the call. 0: never.
  std::chrono::milliseconds keepalive_interval{30000};
  // RFC 4028 Min-SE: the shortest session interval blendd accepts (90 s, the RFC's floor;
  // tests go lower to see refreshes in seconds).
  int min_session_expires_s = 90;
  // Fault tests: datagrams sofia drops per 1,000 (TPTAG_DEBUG_DROP).
  unsigned debug_drop_permille = 0;
  // media.mode relay: every offer and answer goes through it (media/rtpengine_relay); null:
  // direct, the SDP passes unchanged and RTP flows between the parties.
  std::shared_ptr<SdpRelay> relay;
  // Relay mode, AMD campaigns: where the customer's first seconds are analysed (media/).
  std::shared_ptr<AudioTap> audio_tap;
  // sofia's own log lines (errors and warnings; level 2 of its 0-9 scale), without newline.
  std::function<void(std::string_view)> log;
  // The registrar (sip_uri: registered): each phone's digest account by SIP user name, the
  // realm and limits. No accounts: REGISTER is not offered (405).
  struct PhoneAccount {
    std::string agent;
    std::string ha1;
  };
  std::map<std::string, PhoneAccount> phone_accounts;
  std::string realm = "blendd";
  RegistrarLimits registrar;
  // A phone's bindings changed (registered, moved, removed, expired): on the sofia thread.
  std::function<void(Registration)> on_registration;

  // The sip: section and the registered phones' accounts (groups); the hooks are the caller's.
  static GatewayOptions from_config(const config::SipConfig& sip,
                                    const std::vector<config::GroupConfig>& groups = {});
};

struct OriginateRequest {
  CallId call = 0;
  std::string uri;                // sip:+4930123456@trunk
  std::string from_uri;           // caller ID for this campaign; empty: GatewayOptions::from_uri
  std::string asserted_identity;  // P-Asserted-Identity, e.g. <sip:+4930555000@example.com>
  std::chrono::milliseconds ring_timeout{0};  // 0: GatewayOptions::default_ring_timeout
  // When the decision to dial began (e.g. the event that made an agent idle); the gateway
  // measures from here to the INVITE handed to the stack. Default: when originate() was called.
  std::optional<std::chrono::steady_clock::time_point> decided_at;
  // The node may act until then (its lease, by its own clock): an INVITE the stack has not been
  // handed by that time is not sent (a process paused between the decision and the send).
  std::optional<std::chrono::steady_clock::time_point> not_after;
  // The agent's phone called (LegEventKind::phone_dialled, that event's call): its INVITE is the
  // agent leg, its offer goes to the customer, the customer's answer back in our 200 to it.
  std::optional<CallId> agent_call;
  // An AMD campaign's call (relay mode): once answered, the customer's audio goes to the audio
  // tap with these parameters until the verdict (LegEventKind::amd_decided).
  std::optional<amd::AmdParams> amd;
};

}  // namespace blendd::sip
