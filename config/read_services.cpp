// Readers for the sections that describe blendd's own services: logging, SIP, Redis, HTTP.
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include <cstdio>

#include "config/section_readers.hpp"
#include "config/value_checks.hpp"
#include "policy/time_zone.hpp"

namespace blendd::config {

void read_logging(const YAML::Node& node, ErrorSink& errors, LoggingConfig& out) {
  YamlMapReader r(node, "logging", errors);
  if (auto level = r.string("level", Need::optional)) {
    static const std::pair<const char*, LogLevel> kLevels[] = {{"trace", LogLevel::trace},
                                                               {"debug", LogLevel::debug},
                                                               {"info", LogLevel::info},
                                                               {"warn", LogLevel::warn},
                                                               {"error", LogLevel::error}};
    bool found = false;
    for (auto [name, value] : kLevels) {
      if (*level == name) {
        out.level = value;
        found = true;
      }
    }
    if (!found) {
      errors.add(mark_of(r.child("level", Need::optional), r.mark()), "logging.level",
                 "must be one of trace, debug, info, warn, error (got '" + *level + "')");
    }
  }
}

namespace {

// sip.tls, and whether the listen list and the trunk need it.
void read_sip_tls(YamlMapReader& r, ErrorSink& errors, SipConfig& out) {
  const auto tls_entry = [](const std::string& uri) {
    return uri.find("transport=tls") != std::string::npos || uri.rfind("sips:", 0) == 0;
  };
  const bool listens = std::any_of(out.listen.begin(), out.listen.end(), tls_entry);
  YAML::Node tls = r.child("tls", Need::optional);
  if (tls.IsDefined()) {
    YamlMapReader t(tls, "sip.tls", errors);
    for (auto [key, into] :
         {std::pair{"certificate", &out.tls.certificate},
          std::pair{"private_key", &out.tls.private_key}, std::pair{"ca_file", &out.tls.ca_file}}) {
      auto path = t.string(key, std::string(key) == "ca_file" ? Need::optional : Need::required);
      if (!path) continue;
      *into = *path;
      if (::access(path->c_str(), R_OK) != 0) {
        errors.add(t.child(key, Need::optional).Mark(), std::string("sip.tls.") + key,
                   "cannot read '" + *path + "'");
      }
    }
    if (auto v = t.boolean("verify_peer", Need::optional)) out.tls.verify_peer = *v;
  }
  if (listens && out.tls.certificate.empty()) {
    errors.add(r.child("listen", Need::optional).Mark(), "sip.listen",
               "a transport=tls entry needs sip.tls (certificate and private_key)");
  }
  if (tls_entry(out.trunk.uri) && !listens) {
    errors.add(r.mark(), "sip.trunk.uri",
               "transport=tls needs a transport=tls entry in sip.listen (blendd's TLS transport)");
  }
}

}  // namespace

void read_sip(const YAML::Node& node, ErrorSink& errors, SipConfig& out) {
  YamlMapReader r(node, "sip", errors);
  if (auto listen = r.string_list("listen", Need::required)) {
    YAML::Node list = r.child("listen", Need::optional);
    if (listen->empty()) errors.add(list.Mark(), "sip.listen", "needs at least one URI");
    for (std::size_t i = 0; i < listen->size(); ++i) {
      const std::string& uri = (*listen)[i];
      std::string key = "sip.listen[" + std::to_string(i) + "]";
      std::string reason = check_sip_uri(uri);
      if (reason.empty() && uri.find(',') != std::string::npos) {
        reason = "one transport per URI: list each transport as its own entry";
      }
      if (!reason.empty()) errors.add(list[i].Mark(), key, reason);
    }
    out.listen = *listen;
  }
  YamlMapReader trunk(r.child("trunk", Need::required), "sip.trunk", errors);
  auto check_uri = [&](YamlMapReader& m, const char* key, Need need, std::string& into) {
    if (auto v = m.string(key, need)) {
      if (v->empty() && need == Need::optional) return;
      std::string reason = check_sip_uri(*v);
      if (!reason.empty()) errors.add(m.child(key, Need::optional).Mark(), m.key_path(key), reason);
      into = *v;
    }
  };
  check_uri(trunk, "uri", Need::required, out.trunk.uri);
  check_uri(trunk, "outbound_proxy", Need::optional, out.trunk.outbound_proxy);
  out.trunk.username = trunk.string("username", Need::optional).value_or("");
  out.trunk.password = trunk.string("password", Need::optional).value_or("");
  if (out.trunk.username.empty() != out.trunk.password.empty()) {
    errors.add(trunk.mark(), "sip.trunk.password", "username and password go together");
  }
  if (auto sources = trunk.string_list("allowed_sources", Need::optional)) {
    YAML::Node list = trunk.child("allowed_sources", Need::optional);
    for (std::size_t i = 0; i < sources->size(); ++i) {
      std::string reason = check_ip_address((*sources)[i]);
      if (!reason.empty()) {
        errors.add(list[i].Mark(), "sip.trunk.allowed_sources[" + std::to_string(i) + "]", reason);
      }
    }
    out.trunk.allowed_sources = *sources;
  }
  if (YAML::Node cb = trunk.child("circuit_breaker", Need::optional); cb.IsDefined()) {
    YamlMapReader b(cb, "sip.trunk.circuit_breaker", errors);
    if (auto v = b.integer("failures_to_open", Need::optional, 1, 1000))
      out.trunk.breaker_failures = static_cast<int>(*v);
    if (auto v = b.number("first_backoff_s", Need::optional, 0.1, 600))
      out.trunk.breaker_first_backoff_s = *v;
    if (auto v = b.number("max_backoff_s", Need::optional, 0.1, 3600))
      out.trunk.breaker_max_backoff_s = *v;
    if (out.trunk.breaker_max_backoff_s < out.trunk.breaker_first_backoff_s) {
      errors.add(b.mark(), "sip.trunk.circuit_breaker.max_backoff_s",
                 "must not be below first_backoff_s");
    }
  }
  check_uri(r, "caller_id", Need::required, out.caller_id);
  check_uri(r, "abandon_announcement", Need::optional, out.abandon_announcement);
  if (auto v = r.integer("keepalive_s", Need::optional, 0, 3600))
    out.keepalive_s = static_cast<int>(*v);
  if (auto v = r.integer("min_session_expires_s", Need::optional, 2, 86400))
    out.min_session_expires_s = static_cast<int>(*v);
  if (auto v = r.integer("debug_drop_permille", Need::optional, 0, 500))
    out.debug_drop_permille = static_cast<unsigned>(*v);
  read_sip_tls(r, errors, out);
  if (YAML::Node reg = r.child("registrar", Need::optional); reg.IsDefined()) {
    YamlMapReader g(reg, "sip.registrar", errors);
    auto& o = out.registrar;
    if (auto v = g.string("realm", Need::optional)) {
      const bool ok =
          !v->empty() && v->size() <= 128 && v->find_first_of("\"\\\r\n") == std::string::npos;
      if (!ok) {
        errors.add(g.child("realm", Need::optional).Mark(), "sip.registrar.realm",
                   "must be 1-128 characters without quotes, backslashes or line breaks");
      }
      o.realm = *v;
    }
    if (auto v = g.integer("min_expires_s", Need::optional, 10, 86400))
      o.min_expires_s = static_cast<int>(*v);
    if (auto v = g.integer("max_expires_s", Need::optional, 10, 86400))
      o.max_expires_s = static_cast<int>(*v);
    if (auto v = g.integer("default_expires_s", Need::optional, 10, 86400))
      o.default_expires_s = static_cast<int>(*v);
    if (auto v = g.integer("max_contacts", Need::optional, 1, 20))
      o.max_contacts = static_cast<int>(*v);
    if (o.max_expires_s < o.min_expires_s) {
      errors.add(g.mark(), "sip.registrar.max_expires_s", "must not be below min_expires_s");
    } else if (o.default_expires_s < o.min_expires_s || o.default_expires_s > o.max_expires_s) {
      errors.add(g.mark(), "sip.registrar.default_expires_s",
                 "must lie between min_expires_s and max_expires_s");
    }
  }
}

void read_redis(const YAML::Node& node, ErrorSink& errors, RedisConfig& out) {
  YamlMapReader r(node, "redis", errors);
  if (auto url = r.string("url", Need::optional)) {
    if (!url->empty()) {
      std::string reason = check_redis_url(*url);
      if (!reason.empty()) errors.add(r.child("url", Need::optional).Mark(), "redis.url", reason);
    }
    out.url = *url;
  }
  if (auto ms = r.integer("command_timeout_ms", Need::optional, 10, 60000)) {
    out.command_timeout_ms = static_cast<int>(*ms);
  }
  if (auto bin = r.string("server_binary", Need::optional)) out.server_binary = *bin;
  if (auto sentinels = r.string_list("sentinels", Need::optional)) {
    YAML::Node list = r.child("sentinels", Need::optional);
    for (std::size_t i = 0; i < sentinels->size(); ++i) {
      std::string reason;
      parse_host_port((*sentinels)[i], reason);
      if (!reason.empty())
        errors.add(list[i].Mark(), "redis.sentinels[" + std::to_string(i) + "]", reason);
    }
    out.sentinels = *sentinels;
  }
  if (auto name = r.string("master_name", Need::optional)) out.master_name = *name;
  if (out.sentinels.empty() != out.master_name.empty()) {
    errors.add(r.mark(), "redis.master_name", "sentinels and master_name go together");
  }
  if (!out.sentinels.empty() && !out.url.empty()) {
    errors.add(r.child("url", Need::optional).Mark(), "redis.url",
               "leave it empty with sentinels: the master is the one Sentinel names");
  }
  if (auto v = r.integer("wait_replicas", Need::optional, 0, 16))
    out.wait_replicas = static_cast<int>(*v);
  if (auto v = r.integer("wait_timeout_ms", Need::optional, 10, 10000))
    out.wait_timeout_ms = static_cast<int>(*v);
  if (auto v = r.integer("history_retention_days", Need::optional, 1, 3650))
    out.history_retention_days = static_cast<int>(*v);
  if (auto v = r.integer("history_interval_s", Need::optional, 60, 900)) {
    // Whole minutes dividing the quarter hour: every interval is a local one in every zone.
    if (*v % 60 != 0 || 900 % *v != 0) {
      errors.add(r.child("history_interval_s", Need::optional).Mark(), "redis.history_interval_s",
                 "must be 60, 180, 300 or 900 (whole minutes dividing the quarter hour)");
    } else {
      out.history_interval_s = static_cast<int>(*v);
    }
  }
}

namespace {
// "http://host:port" or "https://host:port" (a path is not allowed: desks add their own).
std::string check_node_url(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos ||
      (url.substr(0, scheme) != "http" && url.substr(0, scheme) != "https")) {
    return "must be http://host:port or https://host:port (got '" + url + "')";
  }
  const std::string rest = url.substr(scheme + 3);
  if (rest.empty() || rest.find('/') != std::string::npos || rest.find(':') == std::string::npos)
    return "must be http://host:port or https://host:port, without a path (got '" + url + "')";
  return {};
}
}  // namespace

