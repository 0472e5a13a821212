#pragma once
// The validated configuration of one blendd process. Plain values only: no yaml-cpp types leak
// out of config/, so the rest of blendd never sees how the file was parsed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace blendd::config {

enum class LogLevel { trace, debug, info, warn, error };

struct LoggingConfig {
  LogLevel level = LogLevel::info;
};

struct TrunkConfig {
  std::string uri;             // where customer INVITEs go, e.g. sip:127.0.0.1:5080
  std::string outbound_proxy;  // empty = send straight to the trunk URI
  std::string username;        // digest credentials; empty = no authentication
  std::string password;
  std::vector<std::string> allowed_sources;  // IPs whose INVITEs count as inbound trunk calls
};

struct SipConfig {
  std::vector<std::string> listen;  // one URI per transport (sofia takes no comma lists)
  TrunkConfig trunk;
  std::string caller_id;  // default From URI of outbound calls
};

struct RedisConfig {
  std::string url;  // empty = start a private redis-server in state_dir
  int command_timeout_ms = 500;
  std::string server_binary = "redis-server";
};

struct ApiToken {
  std::string name;
  std::string role;        // admin | supervisor | viewer
  std::string sha256_hex;  // tokens are stored hashed, never in clear
};

struct HttpConfig {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::vector<ApiToken> tokens;
};

struct IdleThresholds {
  double start = 0.30;        // dialling starts when the smoothed idle level rises above this
  double stop = 0.20;         // and stops when it falls below this (hysteresis)
  int reserve_agents = 1;     // idle agents always kept free for inbound
  double smoothing_s = 10.0;  // idle-level smoothing window
  double min_dwell_s = 5.0;   // minimum time between dialling on/off changes
};

struct AgentConfig {
  std::string id;
  std::string sip_uri;
};

struct GroupConfig {
  std::string id;
  std::vector<AgentConfig> agents;  // the group's automatic outbound queue
  IdleThresholds idle;
};

enum class PacingMode { progressive, predictive, preview };

struct CampaignConfig {
  std::string id;
  std::string group;
  PacingMode pacing = PacingMode::progressive;
  double abandon_cap = 0.03;
  std::string caller_id;  // empty = sip.caller_id
  bool enabled = true;
};

struct BlenddConfig {
  std::string source_file;
  std::string state_dir = "/var/lib/blendd";
  LoggingConfig logging;
  SipConfig sip;
  RedisConfig redis;
  HttpConfig http;
  std::vector<GroupConfig> groups;
  std::vector<CampaignConfig> campaigns;
};

const char* to_string(LogLevel level);
const char* to_string(PacingMode mode);

}  // namespace blendd::config
