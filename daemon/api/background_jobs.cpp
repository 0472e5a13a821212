#include "daemon/api/background_jobs.hpp"

#include <exception>

#include "log/log.hpp"

namespace blendd::daemon {

BackgroundJobs::BackgroundJobs(Poster to_loop, int threads, int limit)
    : to_loop_(std::move(to_loop)), limit_(limit) {
  for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { run_worker(); });
}

BackgroundJobs::~BackgroundJobs() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();  // not started: dropped (their callers' connections end with blendd)
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
}

bool BackgroundJobs::submit(Work work, Failed failed) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || static_cast<int>(queue_.size()) + running_ >= limit_) return false;
    queue_.emplace_back(std::move(work), std::move(failed));
  }
  wake_.notify_one();
  return true;
}

int BackgroundJobs::pending() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(queue_.size()) + running_;
}

void BackgroundJobs::run_worker() {
  for (;;) {
    std::pair<Work, Failed> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    std::function<void()> then;
    try {
      then = job.first();
    } catch (const std::exception& e) {
      // A job's bug ends that job, never the worker; its caller is told (a 500) and it is logged.
      log::error("background job failed: {}", e.what());
      if (job.second)
        then = [failed = std::move(job.second), what = std::string(e.what())] { failed(what); };
    }
    {
      std::lock_guard lock(mutex_);
      --running_;
    }
    if (then) to_loop_(std::move(then));
  }
}

void answer_on_worker(BackgroundJobs& jobs, std::function<HttpResponse()> work,
                      const HttpResponder& respond, const std::string& what) {
  const bool taken = jobs.submit(
      [work = std::move(work), respond]() -> std::function<void()> {
        HttpResponse answer = work();
        return [respond, answer = std::move(answer)] { respond(answer); };
      },
      [respond, what](const std::string& why) {
        respond(json_error(500, "internal", what + " could not be computed: " + why));
      });
  if (!taken) {
    respond(json_error(429, "busy",
                       "the advisor and what-if jobs are all taken; try again in a moment"));
  }
}

}  // namespace blendd::daemon
