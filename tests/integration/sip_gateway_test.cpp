// The SIP gateway against real sipp peers on loopback: customer-first 3PCC (RFC 3725 flow I).
#include <gtest/gtest.h>

#include <mutex>

#include "sip/sip_gateway.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

struct Events {
  std::mutex mutex;
  std::vector<sip::LegEvent> all;
  void add(sip::LegEvent e) {
    std::lock_guard<std::mutex> lock(mutex);
    all.push_back(std::move(e));
  }
  std::optional<sip::LegEvent> find(sip::CallId call, sip::Leg leg, sip::LegEventKind kind) {
    std::lock_guard<std::mutex> lock(mutex);
    for (const auto& e : all) {
      if (e.call == call && e.leg == leg && e.kind == kind) return e;
    }
    return std::nullopt;
  }
};

// A sipp UAS on 127.0.0.1:port for `calls` calls: a scenario file from tests/sip/, or sipp's
// built-in "uas" (answers every INVITE with SDP and waits for the BYE).
std::vector<std::string> sipp_peer(const std::string& scenario, int port, int calls) {
  std::vector<std::string> args{"sipp"};
  if (scenario == "uas") {
    args.insert(args.end(), {"-sn", "uas"});
  } else {
    args.insert(args.end(), {"-sf", std::string(BLENDD_SOURCE_DIR "/tests/sip/") + scenario});
  }
  args.insert(args.end(), {"-i", "127.0.0.1", "-p", std::to_string(port), "-m",
                           std::to_string(calls), "-nostdin", "-timeout", "30s"});
  return args;
}

// A gateway bound to 127.0.0.1:port whose events land in `events`.
std::unique_ptr<sip::SipGateway> started_gateway(int port, Events& events) {
  std::this_thread::sleep_for(300ms);  // let the sipp peers bind first
  auto gateway = std::make_unique<sip::SipGateway>(
      sip::GatewayOptions{"sip:127.0.0.1:" + std::to_string(port), "sip:+4930555000@127.0.0.1"},
      [&events](sip::LegEvent e) { events.add(std::move(e)); });
  EXPECT_EQ(gateway->start(), "");
  return gateway;
}

}  // namespace

TEST(SipGateway, BridgesAnsweredCustomersToAgentsCustomerFirst) {
  test::TempDir dir;
  test::ChildProcess customers(sipp_peer("uas", 25080, 3), dir.file("customers.log"));
  test::ChildProcess agents(sipp_peer("uas", 25090, 3), dir.file("agents.log"));
  Events events;
  auto gateway = started_gateway(25070, events);
  for (sip::CallId call = 1; call <= 3; ++call) {
    gateway->originate(call, "sip:+4930111" + std::to_string(call) + "@127.0.0.1:25080");
    std::optional<sip::LegEvent> answered;
    ASSERT_TRUE(test::eventually(
        [&] {
          return (answered = events.find(call, sip::Leg::customer, sip::LegEventKind::answered))
              .has_value();
        },
        5s))
        << customers.log();
    EXPECT_NE(answered->sdp.find("m=audio"), std::string::npos) << "the customer's offer";
    gateway->connect_agent(call, "sip:a01@127.0.0.1:25090");
    std::optional<sip::LegEvent> agent;
    ASSERT_TRUE(test::eventually(
        [&] {
          return (agent = events.find(call, sip::Leg::agent, sip::LegEventKind::answered))
              .has_value();
        },
        5s))
        << agents.log();
    EXPECT_NE(agent->sdp.find("m=audio"), std::string::npos) << "the agent's answer";
    std::this_thread::sleep_for(50ms);
    gateway->hang_up(call);
  }
  EXPECT_TRUE(test::eventually([&] { return gateway->live_handles() == 0; }, 10s))
      << gateway->live_handles() << " handles left";
  EXPECT_EQ(customers.wait(15s), 0) << customers.log();
  EXPECT_EQ(agents.wait(15s), 0) << agents.log();
}

TEST(SipGateway, BusyCustomerIsReportedWithItsStatus) {
  test::TempDir dir;
  test::ChildProcess customers(sipp_peer("uas_busy.xml", 25081, 1), dir.file("busy.log"));
  Events events;
  auto gateway = started_gateway(25071, events);
  gateway->originate(7, "sip:+4930222@127.0.0.1:25081");
  std::optional<sip::LegEvent> failed;
  ASSERT_TRUE(test::eventually(
      [&] {
        return (failed = events.find(7, sip::Leg::customer, sip::LegEventKind::failed)).has_value();
      },
      5s))
      << customers.log();
  EXPECT_EQ(failed->status, 486);
  EXPECT_TRUE(test::eventually([&] { return gateway->live_handles() == 0; }, 5s));
  EXPECT_EQ(customers.wait(10s), 0) << customers.log();
}

