// The workers behind the advisor and the what-if: work runs off the caller's thread, its answer
// comes back through the poster, a full house refuses (the route's 429), a throwing job is
// reported to its caller and the worker goes on.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "daemon/api/background_jobs.hpp"

using namespace blendd::daemon;
using namespace std::chrono_literals;

namespace {

// A loop stand-in: what the jobs post is run here, on the test's thread, when asked.
struct Loop {
  std::mutex m;
  std::condition_variable cv;
  std::vector<std::function<void()>> posted;
  void post(std::function<void()> f) {
    std::lock_guard lock(m);
    posted.push_back(std::move(f));
    cv.notify_all();
  }
  // Runs what was posted until `n` continuations have run (or 5 s pass).
  int run_until(std::size_t n) {
    std::size_t ran = 0;
    const auto until = std::chrono::steady_clock::now() + 5s;
    while (ran < n) {
      std::unique_lock lock(m);
      if (!cv.wait_until(lock, until, [&] { return !posted.empty(); })) break;
      auto batch = std::move(posted);
      posted.clear();
      lock.unlock();
      for (auto& f : batch) {
        f();
        ++ran;
      }
    }
    return static_cast<int>(ran);
  }
};

}  // namespace

TEST(BackgroundJobs, WorkRunsOnAWorkerAndItsAnswerComesBackThroughTheLoop) {
  Loop loop;
  BackgroundJobs jobs([&](std::function<void()> f) { loop.post(std::move(f)); }, 1, 4);
  const auto caller = std::this_thread::get_id();
  std::thread::id worker;
  int answered = 0;
  ASSERT_TRUE(jobs.submit(
      [&]() -> std::function<void()> {
        worker = std::this_thread::get_id();
        return [&] { answered = 42; };
      },
      nullptr));
  EXPECT_EQ(loop.run_until(1), 1);
  EXPECT_EQ(answered, 42);
  EXPECT_NE(worker, caller);
}

TEST(BackgroundJobs, BeyondTheLimitASubmissionIsRefusedAndAcceptedAgainOnceOneEnds) {
  Loop loop;
  BackgroundJobs jobs([&](std::function<void()> f) { loop.post(std::move(f)); }, 1, 2);
  std::mutex gate;
  std::unique_lock hold(gate);  // the first job waits here, so both places stay taken
  std::atomic<int> done{0};
  auto slow = [&]() -> std::function<void()> {
    std::lock_guard wait(gate);
    return [&] { ++done; };
  };
  ASSERT_TRUE(jobs.submit(slow, nullptr));
  ASSERT_TRUE(jobs.submit(slow, nullptr));
  EXPECT_FALSE(jobs.submit(slow, nullptr)) << "two running or waiting: the third is refused";
  EXPECT_EQ(jobs.pending(), 2);
  hold.unlock();
  EXPECT_EQ(loop.run_until(2), 2);
  EXPECT_EQ(done, 2);
  EXPECT_TRUE(jobs.submit(slow, nullptr));
  EXPECT_EQ(loop.run_until(1), 1);
}

TEST(BackgroundJobs, AJobThatThrowsIsReportedToItsCallerAndTheWorkerGoesOn) {
  Loop loop;
  BackgroundJobs jobs([&](std::function<void()> f) { loop.post(std::move(f)); }, 1, 4);
  std::string failure;
  ASSERT_TRUE(jobs.submit([]() -> std::function<void()> { throw std::runtime_error("no model"); },
                          [&](const std::string& what) { failure = what; }));
  int after = 0;
  ASSERT_TRUE(jobs.submit([&]() -> std::function<void()> { return [&] { after = 1; }; }, nullptr));
  EXPECT_EQ(loop.run_until(2), 2);
  EXPECT_EQ(failure, "no model");
  EXPECT_EQ(after, 1);
}
