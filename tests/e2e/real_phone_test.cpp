// Interop with a real user agent nobody on the project wrote: baresip as the agent's phone that
// registers with blendd and as the customer the trunk reaches (direct media: RTP flows between
// the two). Each UA's microphone is its own tone; the far end's tone is found in what each one
// decoded, so RTP flowed both ways. A phone killed without unregistering and back at another
// address (over TCP this time) is reached there.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/baresip_ua.hpp"
#include "tests/support/call_centre_run.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_certificates.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using test::BaresipUa;
using Centre = test::CallCentreRun;

namespace {

constexpr int kBase = 29900;
constexpr int kRtp = 61750;  // baresip's RTP ports: ten per UA from here, each test its own

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

// The agent's phone: registers agent a0<agent + 1> with blendd (over `transport`: to `port`,
// default blendd's SIP port), sends `tone_hz` and answers by itself.
std::unique_ptr<BaresipUa> agent_phone(Centre& run, const std::string& address, int ctrl_offset,
                                       int rtp, const std::string& transport,
                                       const std::string& name, int port = 0,
                                       const std::string& ca_file = "", int agent = 0,
                                       int tone_hz = 660) {
  test::BaresipOptions o;
  o.address = address;
  // +6 (and +7 for TLS), +8 for a second phone: clear of the customer's +2 and +3
  o.sip_port = run.http_port() + 6 + 2 * agent;
  o.ctrl_port = run.http_port() + ctrl_offset;
  o.rtp_port = rtp;
  o.tone_hz = tone_hz;
  o.ca_file = ca_file;
  o.account = "<sip:a0" + std::to_string(agent + 1) +
              "@127.0.0.1:" + std::to_string(port > 0 ? port : run.sip_port()) +
              (transport == "udp" ? "" : ";transport=" + transport) +
              ">;auth_pass=" + Centre::phone_password(agent) + ";regint=60;answermode=auto";
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

// Waits until /api/v1/agents shows `agents` agents with `contacts` bindings each (baresip's own
// REGISTER_OK event may come before its control connection is up).
bool registered(Centre& run, int contacts, int agents = 1) {
  const std::string entry = R"("registered":true,"contacts":)" + std::to_string(contacts);
  return test::eventually(
      [&] {
        const auto body = run.api("GET", "/api/v1/agents", Centre::kViewer).body;
        int seen = 0;
        for (auto at = body.find(entry); at != std::string::npos; at = body.find(entry, at + 1))
          ++seen;
        return seen == agents;
      },
      10s);
}

// Both ends up: three seconds of tones, then `hanging_up` ends the call and the other end must
// hear it; each end heard the other's tone (the phone sends 660 Hz, the customer 440 Hz).
::testing::AssertionResult talk_then_hang_up(BaresipUa& phone, BaresipUa& cust,
                                             BaresipUa& hanging_up, const std::string& context) {
  if (!phone.wait_event("CALL_ESTABLISHED", 20s))
    return ::testing::AssertionFailure() << "the phone never talked\n" << phone.log() << context;
  if (!cust.wait_event("CALL_ESTABLISHED", 5s))
    return ::testing::AssertionFailure() << "the customer never talked\n" << cust.log();
  std::this_thread::sleep_for(3s);
  BaresipUa& other = &hanging_up == &phone ? cust : phone;
  if (!hanging_up.command("hangup")) return ::testing::AssertionFailure() << "no hangup";
  if (!other.wait_event("CALL_CLOSED", 5s))
    return ::testing::AssertionFailure() << "the other end was not hung up\n"
                                         << other.log() << context;
  if (phone.heard_tone({440, 660}) != 440)
    return ::testing::AssertionFailure() << "the phone did not hear the customer";
  if (cust.heard_tone({440, 660}) != 660)
    return ::testing::AssertionFailure() << "the customer did not hear the phone";
  return ::testing::AssertionSuccess();
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
  // The customer hangs up: blendd ends the agent's leg too.
  EXPECT_TRUE(talk_then_hang_up(*phone, *cust, *cust, run.log()));
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
  // This time the agent hangs up on the phone.
  EXPECT_TRUE(talk_then_hang_up(*phone, *cust, *phone, run.log()));
}

TEST(RealPhone, APhoneRegisteredOverTlsIsRungOverItsConnection) {
  test::TempDir pki;
  const auto cert = test::make_test_certificate(pki.path(), "sip");
  ASSERT_TRUE(cert.made);
  test::CentreSpec spec = registered_phone_centre();
  spec.sip_tls_port = kBase + 78;
  spec.sip_tls_certificate = cert.certificate;
  spec.sip_tls_key = cert.key;
  Centre run(spec, kBase + 70);
  ASSERT_TRUE(run.up()) << run.log();
  auto phone =
      agent_phone(run, "127.0.0.1", 10, kRtp + 50, "tls", "phone", spec.sip_tls_port, cert.ca);
  ASSERT_TRUE(registered(run, 1)) << phone->log() << run.log();
  const auto agents = run.api("GET", "/api/v1/agents", Centre::kViewer);
  EXPECT_NE(agents.body.find(R"("transport":"tls")"), std::string::npos) << agents.body;
  auto cust = customer(run, 11, kRtp + 60);
  auto bots = run.start_agents(1, 300ms);
  EXPECT_TRUE(talk_then_hang_up(*phone, *cust, *cust, run.log()));
}

// A callback from the phone itself: the registered phone dials a national number through blendd
// (digest-checked as the agent), blendd places it for the agent's campaign with the campaign's
// caller ID, and the customer answers — audio both ways, the attempt recorded with the agent.
// A number on the DNC list is refused to the phone.
TEST(RealPhone, APhoneDialsThroughBlenddAsAManualDial) {
  test::CentreSpec spec = registered_phone_centre();
  spec.targets = 0;  // nothing dialled unasked
  Centre run(spec, kBase + 85);
  ASSERT_TRUE(run.up()) << run.log();
  // Not at the trunk's address (127.0.0.1 is the trunk's allowed source here).
  auto phone = agent_phone(run, "127.0.0.2", 10, kRtp + 70, "udp", "phone");
  ASSERT_TRUE(registered(run, 1)) << phone->log() << run.log();
  auto bots = run.start_agents(1, 300ms);
  ASSERT_TRUE(test::eventually([&] { return bots[0]->logged_in(); }, 5s));
  const auto dnc =
      run.api("POST", "/api/v1/dnc", Centre::kSupervisor, R"({"number":"+4930555000111"})");
  ASSERT_EQ(dnc.status, 200) << dnc.body;
  // No dial before the store is ready (its start-up reconciliation): the phone would hear 503.
  ASSERT_TRUE(test::eventually(
      [&] { return run.log().find("dialling may resume") != std::string::npos; }, 10s));
  ASSERT_TRUE(phone->command("dial", "030555000111"));
  EXPECT_TRUE(phone->wait_event("CALL_CLOSED", 10s)) << phone->log() << run.log();
  EXPECT_NE(phone->log().find("403"), std::string::npos) << phone->log();

  test::BaresipOptions o;  // the customer: the number as blendd dials it
  o.sip_port = run.http_port() + 2;
  o.ctrl_port = run.http_port() + 11;
  o.rtp_port = kRtp + 80;
  o.account =
      "<sip:+49305550002@127.0.0.1:" + std::to_string(o.sip_port) + ">;regint=0;answermode=auto";
  auto cust = std::make_unique<BaresipUa>(o, ua_dir(run, "customer"));
  ASSERT_TRUE(phone->command("dial", "0305550002"));
  EXPECT_TRUE(talk_then_hang_up(*phone, *cust, *phone, run.log()));
  EXPECT_NE(run.redis({"HGET", "{c:spring}:targets", "+49305550002"}).find("manual:a01"),
            std::string::npos);
  EXPECT_TRUE(test::eventually(
      [&] {
        return run.redis({"XRANGE", "{c:spring}:log", "-", "+"}).find("a01") != std::string::npos;
      },
      5s));
}

// An inbound caller that is a real user agent: baresip calls the group's number through the
// trunk's address, queues, and the agent's registered phone takes it — audio both ways, the
// caller's hang-up ends the agent's leg.
TEST(RealPhone, ABaresipCallerToTheGroupsNumberReachesTheRegisteredPhone) {
  test::CentreSpec spec = registered_phone_centre();
  spec.targets = 0;
  Centre run(spec, 25230);
  ASSERT_TRUE(run.up()) << run.log();
  auto phone = agent_phone(run, "127.0.0.1", 10, kRtp + 90, "udp", "phone");
  ASSERT_TRUE(registered(run, 1)) << phone->log() << run.log();
  auto bots = run.start_agents(1, 300ms);
  ASSERT_TRUE(test::eventually([&] { return bots[0]->logged_in(); }, 5s));
  test::BaresipOptions o;
  o.sip_port = run.http_port() + 4;
  o.ctrl_port = run.http_port() + 12;
  o.rtp_port = kRtp + 100;
  o.account = "<sip:+4930999888@127.0.0.1:" + std::to_string(o.sip_port) + ">;regint=0";
  auto caller = std::make_unique<BaresipUa>(o, ua_dir(run, "caller"));
  ASSERT_TRUE(
      caller->command("dial", "sip:8005550100@127.0.0.1:" + std::to_string(run.sip_port())));
  EXPECT_TRUE(talk_then_hang_up(*phone, *caller, *caller, run.log()));
  EXPECT_TRUE(test::eventually([&] { return bots[0]->calls() == 1; }, 5s));
}

// A blind transfer from a real phone: the customer talks with the phone that took the call, whose
// user transfers it (REFER) to the other agent. blendd's NOTIFY tells the phone it worked and lets
// it go; the other agent's phone rings and talks with the customer — each hears the other's tone,
// so RTP flows both ways after the customer's re-INVITE — and the result is the second agent's,
// stored with who handed the call on.
TEST(RealPhone, APhonesBlindTransferLandsWithTheOtherAgent) {
  test::CentreSpec spec = test::centre_spec(2, 1, 0);
  spec.registered_agents = 2;
  spec.own_peers = true;
  Centre run(spec, 29250);
  ASSERT_TRUE(run.up()) << run.log();
  std::vector<std::unique_ptr<BaresipUa>> phones;
  phones.push_back(
      agent_phone(run, "127.0.0.1", 10, kRtp + 110, "udp", "phone-a01", 0, "", 0, 660));
  phones.push_back(
      agent_phone(run, "127.0.0.1", 13, kRtp + 120, "udp", "phone-a02", 0, "", 1, 880));
  ASSERT_TRUE(registered(run, 1, 2)) << phones[0]->log() << phones[1]->log() << run.log();
  auto cust = customer(run, 11, kRtp + 130);
  auto bots = run.start_agents(2, 300ms);
  // Whichever phone the customer reached hands them to the other agent.
  int first = -1;
  ASSERT_TRUE(test::eventually(
      [&] {
        for (int i = 0; i < 2; ++i) {
          if (phones[i]->events_of("CALL_ESTABLISHED") > 0) first = i;
        }
        return first >= 0;
      },
      20s))
      << run.log();
  const int second = 1 - first;
  ASSERT_TRUE(cust->wait_event("CALL_ESTABLISHED", 5s)) << cust->log();
  std::this_thread::sleep_for(1500ms);
  ASSERT_TRUE(phones[first]->command(
      "transfer",
      "sip:a0" + std::to_string(second + 1) + "@127.0.0.1:" + std::to_string(run.sip_port())))
      << phones[first]->log();
  EXPECT_TRUE(phones[first]->wait_event("CALL_CLOSED", 10s)) << phones[first]->log() << run.log();
  ASSERT_TRUE(phones[second]->wait_event("CALL_ESTABLISHED", 15s))
      << phones[second]->log() << run.log();
  std::this_thread::sleep_for(6s);  // most of what the customer heard is the second phone
  ASSERT_TRUE(cust->command("hangup"));
  EXPECT_TRUE(phones[second]->wait_event("CALL_CLOSED", 5s)) << phones[second]->log();
  EXPECT_EQ(cust->heard_tone({440, 660, 880}), second == 0 ? 660 : 880)
      << "the customer hears the agent the call was transferred to";
  EXPECT_EQ(phones[second]->heard_tone({440, 660, 880}), 440) << "who hears the customer";
  EXPECT_TRUE(test::eventually([&] { return bots[first]->transfers() == 1; }, 5s));
  EXPECT_TRUE(test::eventually([&] { return bots[second]->calls() == 1; }, 5s));
  const std::string agent = "a0" + std::to_string(second + 1);
  EXPECT_TRUE(test::eventually(
      [&] {
        const auto results = run.redis({"XRANGE", "{c:spring}:results", "-", "+"});
        return results.find("transferred_from") != std::string::npos &&
               results.find(agent) != std::string::npos;
      },
      5s))
      << run.redis({"KEYS", "*"});
}