std::string node_url(const BlenddConfig& cfg) {
  if (!cfg.node.url.empty()) return cfg.node.url;
  const std::string& host = cfg.http.listen_host;
  const bool v6 = host.find(':') != std::string::npos;
  return std::string(cfg.http.tls_certificate.empty() ? "http://" : "https://") +
         (v6 ? "[" + host + "]" : host) + ":" + std::to_string(cfg.http.listen_port);
}

void read_node(const YAML::Node& node, ErrorSink& errors, NodeConfig& out) {
  YamlMapReader r(node, "node", errors);
  if (auto name = r.string("name", Need::optional)) {
    if (name->find_first_of(" \t\n:") != std::string::npos)
      errors.add(r.child("name", Need::optional).Mark(), "node.name",
                 "no spaces or ':' (it is part of the store's instance names)");
    out.name = *name;
  }
  if (auto url = r.string("url", Need::optional)) {
    if (!url->empty()) {
      if (std::string reason = check_node_url(*url); !reason.empty())
        errors.add(r.child("url", Need::optional).Mark(), "node.url", reason);
    }
    out.url = *url;
  }
  if (auto peers = r.string_list("peers", Need::optional)) {
    YAML::Node list = r.child("peers", Need::optional);
    for (std::size_t i = 0; i < peers->size(); ++i) {
      if (std::string reason = check_node_url((*peers)[i]); !reason.empty())
        errors.add(list[i].Mark(), "node.peers[" + std::to_string(i) + "]", reason);
    }
    out.peers = *peers;
  }
  if (auto v = r.integer("lease_ms", Need::optional, 1000, 60000))
    out.lease_ms = static_cast<int>(*v);
}

