#include "config/value_checks.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace blendd::config {

namespace {

bool parse_port(std::string_view text, std::uint16_t& port) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) {
    return false;
  }
  port = static_cast<std::uint16_t>(value);
  return true;
}

bool valid_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

// host[:port] where host is a name, an IPv4 address or a bracketed IPv6 address.
std::string check_hostport(std::string_view hp) {
  if (hp.empty()) return "host is missing";
  std::string_view host = hp;
  std::string_view port;
  if (hp.front() == '[') {
    auto close = hp.find(']');
    if (close == std::string_view::npos) return "IPv6 host lacks ']'";
    host = hp.substr(1, close - 1);
    in6_addr a6{};
    if (inet_pton(AF_INET6, std::string(host).c_str(), &a6) != 1) return "bad IPv6 address";
    std::string_view rest = hp.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return "unexpected text after ']'";
      port = rest.substr(1);
    }
  } else {
    auto colon = hp.find(':');
    if (colon != std::string_view::npos) {
      host = hp.substr(0, colon);
      port = hp.substr(colon + 1);
    }
    if (host.empty()) return "host is missing";
    if (!std::all_of(host.begin(), host.end(), valid_host_char)) {
      return "host '" + std::string(host) + "' has characters not allowed in a host name";
    }
  }
  std::uint16_t p = 0;
  if (!port.empty() && !parse_port(port, p)) return "port must be 1-65535";
  if (port.empty() && hp.find(':') != std::string_view::npos && hp.front() != '[') {
    return "port must be 1-65535";
  }
  return {};
}

}  // namespace

std::string check_sip_uri(std::string_view uri) {
  std::string_view rest;
  if (uri.rfind("sip:", 0) == 0) {
    rest = uri.substr(4);
  } else if (uri.rfind("sips:", 0) == 0) {
    rest = uri.substr(5);
  } else {
    return "not a SIP URI: must start with sip: or sips:";
  }
  // Parameters and headers do not affect reachability; check user@host:port only.
  rest = rest.substr(0, std::min(rest.find(';'), rest.find('?')));
  auto at = rest.rfind('@');
  if (at != std::string_view::npos) {
    if (at == 0) return "user part before '@' is empty";
    rest = rest.substr(at + 1);
  }
  std::string reason = check_hostport(rest);
  return reason.empty() ? reason : "bad SIP URI: " + reason;
}

std::string check_redis_url(std::string_view url) {
  if (url.rfind("unix://", 0) == 0) {
    if (url.size() <= 7 || url[7] != '/') return "unix:// URL needs an absolute socket path";
    return {};
  }
  if (url.rfind("redis://", 0) == 0) {
    std::string_view hp = url.substr(8);
    hp = hp.substr(0, hp.find('/'));
    if (hp.find('@') != std::string_view::npos) return "credentials in the URL are not supported";
    std::string reason = check_hostport(hp);
    return reason.empty() ? reason : "bad Redis URL: " + reason;
  }
  return "Redis URL must start with redis:// or unix:// (or be empty for the embedded server)";
}

std::string check_identifier(std::string_view id) {
  if (id.empty()) return "must not be empty";
  if (id.size() > 64) return "must be at most 64 characters";
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      return "may contain only letters, digits, '-' and '_'";
    }
  }
  return {};
}

std::string check_ip_address(std::string_view ip) {
  std::string s(ip);
  in_addr a4{};
  in6_addr a6{};
  if (inet_pton(AF_INET, s.c_str(), &a4) == 1 || inet_pton(AF_INET6, s.c_str(), &a6) == 1) {
    return {};
  }
  return "'" + s + "' is not an IPv4 or IPv6 address";
}

HostPort parse_host_port(std::string_view text, std::string& reason) {
  HostPort out;
  reason.clear();
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find("]:");
    if (close == std::string_view::npos) {
      reason = "expected [ipv6]:port";
      return out;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      reason = "expected host:port";
      return out;
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (!check_ip_address(host).empty()) {
    reason = "listen host must be an IP address (got '" + std::string(host) + "')";
    return out;
  }
  if (!parse_port(port, out.port)) {
    reason = "port must be 1-65535 (got '" + std::string(port) + "')";
    return out;
  }
  out.host = std::string(host);
  return out;
}

int minute_of_day(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return -1;
  if (text.find_first_not_of("0123456789", 0) != 2 || !std::isdigit(text[3]) ||
      !std::isdigit(text[4]))
    return -1;
  const int h = std::stoi(text.substr(0, 2));
  const int m = std::stoi(text.substr(3, 2));
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

}  // namespace blendd::config
