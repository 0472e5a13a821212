// Two blendd nodes on one Redis: the second waits as a standby — it neither dials nor sends the
// active's live attempts to review, and refuses writes, desks and calls naming the active — and
// takes over when the active is killed (within the lease, 3 s, and a second) or paused past its
// lease; a woken node is fenced; two nodes started together make one active.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <iostream>
#include <thread>

#include "tests/support/call_centre_run.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/redis_server_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {
json::object node_of(const test::CallCentreRun& run) {
  auto r = test::http_get(run.http_port(), "/healthz");
  if (r.status == 0) return {};
  auto v = json::parse(r.body);
  return v.as_object().at("node").as_object();
}
std::string role_of(const test::CallCentreRun& run) {
  return run.role();
}
}  // namespace

TEST(TwoNodes, TheStandbyWaitsAndTakesOverWithinTheLeaseWhenTheActiveDies) {
  test::RedisServerProcess redis;
  auto spec = test::centre_spec(4, 300, 400);
  spec.redis_url = redis.url();
  test::CallCentreRun a(spec, 29100);
  ASSERT_TRUE(a.up()) << a.log();
  ASSERT_TRUE(test::eventually([&] { return role_of(a) == "active"; }, 5s)) << a.log();
  auto bots = a.start_agents(spec.agents, 50ms);
  ASSERT_TRUE(test::eventually(
      [&] { return test::CallCentreRun::campaign_figure(a.figures(), "dials") >= 5; }, 20s))
      << a.log();

  auto standby_spec = spec;
  standby_spec.targets = 0;  // its own file adds nothing; the list is the active's
  test::CallCentreRun b(standby_spec, 29110);
  ASSERT_TRUE(b.up()) << b.log();
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(role_of(a), "active");
  EXPECT_EQ(role_of(b), "standby") << b.log();
  EXPECT_EQ(node_of(b).at("active_node"), node_of(a).at("name"));
  EXPECT_EQ(test::CallCentreRun::campaign_figure(b.figures(), "dials"), 0) << "a standby dials";
  EXPECT_EQ(a.redis({"HLEN", "{c:spring}:review"}), "0")
      << "the standby sent the active's live attempts to review";

  // The active dies with calls up: the standby is active within the lease and a second.
  const auto epoch_a = node_of(a).at("epoch").as_int64();
  a.blendd().signal(SIGKILL);
  const auto killed = std::chrono::steady_clock::now();
  ASSERT_TRUE(test::eventually([&] { return role_of(b) == "active"; }, 6s)) << b.log();
  const double takeover_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
  EXPECT_LE(takeover_s, 4.0) << "lease 3 s + 1 s";
  std::cout << "takeover after SIGKILL of the active: " << takeover_s << " s\n";
  EXPECT_GT(node_of(b).at("epoch").as_int64(), epoch_a) << "a takeover is a new epoch";
  // What the dead node left open is in review now, by the new active.
  EXPECT_TRUE(test::eventually(
      [&] {
        return a.redis({"ZCARD", "{c:spring}:leases"}) == "0";
      },
      5s))
      << a.redis({"ZCARD", "{c:spring}:leases"}) << " attempts still open\n"
      << b.log();
  std::vector<desk::HandledCall> handled;
  for (const auto& bot : bots)
    for (const auto& h : bot->handled()) handled.push_back(h);
  bots.clear();
  auto agents = b.start_agents(spec.agents, 50ms);
  EXPECT_TRUE(test::eventually(
      [&] { return test::CallCentreRun::campaign_figure(b.figures(), "dials") >= 5; }, 20s))
      << "the new active dials\n"
      << b.log();
  for (const auto& bot : agents)
    for (const auto& h : bot->handled()) handled.push_back(h);
  agents.clear();

  // Across both nodes' trunks: one INVITE transaction per customer (each was dialled once:
  // results are final, the dead node's open attempts are in review, never redialled).
  a.stop_trunk();
  b.stop_trunk();
  EXPECT_EQ(test::dialled_twice(a, b), 0) << "customers dialled twice across both nodes";
  // Every result a desk was told is stored is in Redis, whichever node took it.
  const std::string results = b.redis({"XRANGE", "{c:spring}:results", "-", "+"});
  int acknowledged = 0, lost = 0;
  for (const auto& h : handled) {
    if (!h.acknowledged) continue;
    ++acknowledged;
    if (results.find("\n" + h.number + "\n") == std::string::npos) ++lost;
  }
  EXPECT_GT(acknowledged, 5);
  EXPECT_EQ(lost, 0) << "of " << acknowledged << " acknowledged results";
}

