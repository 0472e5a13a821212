#pragma once
// /healthz and /version: what a load balancer, systemd or an operator asks first.
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/centre/media_status.hpp"
#include "daemon/centre/node_role_view.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::daemon {

struct HealthSnapshot {
  bool redis_connected = false;
  bool redis_embedded = false;
  std::string redis_endpoint;
  std::uint64_t redis_reconnects = 0;
  std::uint64_t redis_dropped_unanswering = 0;  // connected but silent: dropped, reconnected
  std::uint64_t config_generation = 0;
  double uptime_s = 0;
  bool stopping = false;
  bool sip_running = false;
  std::string sip_error;
  long sip_live_handles = 0;
  long calls_active = 0;
  int desktops = 0;
  std::vector<std::string> restore_pending;
  std::size_t state_unwritten = 0;
  std::string node;         // this node's name
  std::string role;         // active | standby
  std::string active_node;  // the lease's holder as last seen
  std::string url;          // this node's URL
  std::string active_url;   // the active node's URL, as it put it in the lease
  std::uint64_t epoch = 0;  // the lease epoch this node was granted last
  MediaStatus media;        // relay mode: rtpengine
  long media_refused = 0;   // inbound answered 503 while rtpengine was away
};

// Returns a response when the request is a health route, else status 0.
HttpResponse health_route(const HttpRequest& request, const HealthSnapshot& health);

// A standby changes nothing: an API write (anything but GET and HEAD) gets 503 naming the active
// node (body, X-Blendd-Active) so a client can send it there; {0} when the request may go on.
HttpResponse standby_refusal(const HttpRequest& request, const NodeRoleView& node);

}  // namespace blendd::daemon
