// blendd's registrar through the real gateway, against sipp phones on loopback: digest
// challenge and answer, refusals, the binding at the address the REGISTER came from (the
// Contact names another: the phone is behind NAT), a call to a registered agent forking to
// each of its phones (first answer wins, the other is cancelled), expiry, and bindings restored
// from a copy (a restart).
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "sip/digest_auth.hpp"
#include "tests/support/sip_rig.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using sip::Leg;
using sip::LegEventKind;
using test::sipp_uas;

namespace {

constexpr int kBase = 29850;

// The registrations the gateway reports (on its thread).
class Registrations {
 public:
  void add(sip::Registration r) {
    std::lock_guard<std::mutex> lock(mutex_);
    all_.push_back(std::move(r));
    changed_.notify_all();
  }
  // The newest report for `agent` whose cause is `cause`, waiting up to `timeout`.
  std::optional<sip::Registration> wait(const std::string& agent, const std::string& cause,
                                        std::chrono::milliseconds timeout = 5s) {
    std::unique_lock<std::mutex> lock(mutex_);
    std::optional<sip::Registration> found;
    changed_.wait_for(lock, timeout, [&] {
      for (auto it = all_.rbegin(); it != all_.rend(); ++it) {
        if (it->agent == agent && it->cause == cause) {
          found = *it;
          return true;
        }
      }
      return false;
    });
    return found;
  }
  std::size_t count() {
    std::lock_guard<std::mutex> lock(mutex_);
    return all_.size();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<sip::Registration> all_;
};

sip::GatewayOptions registrar_options(int port, Registrations& regs) {
  sip::GatewayOptions o = test::gateway_options(port);
  o.phone_accounts["alice"] = {"a01", sip::digest_ha1("alice", "blendd", "secret")};
  o.phone_accounts["bob"] = {"a02", sip::digest_ha1("bob", "blendd", "hunter2")};
  o.registrar.min_expires_s = 1;  // the tests watch a binding expire in seconds
  o.on_registration = [&regs](sip::Registration r) { regs.add(std::move(r)); };
  return o;
}

// A sipp phone that registers `user` from 127.0.0.1:local_port (its Contact names
// 127.0.0.9: not where it is) with this password and expiry.
// `address_user`: the address it registers (default: its own user name).
std::vector<std::string> registering(const std::string& scenario, int local_port, int gateway_port,
                                     const std::string& user, const std::string& password,
                                     int expires_s, const std::string& address_user = "") {
  return {"sipp",
          "127.0.0.1:" + std::to_string(gateway_port),
          "-sf",
          std::string(BLENDD_SOURCE_DIR "/tests/sip/") + scenario,
          "-i",
          "127.0.0.1",
          "-p",
          std::to_string(local_port),
          "-s",
          address_user.empty() ? user : address_user,
          "-au",
          user,
          "-ap",
          password,
          "-key",
          "expires",
          std::to_string(expires_s),
          "-key",
          "contact_host",
          "127.0.0.9",
          "-m",
          "1",
          "-nostdin",
          "-timeout",
          "15s"};
}

// Dials a sipp customer at `customer_port` and connects it to `agent`'s registered phones,
// then hangs up: every peer must finish its scenario and no handle be left.
::testing::AssertionResult call_and_hang_up(test::SipRig& rig, sip::CallId call, int customer_port,
                                            const std::string& agent,
                                            const std::vector<test::ChildProcess*>& phones) {
  auto& customer = rig.peer(sipp_uas("uas_customer.xml", customer_port, 1), "customer.log");
  std::this_thread::sleep_for(300ms);
  auto bridged = rig.bridge(call, "sip:+4930555@127.0.0.1:" + std::to_string(customer_port),
                            sip::registered_uri(agent));
  if (!bridged) return bridged;
  const int failed = rig.events.count(LegEventKind::failed);
  rig.gateway->hang_up(call);
  for (auto* p : phones) {
    if (p->wait(10s) != 0) return ::testing::AssertionFailure() << "a phone: " << p->log();
  }
  if (customer.wait(10s) != 0) return ::testing::AssertionFailure() << customer.log();
  if (!test::no_handles_left(*rig.gateway))
    return ::testing::AssertionFailure() << "handles left\n" << rig.events.dump();
  if (failed != 0)
    return ::testing::AssertionFailure() << "a leg failed on the way\n" << rig.events.dump();
  return ::testing::AssertionSuccess();
}

}  // namespace

TEST(SipRegistrar, APhoneRegistersWithDigestAndIsReachedWhereItRegisteredFrom) {
  test::SipRig rig;
  Registrations regs;
  ASSERT_TRUE(rig.start(registrar_options(kBase, regs)));
  auto& phone = rig.peer(registering("uac_register.xml", kBase + 1, kBase, "alice", "secret", 300),
                         "register.log");
  ASSERT_EQ(phone.wait(15s), 0) << phone.log();
  auto reg = regs.wait("a01", "registered");
  ASSERT_TRUE(reg);
  ASSERT_EQ(reg->bindings.size(), 1u);
  EXPECT_EQ(reg->bindings[0].contact, "sip:alice@127.0.0.9:" + std::to_string(kBase + 1));
  EXPECT_EQ(reg->bindings[0].target, "sip:alice@127.0.0.1:" + std::to_string(kBase + 1));
  EXPECT_EQ(reg->bindings[0].transport, "udp");
  EXPECT_EQ(reg->bindings[0].user_agent, "sipp registering phone");
  // The phone now answers calls on the port it registered from (not the Contact's address).
  auto& agent = rig.peer(sipp_uas("uas_agent.xml", kBase + 1, 1), "agent.log");
  EXPECT_TRUE(call_and_hang_up(rig, 31, kBase + 2, "a01", {&agent}));
}

TEST(SipRegistrar, WrongCredentialsAnotherAgentsAddressAndTooShortATimeAreRefused) {
  test::SipRig rig;
  Registrations regs;
  ASSERT_TRUE(rig.start(registrar_options(kBase + 10, regs)));
  auto& wrong = rig.peer(
      registering("uac_register_refused.xml", kBase + 11, kBase + 10, "alice", "guess", 300),
      "wrong.log");
  EXPECT_EQ(wrong.wait(15s), 0) << wrong.log();
  auto& unknown = rig.peer(
      registering("uac_register_refused.xml", kBase + 12, kBase + 10, "mallory", "secret", 300),
      "unknown.log");
  EXPECT_EQ(unknown.wait(15s), 0) << unknown.log();
  // Bob's own password, but alice's address: one agent's phone never takes another's calls.
  auto& other = rig.peer(registering("uac_register_refused.xml", kBase + 15, kBase + 10, "bob",
                                     "hunter2", 300, "alice"),
                         "other.log");
  EXPECT_EQ(other.wait(15s), 0) << other.log();
  auto options = registrar_options(kBase + 13, regs);
  options.registrar.min_expires_s = 60;
  test::LegEvents events;
  auto strict = test::started_gateway(options, events);
  ASSERT_TRUE(strict);
  auto& brief =
      rig.peer(registering("uac_register_brief.xml", kBase + 14, kBase + 13, "bob", "hunter2", 30),
               "brief.log");
  EXPECT_EQ(brief.wait(15s), 0) << brief.log();
  EXPECT_EQ(regs.count(), 0u);
  EXPECT_EQ(rig.gateway->counters().register_refused, 3);
  EXPECT_EQ(rig.gateway->counters().registered_agents, 0);
}

TEST(SipRegistrar, ACallForksToEveryPhoneOfTheAgentAndTheFirstAnswerWins) {
  test::SipRig rig;
  Registrations regs;
  ASSERT_TRUE(rig.start(registrar_options(kBase + 20, regs)));
  for (int port : {kBase + 21, kBase + 22}) {
    auto& phone =
        rig.peer(registering("uac_register.xml", port, kBase + 20, "alice", "secret", 300),
                 "register" + std::to_string(port) + ".log");
    ASSERT_EQ(phone.wait(15s), 0) << phone.log();
  }
  auto reg = regs.wait("a01", "registered");
  ASSERT_TRUE(reg);
  ASSERT_EQ(reg->bindings.size(), 2u);
  // The first phone rings on, the second answers: the first gets its CANCEL.
  auto& ringing = rig.peer(sipp_uas("uas_ring_forever.xml", kBase + 21, 1), "ringing.log");
  auto& answering = rig.peer(sipp_uas("uas_agent.xml", kBase + 22, 1), "agent.log");
  EXPECT_TRUE(call_and_hang_up(rig, 32, kBase + 23, "a01", {&ringing, &answering}));
}

TEST(SipRegistrar, ABindingExpiresAndAnUnregisteredAgentsLegFailsAtOnce) {
  test::SipRig rig;
  Registrations regs;
  ASSERT_TRUE(rig.start(registrar_options(kBase + 30, regs)));
  auto& phone = rig.peer(
      registering("uac_register.xml", kBase + 31, kBase + 30, "bob", "hunter2", 2), "register.log");
  ASSERT_EQ(phone.wait(15s), 0) << phone.log();
  ASSERT_TRUE(regs.wait("a02", "registered"));
  EXPECT_EQ(rig.gateway->counters().registered_agents, 1);
  auto expired = regs.wait("a02", "expired", 5s);
  ASSERT_TRUE(expired);
  EXPECT_TRUE(expired->bindings.empty());
  EXPECT_EQ(rig.gateway->counters().registered_agents, 0);
  auto& customer = rig.peer(sipp_uas("uas_customer.xml", kBase + 32, 1), "customer.log");
  std::this_thread::sleep_for(300ms);
  rig.gateway->originate(test::dial(33, "sip:+4930557@127.0.0.1:" + std::to_string(kBase + 32)));
  ASSERT_TRUE(rig.events.wait(33, Leg::customer, LegEventKind::answered));
  rig.gateway->connect_agent(33, sip::registered_uri("a02"));
  auto failed = rig.events.wait(33, Leg::agent, LegEventKind::failed);
  ASSERT_TRUE(failed) << rig.events.dump();
  EXPECT_EQ(failed->status, 480);
  EXPECT_EQ(failed->reason, "phone not registered");
  rig.gateway->hang_up(33);
  EXPECT_EQ(customer.wait(10s), 0) << customer.log();
}

TEST(SipRegistrar, RestoredBindingsAreRungWithoutANewRegister) {
  test::SipRig rig;
  Registrations regs;
  ASSERT_TRUE(rig.start(registrar_options(kBase + 40, regs)));
  sip::Binding b;
  b.contact = "sip:alice@127.0.0.9:5060";
  b.target = "sip:alice@127.0.0.1:" + std::to_string(kBase + 41);
  b.transport = "udp";
  b.expires_at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count() +
                    60'000;
  rig.gateway->restore_registrations({{"a01", {b}, "restored"}});
  ASSERT_TRUE(regs.wait("a01", "restored"));
  auto& agent = rig.peer(sipp_uas("uas_agent.xml", kBase + 41, 1), "agent.log");
  EXPECT_TRUE(call_and_hang_up(rig, 34, kBase + 42, "a01", {&agent}));
}
