// The registrar for agents' phones (sip_uri: registered): REGISTER with digest authentication
// against each agent's HA1, bindings kept by sip/registrar (RFC 3261 §10.3) at the address the
// request came from, expiry, and the store's copy read back after a restart or a takeover.
#include <sofia-sip/msg_addr.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/url.h>

#include <cstring>
#include <random>

#include "sip/sofia_gateway.hpp"

namespace blendd::sip {

namespace {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A parameter of an Authorization header, its quotes removed ("" when absent).
std::string auth_param(const msg_auth_t* auth, const char* name) {
  const char* v = msg_params_find(auth->au_params, name);
  if (v == nullptr) return {};
  std::string s = v;
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] == '\\' && i + 2 < s.size()) ++i;
      out += s[i];
    }
    return out;
  }
  return s;
}

std::string random_secret() {
  std::random_device rd;
  std::string s;
  for (int i = 0; i < 32; ++i) s += static_cast<char>(rd() & 0xff);
  return s;
}

constexpr std::int64_t kNonceLifetimeMs = 300'000;

}  // namespace

void SofiaGateway::respond_register(nua_handle_t* nh, int status, const char* phrase,
                                    tagi_t const* extra) {
  nua_respond(nh, status, phrase, NUTAG_WITH_THIS(nua_), TAG_NEXT(extra));
  nua_handle_destroy(nh);
}

SofiaGateway::DigestOutcome SofiaGateway::check_digest(const sip_t* sip, const char* method,
                                                       bool proxy) {
  const std::int64_t now = wall_ms();
  if (!digest_)
    digest_ =
        std::make_unique<DigestAuthenticator>(options_.realm, random_secret(), kNonceLifetimeMs);
  const int challenge_status = proxy ? 407 : 401;
  const msg_auth_t* auth = proxy ? sip->sip_proxy_authorization : sip->sip_authorization;
  while (auth != nullptr &&
         (auth->au_scheme == nullptr || strcasecmp(auth->au_scheme, "Digest") != 0 ||
          auth_param(auth, "realm") != options_.realm)) {
    auth = auth->au_next;
  }
  if (auth == nullptr)
    return {challenge_status, "Unauthorized", digest_->challenge(now, false), ""};
  DigestCredentials c;
  c.username = auth_param(auth, "username");
  c.realm = auth_param(auth, "realm");
  c.nonce = auth_param(auth, "nonce");
  c.uri = auth_param(auth, "uri");
  c.response = auth_param(auth, "response");
  c.algorithm = auth_param(auth, "algorithm");
  c.qop = auth_param(auth, "qop");
  c.nc = auth_param(auth, "nc");
  c.cnonce = auth_param(auth, "cnonce");
  auto account = options_.phone_accounts.find(c.username);
  // An unknown user name gets the answer a wrong password gets: accounts are not enumerated.
  static const std::string kNoHa1(32, '0');
  const DigestVerdict verdict = digest_->check(
      c, account == options_.phone_accounts.end() ? kNoHa1 : account->second.ha1, method, now);
  if (verdict == DigestVerdict::stale || verdict == DigestVerdict::replayed)
    return {challenge_status, "Unauthorized", digest_->challenge(now, true), ""};
  if (verdict == DigestVerdict::malformed) return {400, "Malformed Authorization", "", ""};
  if (verdict != DigestVerdict::ok || account == options_.phone_accounts.end())
    return {403, "Forbidden", "", ""};
  return {0, "", "", c.username};
}

