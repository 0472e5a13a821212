// The real blendd binary: start, /healthz, SIGHUP reload, SIGTERM stop, no stray redis-server.
#include <arpa/inet.h>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>
#include <functional>

#include "tests/support/child_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

using namespace blendd::test;
using namespace std::chrono_literals;

namespace {

// A port pair of its own per test, below the ephemeral range: a port the kernel hands out to
// another test's client (sipp, HTTP) between our probe and blendd's bind would fail the test.
int free_port() {
  const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  return 20000 + 4 * static_cast<int>(std::hash<std::string>{}(name) % 1000);
}

std::string config_text(const std::string& state_dir, int port, const std::string& level) {
  return "state_dir: " + state_dir + "\nlogging: { level: " + level + " }\n" +
         "sip:\n  listen: [sip:127.0.0.1:" + std::to_string(port + 1) +
         "]\n  trunk: { uri: sip:127.0.0.1:5080 }\n"
         "  caller_id: sip:100@127.0.0.1\n"
         "http: { listen: 127.0.0.1:" +
         std::to_string(port) +
         " }\n"
         "groups:\n  - id: sales\n    agents: [{ id: a1, sip_uri: 'sip:a1@127.0.0.1:5090' }]\n";
}

class DaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = free_port();
    dir_.write("blendd.yaml", config_text(dir_.file("state"), port_, "info"));
    blendd_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{BLENDD_BINARY, "--config", dir_.file("blendd.yaml")},
        dir_.file("blendd.log"));
    ASSERT_TRUE(eventually([&] { return http_get(port_, "/healthz").status == 200; }, 10s))
        << blendd_->log();
  }

  std::vector<pid_t> embedded_redis() const { return find_processes(dir_.file("state/redis")); }

  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> blendd_;
};

}  // namespace

TEST_F(DaemonTest, AnswersHealthAndVersion) {
  auto health = http_get(port_, "/healthz");
  EXPECT_NE(health.body.find("\"status\":\"ok\""), std::string::npos) << health.body;
  EXPECT_NE(health.body.find("\"connected\":true"), std::string::npos);
  EXPECT_NE(health.body.find("\"embedded\":true"), std::string::npos);
  EXPECT_NE(health.head.find("application/json"), std::string::npos);

  auto version = http_get(port_, "/version");
  EXPECT_EQ(version.status, 200);
  EXPECT_NE(version.body.find("\"name\":\"blendd\""), std::string::npos);

  auto missing = http_get(port_, "/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, R"({"error":{"code":"no_route","message":"no route for /nope"}})");
  EXPECT_EQ(embedded_redis().size(), 1u);
}

TEST_F(DaemonTest, RejectsAmbiguousFramingAndOversizedHeaders) {
  auto smuggle = http_exchange(port_,
                               "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  EXPECT_EQ(smuggle.status, 400);
  auto big = http_exchange(
      port_, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(http_get(port_, "/healthz").status, 200);  // still serving
}

TEST_F(DaemonTest, ReloadsOnSighupAndKeepsOldConfigWhenNewIsInvalid) {
  dir_.write("blendd.yaml", config_text(dir_.file("state"), port_, "debug"));
  blendd_->signal(SIGHUP);
  ASSERT_TRUE(eventually(
      [&] {
        return http_get(port_, "/healthz").body.find("\"config_generation\":2") !=
               std::string::npos;
      },
      5s))
      << blendd_->log();

  dir_.write("blendd.yaml", config_text(dir_.file("state"), port_, "loud"));
  blendd_->signal(SIGHUP);
  ASSERT_TRUE(eventually(
      [&] { return blendd_->log().find("logging.level: must be one of") != std::string::npos; },
      5s))
      << blendd_->log();
  EXPECT_NE(blendd_->log().find("blendd.yaml:2:19: logging.level"), std::string::npos);
  auto health = http_get(port_, "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_NE(health.body.find("\"config_generation\":2"), std::string::npos) << health.body;
}

TEST_F(DaemonTest, SigtermStopsWithExitZeroAndNoStrayRedis) {
  auto redis = embedded_redis();
  ASSERT_EQ(redis.size(), 1u);
  blendd_->signal(SIGTERM);
  auto code = blendd_->wait(15s);
  ASSERT_TRUE(code.has_value()) << "blendd did not stop in time\n" << blendd_->log();
  EXPECT_EQ(*code, 0) << blendd_->log();
  EXPECT_FALSE(process_alive(redis[0]));
  EXPECT_NE(blendd_->log().find("blendd stopped"), std::string::npos);
}

TEST_F(DaemonTest, KilledDaemonTakesItsRedisWithIt) {
  auto redis = embedded_redis();
  ASSERT_EQ(redis.size(), 1u);
  blendd_->signal(SIGKILL);
  blendd_->wait(5s);
  EXPECT_TRUE(eventually([&] { return !process_alive(redis[0]); }, 5s));
}

TEST_F(DaemonTest, RestartsItsRedisWhenItDies) {
  auto redis = embedded_redis();
  ASSERT_EQ(redis.size(), 1u);
  ::kill(redis[0], SIGKILL);
  ASSERT_TRUE(eventually(
      [&] {
        auto now = embedded_redis();
        return now.size() == 1 && now[0] != redis[0] && http_get(port_, "/healthz").status == 200;
      },
      10s))
      << blendd_->log();
}

TEST(DaemonCommandLine, CheckConfigReportsErrorsAndExitCodes) {
  TempDir dir;
  dir.write("bad.yaml", "sip: {}\nextra: 1\n");
  ChildProcess bad({BLENDD_BINARY, "--check-config", dir.file("bad.yaml")}, dir.file("bad.log"));
  EXPECT_EQ(bad.wait(5s), 1);
  const std::string log = bad.log();
  EXPECT_NE(log.find("bad.yaml:1:6: sip.listen: required key is missing"), std::string::npos)
      << log;
  EXPECT_NE(log.find("bad.yaml:2:1: extra: unknown key"), std::string::npos) << log;

  dir.write("good.yaml", config_text("/tmp/x", 8080, "info"));
  ChildProcess good({BLENDD_BINARY, "--check-config", dir.file("good.yaml")}, dir.file("good.log"));
  EXPECT_EQ(good.wait(5s), 0) << good.log();

  ChildProcess wrong({BLENDD_BINARY, "--frobnicate"}, dir.file("wrong.log"));
  EXPECT_EQ(wrong.wait(5s), 2);
  EXPECT_NE(wrong.log().find("unknown argument '--frobnicate'"), std::string::npos);
}
