#include "config/http_url.hpp"

#include <cctype>

namespace blendd::config {

std::string HttpUrl::host_header() const {
  const bool v6 = host.find(':') != std::string::npos;
  std::string h = v6 ? "[" + host + "]" : host;
  if (port != (tls ? "443" : "80")) h += ":" + port;
  return h;
}

HttpUrl parse_http_url(const std::string& url, std::string& reason) {
  HttpUrl out;
  reason.clear();
  std::string rest;
  if (url.rfind("https://", 0) == 0) {
    out.tls = true;
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    reason = "must start with http:// or https://";
    return out;
  }
  for (char c : url) {
    if (std::isspace(static_cast<unsigned char>(c)) ||
        std::iscntrl(static_cast<unsigned char>(c))) {
      reason = "must not contain spaces or control characters";
      return out;
    }
  }
  if (url.find('#') != std::string::npos) {
    reason = "must not have a fragment (#…)";
    return out;
  }
  const auto slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  out.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (out.target[0] == '?') out.target = "/" + out.target;
  if (authority.find('@') != std::string::npos) {
    reason = "must not carry user info (user:password@): the secret signs each request";
    return out;
  }
  std::string port;
  if (!authority.empty() && authority[0] == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) {
      reason = "has an unclosed [ in its IPv6 address";
      return out;
    }
    out.host = authority.substr(1, close - 1);
    const std::string after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') {
        reason = "has something after its IPv6 address that is not :port";
        return out;
      }
      port = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos) port = authority.substr(colon + 1);
  }
  if (out.host.empty()) {
    reason = "names no host";
    return out;
  }
  if (!port.empty()) {
    long value = 0;
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || value > 65535) {
        reason = "has a port that is not a number 1-65535";
        return out;
      }
      value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535) {
      reason = "has a port that is not a number 1-65535";
      return out;
    }
    out.port = port;
  } else {
    out.port = out.tls ? "443" : "80";
  }
  return out;
}

}  // namespace blendd::config
