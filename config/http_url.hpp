#pragma once
// An http:// or https:// URL taken apart for a client that connects to exactly that host: no
// user info, no fragment, a port in range. Webhook URLs are checked with it at load and the
// client connects with what it returns.
#include <string>

namespace blendd::config {

struct HttpUrl {
  bool tls = false;
  std::string host;                 // a name, an IPv4 address or an IPv6 address (without brackets)
  std::string port;                 // "80"/"443" unless given
  std::string target;               // the path and query ("/" at least)
  std::string host_header() const;  // Host: as RFC 9110 writes it (brackets, a port not default)
};

// Empty `reason` on success.
HttpUrl parse_http_url(const std::string& url, std::string& reason);

}  // namespace blendd::config
