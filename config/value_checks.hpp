#pragma once
// Syntax checks for values that appear in the config: SIP URIs, listen addresses, Redis URLs.
// Each returns an empty string when the value is fine, else the reason it is not.
#include <cstdint>
#include <string>
#include <string_view>

namespace blendd::config {

std::string check_sip_uri(std::string_view uri);
std::string check_redis_url(std::string_view url);
std::string check_identifier(std::string_view id);
std::string check_ip_address(std::string_view ip);
// "HH:MM" (24:00 allowed as the end of the day) → minutes since midnight, or -1.
int minute_of_day(const std::string& text);

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
};
// "127.0.0.1:8080" or "[::1]:8080"; reason set when malformed.
HostPort parse_host_port(std::string_view text, std::string& reason);

}  // namespace blendd::config
