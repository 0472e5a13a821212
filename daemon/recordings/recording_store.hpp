#pragma once
// Recordings' metadata in Redis (docs/store.md): one hash per recording `rec:<id>` (call,
// direction, group, campaign, number, agent, started_ms, duration_s, disposition, product,
// answers, file, bytes, plays; a case-library example adds example, example_product,
// example_note, example_by), the index `rec:index` (score: started_ms) and the library's set
// `rec:library`. Writes go through the node's fence; searches run one read-only script.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "queue/redis_types.hpp"

namespace blendd::queue {
class RedisClient;
class ScriptRunner;
}  // namespace blendd::queue

namespace blendd::daemon {

using RecordingFields = std::map<std::string, std::string>;

struct RecordingQuery {
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;  // exclusive; 0 = no end
  // Exact matches; empty = any.
  std::string agent, campaign, disposition, product, direction;
  bool examples_only = false;  // the case library
  int limit = 100;
};

class RecordingStore {
 public:
  static constexpr const char* kIndex = "rec:index";
  static constexpr const char* kLibrary = "rec:library";
  static std::string key(const std::string& id) { return "rec:" + id; }

  explicit RecordingStore(queue::RedisClient& redis);
  ~RecordingStore();
  void write_with(queue::RedisWriter writer) { writer_ = std::move(writer); }

  using Done = std::function<void(std::error_code)>;
  // Adds fields to the recording (a new one is indexed by its started_ms).
  void save(const std::string& id, const RecordingFields& fields, Done done);
  void remove(const std::string& id, Done done);
  void count_play(const std::string& id);
  // The case library: kind is "excellent" or "poor".
  void mark_example(const std::string& id, const RecordingFields& example, Done done);
  void unmark_example(const std::string& id, Done done);

  void get(const std::string& id,
           std::function<void(std::error_code, std::optional<RecordingFields>)> done);
  // Newest first.
  void search(const RecordingQuery& query,
              std::function<void(std::error_code, std::vector<RecordingFields>)> done);
  // Ids of recordings started before `before_ms` (oldest first, at most `limit`).
  void older_than(std::int64_t before_ms, int limit,
                  std::function<void(std::error_code, std::vector<std::string>)> done);

 private:
  void write(std::vector<std::string> argv, Done done);
  queue::RedisClient& redis_;
  queue::RedisWriter writer_;
  std::unique_ptr<queue::ScriptRunner> search_;
};

}  // namespace blendd::daemon
