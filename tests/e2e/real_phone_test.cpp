// Interop with a real user agent nobody on the project wrote: baresip as the agent's phone that
// registers with blendd and as the customer the trunk reaches (direct media: RTP flows between
// the two). Each UA's microphone is its own tone; the far end's tone is found in what each one
// decoded, so RTP flowed both ways. A phone killed without unregistering and back at another
// address (over TCP this time) is reached there.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/baresip_ua.hpp"
#include "tests/support/call_centre_run.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using test::BaresipUa;
using Centre = test::CallCentreRun;

namespace {

constexpr int kBase = 29900;
constexpr int kRtp = 61750;  // baresip's RTP ports: ten per UA from here

test::CentreSpec registered_phone_centre() {
  test::CentreSpec spec = test::centre_spec(1, 1, 0);
  spec.registered_agents = 1;
  spec.own_peers = true;
  return spec;
}

std::string ua_dir(Centre& run, const std::string& name) {
  const std::string dir = run.dir().file(name);
  std::filesystem::create_directories(dir);
  return dir;
}

// The agent's phone: registers a01 with blendd (over `transport`) and answers by itself.
std::unique_ptr<BaresipUa> agent_phone(Centre& run, const std::string& address, int ctrl_offset,
                                       int rtp, const std::string& transport,
                                       const std::string& name) {
  test::BaresipOptions o;
  o.address = address;
  o.sip_port = run.http_port() + 6;  // and +7 for TLS: clear of the customer's +2 and +3
  o.ctrl_port = run.http_port() + ctrl_offset;
  o.rtp_port = rtp;
  o.tone_hz = 660;
  o.account = "<sip:a01@127.0.0.1:" + std::to_string(run.sip_port()) +
              (transport == "udp" ? "" : ";transport=" + transport) +
              ">;auth_pass=" + Centre::phone_password(0) + ";regint=60;answermode=auto";
  return std::make_unique<BaresipUa>(o, ua_dir(run, name));
}

// The customer the trunk reaches (base+2): answers target 0's number by itself.
std::unique_ptr<BaresipUa> customer(Centre& run, int ctrl_offset, int rtp) {
  test::BaresipOptions o;
  o.sip_port = run.http_port() + 2;
  o.ctrl_port = run.http_port() + ctrl_offset;
  o.rtp_port = rtp;
  o.tone_hz = 440;
  o.account = "<sip:" + Centre::target_number(0) + "@127.0.0.1:" + std::to_string(o.sip_port) +
              ">;regint=0;answermode=auto";
  return std::make_unique<BaresipUa>(o, ua_dir(run, "customer"));
}

// Waits until /api/v1/agents shows a01 with `contacts` bindings (baresip's own REGISTER_OK
// event may come before its control connection is up).
bool registered(Centre& run, int contacts) {
  return test::eventually(
      [&] {
        const auto r = run.api("GET", "/api/v1/agents", Centre::kViewer);
        return r.body.find(R"("registered":true,"contacts":)" + std::to_string(contacts)) !=
               std::string::npos;
      },
      10s);
}

}  // namespace

TEST(RealPhone, ARegisteredBaresipPhoneTakesAnOutboundCallWithAudioBothWays) {
  Centre run(registered_phone_centre(), kBase);
  ASSERT_TRUE(run.up()) << run.log();
  auto phone = agent_phone(run, "127.0.0.1", 10, kRtp, "udp", "phone");
  ASSERT_TRUE(registered(run, 1)) << phone->log() << run.log();
  const auto agents = run.api("GET", "/api/v1/agents", Centre::kViewer);
  ASSERT_EQ(agents.status, 200);
  EXPECT_NE(agents.body.find(R"("kind":"registered","registered":true,"contacts":1)"),
            std::string::npos)
      << agents.body;
  EXPECT_NE(agents.body.find(R"("source":"127.0.0.1:)" + std::to_string(kBase + 6) + "\""),
            std::string::npos)
      << agents.body;
  EXPECT_NE(agents.body.find(R"("user_agent":"baresip)"), std::string::npos) << agents.body;

  auto cust = customer(run, 11, kRtp + 10);
  auto bots = run.start_agents(1, 300ms);
  ASSERT_TRUE(cust->wait_event("CALL_ESTABLISHED", 20s)) << cust->log() << run.log();
  ASSERT_TRUE(phone->wait_event("CALL_ESTABLISHED", 5s)) << phone->log();
  std::this_thread::sleep_for(3s);  // tones both ways
  // The customer hangs up: blendd ends the agent's leg too.
  ASSERT_TRUE(cust->command("hangup"));
  EXPECT_TRUE(phone->wait_event("CALL_CLOSED", 5s)) << phone->log();
  EXPECT_EQ(phone->heard_tone({440, 660}), 440) << "the phone heard the customer";
  EXPECT_EQ(cust->heard_tone({440, 660}), 660) << "the customer heard the agent";
  EXPECT_TRUE(test::eventually([&] { return bots[0]->calls() == 1; }, 5s));
}

TEST(RealPhone, APhoneThatLostItsAddressIsReachedWhereItRegisteredAgainOverTcp) {
  Centre run(registered_phone_centre(), kBase + 30);
  ASSERT_TRUE(run.up()) << run.log();
  auto old_phone = agent_phone(run, "127.0.0.1", 10, kRtp + 20, "udp", "phone-before");
  ASSERT_TRUE(registered(run, 1)) << old_phone->log() << run.log();
  old_phone->kill();  // no unregistering: its binding stays until it expires
  auto phone = agent_phone(run, "127.0.0.2", 12, kRtp + 30, "tcp", "phone-after");
  ASSERT_TRUE(registered(run, 2)) << phone->log() << run.log();
  const auto agents = run.api("GET", "/api/v1/agents", Centre::kViewer);
  // Its Contact names 127.0.0.2, but its connection comes from 127.0.0.1 (as from behind NAT):
  // blendd reaches it over that connection.
  EXPECT_NE(agents.body.find(R"(@127.0.0.2:)" + std::to_string(kBase + 36) + R"(;transport=tcp")"),
            std::string::npos)
      << agents.body;
  EXPECT_NE(agents.body.find(R"(;transport=tcp","transport":"tcp","source":"127.0.0.1:)"),
            std::string::npos)
      << agents.body;

  auto cust = customer(run, 11, kRtp + 40);
  auto bots = run.start_agents(1, 300ms);
  // The call rings both bindings: the dead address fails, the phone at its new one answers
  // over the connection it registered on.
  ASSERT_TRUE(phone->wait_event("CALL_ESTABLISHED", 20s)) << phone->log() << run.log();
  ASSERT_TRUE(cust->wait_event("CALL_ESTABLISHED", 5s)) << cust->log();
  std::this_thread::sleep_for(3s);
  // This time the agent hangs up on the phone.
  ASSERT_TRUE(phone->command("hangup"));
  EXPECT_TRUE(cust->wait_event("CALL_CLOSED", 5s)) << cust->log();
  EXPECT_EQ(phone->heard_tone({440, 660}), 440);
  EXPECT_EQ(cust->heard_tone({440, 660}), 660);
}