void SofiaGateway::on_register(nua_handle_t* nh, const sip_t* sip) {
  const std::int64_t now = wall_ms();
  if (!accepting_) {
    ++standby_refused_;
    const std::string retry = "5";
    tagi_t extra[] = {{SIPTAG_RETRY_AFTER_STR(retry.c_str())},
                      {SIPTAG_WARNING_STR("399 blendd \"standby node\"")},
                      {TAG_END()}};
    return respond_register(nh, SIP_503_SERVICE_UNAVAILABLE, extra);
  }
  if (sip == nullptr || sip->sip_to == nullptr || sip->sip_call_id == nullptr ||
      sip->sip_cseq == nullptr || sip->sip_to->a_url->url_user == nullptr) {
    ++register_refused_;
    return respond_register(nh, 400, "REGISTER needs To with a user, Call-ID and CSeq", nullptr);
  }
  const DigestOutcome auth = check_digest(sip, "REGISTER", false);
  if (auth.status == 401) {
    tagi_t extra[] = {{SIPTAG_WWW_AUTHENTICATE_STR(auth.challenge.c_str())}, {TAG_END()}};
    return respond_register(nh, SIP_401_UNAUTHORIZED, extra);
  }
  if (auth.status != 0) {
    ++register_refused_;
    return respond_register(nh, auth.status, auth.phrase.c_str(), nullptr);
  }
  if (auth.username != sip->sip_to->a_url->url_user) {
    // A phone registers its own address only: one agent's credentials never bind another's.
    ++register_refused_;
    return respond_register(nh, 403, "May register only its own address", nullptr);
  }
  const auto account = options_.phone_accounts.find(auth.username);
  RegisterRequest r;
  r.agent = account->second.agent;
  r.call_id = sip->sip_call_id->i_id;
  r.cseq = sip->sip_cseq->cs_seq;
  r.expires_header_s =
      sip->sip_expires != nullptr ? static_cast<int>(sip->sip_expires->ex_delta) : -1;
  for (const sip_contact_t* m = sip->sip_contact; m != nullptr; m = m->m_next) {
    if (m->m_url->url_type == url_any) {
      r.wildcard = true;
      continue;
    }
    char* text = url_as_string(home_, m->m_url);
    if (text == nullptr) continue;
    RegisterRequest::Contact contact{text, -1};
    su_free(home_, text);
    if (m->m_expires != nullptr) contact.expires_s = std::atoi(m->m_expires);
    r.contacts.push_back(std::move(contact));
  }
  r.transport = transport_of_via(sip);
  std::string source;
  source_allowed(&source);  // only for the address: phones may register from anywhere
  r.source_host = source;
  if (msg_t* request = nua_current_request(nua_)) {
    if (su_addrinfo_t* ai = msg_addrinfo(request); ai != nullptr && ai->ai_addr != nullptr)
      r.source_port = ntohs(reinterpret_cast<su_sockaddr_t*>(ai->ai_addr)->su_port);
  }
  if (sip->sip_user_agent != nullptr && sip->sip_user_agent->g_string != nullptr)
    r.user_agent = sip->sip_user_agent->g_string;
  RegisterOutcome outcome = registrar_.apply(r, now);
  if (outcome.status == 423) {
    const std::string min = std::to_string(outcome.min_expires_s);
    tagi_t extra[] = {{SIPTAG_MIN_EXPIRES_STR(min.c_str())}, {TAG_END()}};
    return respond_register(nh, 423, "Interval Too Brief", extra);
  }
  if (outcome.status != 200) {
    ++register_refused_;
    return respond_register(nh, outcome.status, outcome.phrase.c_str(), nullptr);
  }
  // Every current binding with its remaining time (RFC 3261 §10.3 step 8).
  std::string contacts;
  for (const auto& b : outcome.bindings) {
    if (!contacts.empty()) contacts += ", ";
    contacts += "<" + b.contact + ">;expires=" +
                std::to_string(std::max<std::int64_t>(0, (b.expires_at_ms - now + 999) / 1000));
  }
  tagi_t extra[] = {{TAG_IF(!contacts.empty(), SIPTAG_CONTACT_STR(contacts.c_str()))}, {TAG_END()}};
  respond_register(nh, SIP_200_OK, extra);
  registered_phones_ = static_cast<long>(registrar_.agents());
  if (r.contacts.empty() && !r.wildcard) return;  // a query changes nothing
  Registration reg;
  reg.agent = r.agent;
  reg.bindings = std::move(outcome.bindings);
  reg.cause = reg.bindings.empty() ? "removed" : outcome.changed ? "registered" : "refreshed";
  if (options_.on_registration) options_.on_registration(std::move(reg));
}

void SofiaGateway::report_registration(const std::string& agent, const char* cause) {
  Registration reg;
  reg.agent = agent;
  reg.bindings = registrar_.bindings(agent);
  reg.cause = cause;
  if (options_.on_registration) options_.on_registration(std::move(reg));
}

// The gauge first: whoever hears the report reads a gauge that already agrees with it.
void SofiaGateway::expire_registrations() {
  const auto changed = registrar_.expire(wall_ms());
  registered_phones_ = static_cast<long>(registrar_.agents());
  for (const auto& agent : changed) report_registration(agent, "expired");
}

void SofiaGateway::restore_registrations(const std::vector<Registration>& registrations) {
  const auto changed = registrar_.restore(registrations, wall_ms());
  registered_phones_ = static_cast<long>(registrar_.agents());
  for (const auto& agent : changed) report_registration(agent, "restored");
}

std::vector<SofiaGateway::AgentTarget> SofiaGateway::agent_targets(const std::string& uri) const {
  if (uri.rfind(kRegisteredPrefix, 0) != 0) return {{uri, ""}};
  std::vector<AgentTarget> targets;
  for (const auto& b : registrar_.bindings(uri.substr(std::strlen(kRegisteredPrefix)))) {
    if (b.source.empty()) {  // a copy without its flow: the contact at the address it came from
      targets.push_back({b.target, ""});
      continue;
    }
    const std::string flow =
        "sip:" + b.source + (b.transport == "udp" ? std::string() : ";transport=" + b.transport);
    targets.push_back({b.contact, flow});
  }
  return targets;
}

}  // namespace blendd::sip
