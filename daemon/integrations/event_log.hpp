#pragma once
// Reading the CTI events back from the Redis stream the outbox appends to: those after an id,
// oldest first (the event stream's resume, a webhook's next batch).
#include <functional>
#include <string>
#include <system_error>
#include <vector>

#include "daemon/integrations/cti_event.hpp"

namespace blendd::queue {
class RedisClient;
}

namespace blendd::daemon {

struct StoredEvent {
  std::string id;  // the stream's id
  CtiEvent event;
};

// At most `count` events with an id above `after` ("0" or "": from the oldest the stream keeps,
// which is also where an `after` older than that resumes).
void read_events(queue::RedisClient& redis, const std::string& after, int count,
                 std::function<void(std::error_code, std::vector<StoredEvent>)> done);
// The newest id in the stream ("" when empty): where a new reader starts.
void newest_event_id(queue::RedisClient& redis,
                     std::function<void(std::error_code, std::string)> done);

}  // namespace blendd::daemon