namespace {
// An OPTIONS out of any dialog, over UDP from a socket of our own: the status line and the
// Retry-After header of the answer ("" when nothing came back).
struct SipAnswer {
  int status = 0;
  std::string retry_after;
};
SipAnswer options_to(int sip_port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in me{};
  me.sin_family = AF_INET;
  me.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&me), sizeof me);
  socklen_t len = sizeof me;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&me), &len);
  const int my_port = ntohs(me.sin_port);
  const std::string msg =
      "OPTIONS sip:ping@127.0.0.1:" + std::to_string(sip_port) + " SIP/2.0\r\n" +
      "Via: SIP/2.0/UDP 127.0.0.1:" + std::to_string(my_port) + ";branch=z9hG4bK-" +
      std::to_string(my_port) + "-opt\r\n" + "Max-Forwards: 70\r\n" +
      "From: <sip:sbc@127.0.0.1>;tag=sbc1\r\nTo: <sip:ping@127.0.0.1>\r\n" + "Call-ID: options-" +
      std::to_string(my_port) + "@127.0.0.1\r\nCSeq: 1 OPTIONS\r\n" + "Content-Length: 0\r\n\r\n";
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(sip_port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::sendto(fd, msg.data(), msg.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buf[4096];
  SipAnswer a;
  const auto n = ::recv(fd, buf, sizeof buf - 1, 0);
  ::close(fd);
  if (n <= 0) return a;
  const std::string reply(buf, static_cast<std::size_t>(n));
  std::sscanf(reply.c_str(), "SIP/2.0 %d", &a.status);
  const auto at = reply.find("\r\nRetry-After:");
  if (at != std::string::npos) {
    const auto from = at + 14;
    a.retry_after = reply.substr(from, reply.find("\r\n", from) - from);
    a.retry_after.erase(0, a.retry_after.find_first_not_of(' '));
  }
  return a;
}

// One unlabelled sample of /metrics; -1 when absent.
double metric(const test::CallCentreRun& run, const std::string& name) {
  const auto text = run.api("GET", "/metrics", test::CallCentreRun::kViewer).body;
  const auto at = text.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::atof(text.c_str() + at + name.size() + 2);
}

}  // namespace

