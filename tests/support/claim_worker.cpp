// A stand-in for a dialling blendd in the crash test: claims targets in a loop, reports each claim
// and each finished attempt on stdout (flushed), until the campaign runs dry.
// Usage: claim_worker REDIS_URL CAMPAIGN INSTANCE LEASE_MS
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "queue/target_store.hpp"

using namespace blendd;

int main(int argc, char** argv) {
  if (argc != 5) return 2;
  boost::asio::io_context io;
  queue::RedisClient::Options o;
  std::string reason;
  if (!queue::parse_redis_url(argv[1], o.endpoint, reason)) return 2;
  o.command_timeout = std::chrono::seconds(5);
  queue::RedisClient redis(io, o);
  redis.start();
  queue::TargetStore store(redis, argv[3]);
  const std::string campaign = argv[2];
  const long long lease = std::atoll(argv[4]);
  auto now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  bool done = false;
  std::function<void()> next = [&] {
    store.claim(campaign, 10, now_ms(), lease,
                [&](std::error_code ec, std::vector<queue::ClaimedTarget> c) {
                  if (ec) {
                    std::printf("ERROR %s\n", ec.message().c_str());
                    done = true;
                    return;
                  }
                  if (c.empty()) {
                    std::printf("EMPTY\n");
                    std::fflush(stdout);
                    done = true;
                    return;
                  }
                  auto left = std::make_shared<std::size_t>(c.size());
                  for (const auto& t : c) {
                    std::printf("CLAIM %s %s\n", t.attempt_id.c_str(), t.target.number.c_str());
                    std::fflush(stdout);
                    store.record_outcome(campaign, t.attempt_id, "answered", std::nullopt,
                                         "completed", now_ms(), "w",
                                         [&, left, id = t.attempt_id](std::error_code e, bool) {
                                           if (!e) std::printf("DONE %s\n", id.c_str());
                                           std::fflush(stdout);
                                           if (--*left == 0) next();
                                         });
                  }
                });
  };
  next();
  while (!done) io.run_one();
  return 0;
}
