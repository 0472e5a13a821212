#pragma once
// The recordings and the case library under /api/v1 (docs/api.md): search, metadata, the audio
// (HTTP range requests; every listen audited), deletion (admin, audited), and the quality team's
// examples. Answered after their Redis round trips.
#include <functional>

#include "config/blendd_config.hpp"
#include "daemon/api/api_auth.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::daemon {

class AuditLog;
class Recorder;
class RecordingStore;

struct RecordingRouteContext {
  RecordingStore& store;
  Recorder* recorder;  // null: media.mode is direct, nothing is recorded
  AuditLog& audit;
  const config::BlenddConfig& config;
  std::function<std::int64_t()> now_ms;  // the call centre's clock
};

// True when the request is one of these routes; `respond` is then called, now or later.
bool recording_route(const HttpRequest& request, const Caller& caller,
                     RecordingRouteContext& context, const HttpResponder& respond);

}  // namespace blendd::daemon