// A standby changes nothing and says where the active node is: API writes 503 naming it, a desk
// login refused with close code 4005 and the active's URL, SIP INVITE and OPTIONS 503 with
// Retry-After (a trunk with two destinations sends to the active), /healthz?role=active 503.
TEST(TwoNodes, AStandbyRefusesWritesDesksAndCallsAndNamesTheActiveNode) {
  test::RedisServerProcess redis;
  auto [spec_a, spec_b] = test::node_pair(test::centre_spec(1, 0), redis.url(), 29120, 29130);
  test::CallCentreRun a(spec_a, 29120);
  ASSERT_TRUE(a.up()) << a.log();
  ASSERT_TRUE(test::eventually([&] { return role_of(a) == "active"; }, 5s)) << a.log();
  test::CallCentreRun b(spec_b, 29130);
  ASSERT_TRUE(b.up()) << b.log();
  ASSERT_TRUE(test::eventually([&] { return role_of(b) == "standby"; }, 5s)) << b.log();
  ASSERT_TRUE(
      test::eventually([&] { return node_of(b).at("active_url").as_string() == a.url(); }, 3s))
      << json::serialize(node_of(b));
  EXPECT_EQ(node_of(b).at("active_node").as_string(), node_of(a).at("name").as_string());

  // API: a write is 503 with the active's URL; a read is answered.
  const std::string body = R"({"start":0.5,"stop":0.3,"minutes":5})";
  const std::string post =
      "POST /api/v1/groups/sales/override HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
      "Authorization: Bearer " +
      std::string(test::CallCentreRun::kSupervisor) +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body;
  auto refused = test::http_exchange(b.http_port(), post);
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_NE(refused.head.find("X-Blendd-Active: " + a.url()), std::string::npos) << refused.head;
  EXPECT_NE(refused.head.find("Retry-After: 1"), std::string::npos) << refused.head;
  EXPECT_EQ(json::parse(refused.body).at("error").at("code"), "standby");
  EXPECT_EQ(json::parse(refused.body).at("active_url").as_string(), a.url());
  EXPECT_EQ(test::http_exchange(a.http_port(), post).status, 200) << "the active takes it";
  EXPECT_EQ(b.api("GET", "/api/v1/figures", test::CallCentreRun::kViewer).status, 200);
  EXPECT_EQ(test::http_get(b.http_port(), "/healthz?role=active").status, 503);
  EXPECT_EQ(test::http_get(a.http_port(), "/healthz?role=active").status, 200);

  // Desks: refused at the standby with 4005 and the active's URL; welcomed at the active with
  // every node's URL.
  desk::DeskClient at_b("127.0.0.1", b.http_port());
  at_b.login(a.agent_id(0), a.agent_token(0));
  auto error = at_b.wait_for("error", 3s);
  ASSERT_TRUE(error) << b.log();
  EXPECT_EQ(error->at("code"), "standby");
  EXPECT_NE(std::string(error->at("message").as_string()).find(a.url()), std::string::npos);
  EXPECT_TRUE(test::eventually([&] { return at_b.closed(); }, 3s));
  EXPECT_EQ(at_b.close_code(), 4005);
  desk::DeskClient at_a("127.0.0.1", a.http_port());
  at_a.login(a.agent_id(0), a.agent_token(0));
  auto welcome = at_a.wait_for("welcome", 3s);
  ASSERT_TRUE(welcome) << a.log();
  const auto& nodes = welcome->at("nodes").as_array();
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].as_string(), a.url());
  EXPECT_EQ(nodes[1].as_string(), b.url());

  // SIP: the standby answers OPTIONS (and INVITE) 503 with Retry-After; the active 200.
  const auto standby_options = options_to(b.sip_port());
  EXPECT_EQ(standby_options.status, 503) << b.log();
  EXPECT_EQ(standby_options.retry_after, "5");
  EXPECT_EQ(options_to(a.sip_port()).status, 200) << a.log();
  b.start_callers(5, 2, 500);
  EXPECT_TRUE(
      test::eventually([&] { return metric(b, "blendd_sip_standby_refused_total") >= 3; }, 5s))
      << "the standby's inbound INVITEs are answered 503\n"
      << b.log();
  b.stop_callers();
  EXPECT_EQ(b.figure("calls_active"), 0);
}