namespace {
// "2026-12-31T23:59:59Z" → Unix seconds; 0 when malformed.
std::int64_t utc_seconds(const std::string& t) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  char z = 0;
  if (t.size() != 20 ||
      std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &z) != 7 ||
      z != 'Z') {
    return 0;
  }
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return 0;
  return policy::days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
}

bool is_sha256_hex(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) ||
        std::isupper(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}
}  // namespace

void read_http(const YAML::Node& node, ErrorSink& errors, HttpConfig& out) {
  YamlMapReader r(node, "http", errors);
  if (auto listen = r.string("listen", Need::optional)) {
    std::string reason;
    HostPort hp = parse_host_port(*listen, reason);
    if (!reason.empty()) {
      errors.add(r.child("listen", Need::optional).Mark(), "http.listen", reason);
    } else {
      out.listen_host = hp.host;
      out.listen_port = hp.port;
    }
  }
  if (auto v = r.integer("idle_timeout_s", Need::optional, 1, 3600))
    out.idle_timeout_s = static_cast<int>(*v);
  if (auto v = r.integer("intake_per_minute", Need::optional, 1, 6000))
    out.intake_per_minute = static_cast<int>(*v);
  if (YAML::Node tls = r.child("tls", Need::optional); tls.IsDefined()) {
    YamlMapReader t(tls, "http.tls", errors);
    for (auto [key, into] : {std::pair{"certificate", &out.tls_certificate},
                             std::pair{"private_key", &out.tls_private_key}}) {
      auto path = t.string(key, Need::required);
      if (!path) continue;
      *into = *path;
      if (::access(path->c_str(), R_OK) != 0) {
        errors.add(t.child(key, Need::optional).Mark(), std::string("http.tls.") + key,
                   "cannot read '" + *path + "'");
      }
    }
  }
  YAML::Node tokens = r.child("tokens", Need::optional);
  if (!tokens.IsDefined()) return;
  if (!tokens.IsSequence()) {
    errors.add(tokens.Mark(), "http.tokens", "must be a list");
    return;
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string path = "http.tokens[" + std::to_string(i) + "]";
    YamlMapReader t(tokens[i], path, errors);
    ApiToken token;
    token.name = t.string("name", Need::required).value_or("");
    token.role = t.string("role", Need::required).value_or("");
    token.sha256_hex = t.string("sha256", Need::required).value_or("");
    if (!token.role.empty() && token.role != "admin" && token.role != "supervisor" &&
        token.role != "qa" && token.role != "viewer" && token.role != "intake" &&
        token.role != "integration") {
      errors.add(t.child("role", Need::optional).Mark(), path + ".role",
                 "must be admin, supervisor, qa, viewer, intake or integration (got '" +
                     token.role + "')");
    }
    if (auto expires = t.string("expires", Need::optional)) {
      token.expires_at_s = utc_seconds(*expires);
      if (token.expires_at_s <= 0) {
        errors.add(t.child("expires", Need::optional).Mark(), path + ".expires",
                   "must be a UTC time YYYY-MM-DDTHH:MM:SSZ (got '" + *expires + "')");
      }
    }
    if (!token.sha256_hex.empty() && !is_sha256_hex(token.sha256_hex)) {
      errors.add(t.child("sha256", Need::optional).Mark(), path + ".sha256",
                 "must be 64 lower-case hex digits (the SHA-256 of the token, never the token)");
    }
    out.tokens.push_back(std::move(token));
  }
}

}  // namespace blendd::config
