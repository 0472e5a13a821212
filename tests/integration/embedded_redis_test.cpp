#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>

#include "queue/embedded_redis.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace blendd;
using namespace std::chrono_literals;

TEST(EmbeddedRedis, StartsOnUnixSocketWithAofAndStops) {
  test::TempDir dir;
  queue::EmbeddedRedis redis({"redis-server", dir.file("redis"), 5000ms});
  ASSERT_EQ(redis.start(), "");
  const pid_t pid = redis.pid();
  EXPECT_TRUE(test::process_alive(pid));
  EXPECT_TRUE(std::filesystem::exists(redis.socket_path()));
  // AOF on: redis 7 keeps it in appendonlydir.
  EXPECT_TRUE(test::eventually(
      [&] { return std::filesystem::exists(dir.file("redis/appendonlydir")); }, 2s));
  redis.stop();
  EXPECT_FALSE(test::process_alive(pid));
  EXPECT_EQ(redis.pid(), -1);
}

TEST(EmbeddedRedis, MissingBinaryGivesAClearError) {
  test::TempDir dir;
  queue::EmbeddedRedis redis({"/nonexistent/redis-server", dir.file("redis"), 2000ms});
  EXPECT_EQ(redis.start(), "cannot run '/nonexistent/redis-server' (is redis-server installed?)");
}

TEST(EmbeddedRedis, RefusesASocketAnotherServerServes) {
  test::TempDir dir;
  queue::EmbeddedRedis first({"redis-server", dir.file("redis"), 5000ms});
  ASSERT_EQ(first.start(), "");
  queue::EmbeddedRedis second({"redis-server", dir.file("redis"), 5000ms});
  EXPECT_NE(second.start().find("already serves"), std::string::npos);
}

TEST(EmbeddedRedis, DetectsAnExitedServer) {
  test::TempDir dir;
  queue::EmbeddedRedis redis({"redis-server", dir.file("redis"), 5000ms});
  ASSERT_EQ(redis.start(), "");
  ::kill(redis.pid(), SIGKILL);
  EXPECT_TRUE(test::eventually([&] { return !redis.running(); }, 2s));
  ASSERT_EQ(redis.start(), "");  // what the daemon's supervision does
  EXPECT_TRUE(redis.running());
}