// A node that is paused past its lease (SIGSTOP for twice the lease) and wakes up places no
// INVITE after its lease ran out, its late writes are refused, and it stays a standby; the
// other node took over meanwhile and nothing was dialled twice.
TEST(TwoNodes, ANodeWokenAfterItsLeasePlacesNoInviteAndBecomesAStandby) {
  test::RedisServerProcess redis;
  auto [spec_a, spec_b] =
      test::node_pair(test::centre_spec(4, 300, 400), redis.url(), 29140, 29150);
  test::CallCentreRun a(spec_a, 29140);
  ASSERT_TRUE(a.up()) << a.log();
  ASSERT_TRUE(test::eventually([&] { return role_of(a) == "active"; }, 5s)) << a.log();
  test::CallCentreRun b(spec_b, 29150);
  ASSERT_TRUE(b.up()) << b.log();
  auto bots_a = a.start_agents(spec_a.agents, 50ms);
  ASSERT_TRUE(test::eventually(
      [&] { return test::CallCentreRun::campaign_figure(a.figures(), "dials") >= 8; }, 20s))
      << a.log();
  ASSERT_EQ(role_of(b), "standby");

  a.blendd().signal(SIGSTOP);
  const auto stopped = std::chrono::system_clock::now();
  ASSERT_TRUE(test::eventually([&] { return role_of(b) == "active"; }, 6s)) << b.log();
  bots_a.clear();
  auto bots_b = b.start_agents(spec_b.agents, 50ms);  // the agents follow to the active node
  std::this_thread::sleep_for(6s - (std::chrono::system_clock::now() - stopped));
  a.blendd().signal(SIGCONT);
  const auto woken = std::chrono::system_clock::now();
  ASSERT_TRUE(test::eventually([&] { return role_of(a) == "standby"; }, 3s)) << a.log();
  std::this_thread::sleep_for(2s);  // whatever the woken node would still do, it does now
  EXPECT_EQ(role_of(a), "standby");
  EXPECT_EQ(role_of(b), "active");
  EXPECT_GT(test::CallCentreRun::campaign_figure(b.figures(), "dials"), 0) << b.log();

  a.stop_trunk();  // its trace complete on disk
  int after = 0;
  for (const auto& [call_id, first] : a.trunk_invite_times())
    if (first > stopped + 100ms) ++after;
  EXPECT_EQ(after, 0) << "INVITEs the paused node sent after its lease ran out (woken "
                      << std::chrono::duration<double>(woken - stopped).count() << " s later)\n"
                      << a.log();
  // What the woken node still had to write (its calls' outcomes, releases) did not land: either
  // the store refused it for its stale epoch, or — when its Redis client saw its commands long
  // overdue on waking and dropped the connection first — it failed before reaching Redis and is
  // kept, never retried while the node stands by.
  const auto fenced = a.figures().at("node").at("fenced_refusals").as_int64();
  const std::string woken_log = a.log();
  const bool failed_locally = woken_log.find("not stored yet") != std::string::npos;
  EXPECT_TRUE(fenced > 0 || failed_locally)
      << "the woken node wrote nothing at all: this test proved nothing\n"
      << woken_log;
  std::cout << "late writes of the woken node refused by the fence: " << fenced
            << (failed_locally ? " (others failed before reaching Redis)" : "") << "\n";

  b.stop_trunk();
  EXPECT_EQ(test::dialled_twice(a, b), 0) << "customers dialled twice across both nodes";
}