TEST(SipGateway, HangingUpARingingCustomerSendsCancel) {
  test::TempDir dir;
  test::ChildProcess customers(sipp_peer("uas_ring_forever.xml", 25082, 1), dir.file("ring.log"));
  Events events;
  auto gateway = started_gateway(25072, events);
  gateway->originate(8, "sip:+4930333@127.0.0.1:25082");
  ASSERT_TRUE(test::eventually(
      [&] { return events.find(8, sip::Leg::customer, sip::LegEventKind::ringing).has_value(); },
      5s))
      << customers.log();
  gateway->hang_up(8);  // the ring timeout, as the core would decide it
  std::optional<sip::LegEvent> failed;
  ASSERT_TRUE(test::eventually(
      [&] {
        return (failed = events.find(8, sip::Leg::customer, sip::LegEventKind::failed)).has_value();
      },
      5s));
  EXPECT_EQ(failed->status, 487);
  EXPECT_TRUE(test::eventually([&] { return gateway->live_handles() == 0; }, 5s));
  EXPECT_EQ(customers.wait(10s), 0) << customers.log();
}

TEST(SipGateway, CustomerHangingUpEndsTheAgentLeg) {
  test::TempDir dir;
  test::ChildProcess customers(sipp_peer("uas_answer_then_bye.xml", 25083, 1), dir.file("bye.log"));
  test::ChildProcess agents(sipp_peer("uas", 25093, 1), dir.file("agents.log"));
  Events events;
  auto gateway = started_gateway(25073, events);
  gateway->originate(9, "sip:+4930444@127.0.0.1:25083");
  ASSERT_TRUE(test::eventually(
      [&] { return events.find(9, sip::Leg::customer, sip::LegEventKind::answered).has_value(); },
      5s))
      << customers.log();
  gateway->connect_agent(9, "sip:a02@127.0.0.1:25093");
  ASSERT_TRUE(test::eventually(
      [&] { return events.find(9, sip::Leg::agent, sip::LegEventKind::answered).has_value(); }, 5s))
      << agents.log();
  std::optional<sip::LegEvent> ended;
  ASSERT_TRUE(test::eventually(
      [&] {
        return (ended = events.find(9, sip::Leg::customer, sip::LegEventKind::ended)).has_value();
      },
      5s))
      << customers.log();
  EXPECT_EQ(ended->reason, "customer");
  EXPECT_TRUE(test::eventually([&] { return gateway->live_handles() == 0; }, 10s));
  EXPECT_EQ(customers.wait(10s), 0) << customers.log();
  EXPECT_EQ(agents.wait(10s), 0) << agents.log();  // the agent got our BYE
}

TEST(SipGateway, AgentWhoRejectsIsReportedAndTheCustomerGoesToTheNextAgent) {
  test::TempDir dir;
  test::ChildProcess customers(sipp_peer("uas", 25084, 1), dir.file("customers.log"));
  test::ChildProcess busy_agent(sipp_peer("uas_busy.xml", 25094, 1), dir.file("busy_agent.log"));
  test::ChildProcess next_agent(sipp_peer("uas", 25095, 1), dir.file("next_agent.log"));
  Events events;
  auto gateway = started_gateway(25074, events);
  gateway->originate(10, "sip:+4930555@127.0.0.1:25084");
  ASSERT_TRUE(test::eventually(
      [&] { return events.find(10, sip::Leg::customer, sip::LegEventKind::answered).has_value(); },
      5s));
  gateway->connect_agent(10, "sip:a03@127.0.0.1:25094");
  std::optional<sip::LegEvent> rejected;
  ASSERT_TRUE(test::eventually(
      [&] {
        return (rejected = events.find(10, sip::Leg::agent, sip::LegEventKind::failed)).has_value();
      },
      5s));
  EXPECT_EQ(rejected->status, 486);
  gateway->connect_agent(10, "sip:a04@127.0.0.1:25095");  // the core picks another idle agent
  ASSERT_TRUE(test::eventually(
      [&] { return events.find(10, sip::Leg::agent, sip::LegEventKind::answered).has_value(); },
      5s))
      << next_agent.log();
  gateway->hang_up(10);
  EXPECT_TRUE(test::eventually([&] { return gateway->live_handles() == 0; }, 10s));
  EXPECT_EQ(customers.wait(10s), 0) << customers.log();
  EXPECT_EQ(busy_agent.wait(10s), 0) << busy_agent.log();
  EXPECT_EQ(next_agent.wait(10s), 0) << next_agent.log();
}
