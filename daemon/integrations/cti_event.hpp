#pragma once
// One thing that happened in the centre, as the systems around it see it (docs/events.md,
// version kEventsVersion): its type, when, the call it belongs to and its place among that
// call's events, and its data as a JSON object. The outbox gives it its id (the Redis stream's).
#include <cstdint>
#include <string>

namespace blendd::daemon {

constexpr int kEventsVersion = 1;

struct CtiEvent {
  std::string type;  // call.queued, call.answered, call.offered, call.connected, call.ended,
                     // call.abandoned, call.transferred, agent.state, result.registered,
                     // campaign.run, settings.changed
  std::int64_t at_ms = 0;
  std::string call;   // "" for an event of no call
  int seq = 0;        // 1, 2, ... among the call's events (0: no call); the outbox numbers it
  std::string data;   // a JSON object's text
  bool last = false;  // the call's last event (its numbering ends)
};

// The event as JSON: {"id","v","type","at_ms","call","seq","data":{…}} (a webhook's body, a
// stream message).
std::string event_json(const CtiEvent& e, const std::string& id);

}  // namespace blendd::daemon