// Two nodes started at the same moment: exactly one becomes active, and never both.
TEST(TwoNodes, TwoNodesStartedTogetherMakeExactlyOneActive) {
  test::RedisServerProcess redis;
  // Named copies, not a structured binding: clang 14 cannot capture those in a lambda.
  const auto specs = test::node_pair(test::centre_spec(1, 20), redis.url(), 29160, 29170);
  const test::CentreSpec spec_a = specs.first;
  test::CentreSpec spec_b = specs.second;
  spec_b.targets = 20;
  std::unique_ptr<test::CallCentreRun> a, b;
  std::thread start_a([&] { a = std::make_unique<test::CallCentreRun>(spec_a, 29160); });
  std::thread start_b([&] { b = std::make_unique<test::CallCentreRun>(spec_b, 29170); });
  start_a.join();
  start_b.join();
  ASSERT_TRUE(a->up()) << a->log();
  ASSERT_TRUE(b->up()) << b->log();
  int both = 0, samples = 0;
  const auto until = std::chrono::steady_clock::now() + 4s;
  while (std::chrono::steady_clock::now() < until) {
    const std::string ra = role_of(*a), rb = role_of(*b);
    if (ra == "active" && rb == "active") ++both;
    ++samples;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(both, 0) << "of " << samples << " samples, both nodes active";
  const int actives = (role_of(*a) == "active") + (role_of(*b) == "active");
  EXPECT_EQ(actives, 1) << a->log() << b->log();
  EXPECT_EQ(node_of(*a).at("epoch").as_int64() + node_of(*b).at("epoch").as_int64() > 0, true);
}

// A call up when its node dies keeps its media but loses its owner: the new active sends its
// attempt to review, and the agent registers the result there (the desk names the attempt) —
// stored once, however often the desk sends it.
TEST(TwoNodes, TheResultOfACallUpAtTheFailoverIsTakenByTheNewActiveOnce) {
  test::RedisServerProcess redis;
  auto [spec_a, spec_b] =
      test::node_pair(test::centre_spec(1, 5, 30000), redis.url(), 29180, 29190);
  test::CallCentreRun a(spec_a, 29180);
  ASSERT_TRUE(a.up()) << a.log();
  ASSERT_TRUE(test::eventually([&] { return role_of(a) == "active"; }, 5s)) << a.log();
  test::CallCentreRun b(spec_b, 29190);
  ASSERT_TRUE(b.up()) << b.log();
  auto desk_a = a.logged_in_desk(0);
  ASSERT_TRUE(desk_a) << a.log();
  desk_a->ready();
  auto offer = desk_a->wait_for("call_offered", 15s);
  ASSERT_TRUE(offer) << a.log();
  ASSERT_TRUE(desk_a->wait_for("call_connected", 10s)) << a.log();
  const std::string call(offer->at("call").as_string());
  const std::string attempt(offer->at("attempt").as_string());
  const std::string number(offer->at("customer").at("number").as_string());
  EXPECT_FALSE(attempt.empty());

  a.blendd().signal(SIGKILL);
  ASSERT_TRUE(test::eventually([&] { return role_of(b) == "active"; }, 6s)) << b.log();
  ASSERT_TRUE(test::eventually(
      [&] {
        return b.redis({"HEXISTS", "{c:spring}:review", number}) == "1";
      },
      5s))
      << "the dead node's attempt is in review\n"
      << b.log();

  desk::DeskClient desk_b("127.0.0.1", b.http_port());
  desk_b.login(b.agent_id(0), b.agent_token(0));
  ASSERT_TRUE(desk_b.wait_for("welcome", 5s)) << b.log();
  const json::object result{{"type", "submit"},
                            {"call", call},
                            {"attempt", attempt},
                            {"campaign", "spring"},
                            {"number", number},
                            {"disposition", "refused"},
                            {"answers", json::object{{"interested", false}}}};
  desk_b.send(result);
  auto submitted = desk_b.wait_for("submitted", 5s);
  ASSERT_TRUE(submitted) << b.log();
  EXPECT_EQ(submitted->at("call").as_string(), call);
  EXPECT_EQ(b.redis({"XLEN", "{c:spring}:results"}), "1");
  EXPECT_NE(b.redis({"HGET", "{c:spring}:review", number}).find("registered by a01"),
            std::string::npos)
      << b.redis({"HGET", "{c:spring}:review", number});
  desk_b.send(result);  // the page sent it again (it did not see the answer)
  EXPECT_TRUE(desk_b.wait_for("submitted", 5s)) << "a repeat is acknowledged";
  EXPECT_EQ(b.redis({"XLEN", "{c:spring}:results"}), "1") << "and stored once";
}

// What a supervisor tuned over the API on the active node (the live settings) holds on the node
// that takes over: shared through the store, read back at the takeover.
TEST(TwoNodes, SettingsTunedOnTheActiveHoldAfterTheTakeover) {
  test::RedisServerProcess redis;
  auto [spec_a, spec_b] = test::node_pair(test::centre_spec(1, 0), redis.url(), 29230, 29240);
  test::CallCentreRun a(spec_a, 29230);
  ASSERT_TRUE(a.up()) << a.log();
  ASSERT_TRUE(test::eventually([&] { return role_of(a) == "active"; }, 5s)) << a.log();
  test::CallCentreRun b(spec_b, 29240);
  ASSERT_TRUE(b.up()) << b.log();
  // Tuned after the standby started: only a read at the takeover can bring it over.
  const auto put = a.api("PUT", "/api/v1/groups/sales/thresholds", test::CallCentreRun::kSupervisor,
                         R"({"start":0.55,"stop":0.35,"reserve_agents":0,"reason":"busy hour"})");
  ASSERT_EQ(put.status, 200) << put.body;
  auto start_of = [](const test::CallCentreRun& run) {
    const auto f = run.figures();
    const auto* g = run.group(f, "sales");
    return g == nullptr ? -1.0 : g->at("start_threshold").to_number<double>();
  };
  EXPECT_DOUBLE_EQ(start_of(a), 0.55);
  EXPECT_DOUBLE_EQ(start_of(b), 0.3) << "a standby does not apply what it has not read";
  a.blendd().signal(SIGKILL);
  ASSERT_TRUE(test::eventually([&] { return role_of(b) == "active"; }, 6s)) << b.log();
  EXPECT_TRUE(test::eventually([&] { return start_of(b) == 0.55; }, 3s)) << start_of(b) << "\n"
                                                                         << b.log();
  EXPECT_NE(b.log().find("live settings taken over from the store"), std::string::npos);
}
