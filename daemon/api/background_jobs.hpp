#pragma once
// Work too long for the event loop (the threshold advisor's solves, a what-if's replay) runs on
// worker threads; its answer comes back to the loop. At most `limit` jobs run or wait at once:
// a caller beyond that is told so (429) rather than queued without end.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "daemon/http/http_types.hpp"

namespace blendd::daemon {

class BackgroundJobs {
 public:
  // The work runs on a worker and returns what to do next on the event loop, which `to_loop`
  // posts there (the loop's executor in the daemon; a plain call in tests).
  using Work = std::function<std::function<void()>()>;
  using Poster = std::function<void(std::function<void()>)>;
  using Failed = std::function<void(std::string what)>;  // on the loop, when the work threw

  BackgroundJobs(Poster to_loop, int threads, int limit);
  ~BackgroundJobs();
  BackgroundJobs(const BackgroundJobs&) = delete;
  BackgroundJobs& operator=(const BackgroundJobs&) = delete;

  // False (and nothing run) when `limit` jobs are already running or waiting.
  bool submit(Work work, Failed failed);
  int pending() const;

 private:
  void run_worker();

  Poster to_loop_;
  int limit_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<Work, Failed>> queue_;
  int running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// `work` answers the request on a worker; 429 when the workers are all taken, 500 when it threw
// (`what`: what could not be computed, for the message).
void answer_on_worker(BackgroundJobs& jobs, std::function<HttpResponse()> work,
                      const HttpResponder& respond, const std::string& what);

}  // namespace blendd::daemon
