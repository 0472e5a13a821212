// The desk page as the agent's phone, end to end: a real blendd with its private rtpengine
// bridges sipp customers (plain RTP, A-law) to the page in headless Chromium (DTLS-SRTP, ICE,
// Opus; a fake microphone). The page hears the customer's tone and sends its own, keeps the call
// across a reload, takes an inbound caller, and a page whose audio cannot connect loses the
// call to the next agent as a phone that did not answer would.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "desk/agent_bot.hpp"
#include "media/wav_file.hpp"
#include "tests/support/audio_samples.hpp"
#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;
using Centre = test::CallCentreRun;

namespace {

// A 440 Hz tone of `seconds` as the A-law RTP sipp plays.
std::string tone_pcap(const test::TempDir& dir, const std::string& name, double seconds) {
  test::write_file(dir.file(name), test::pcap_of(test::alaw_packets(
                                       test::tone(440, seconds), 1'700'000'000'000'000, 6000, 1)));
  return dir.file(name);
}

// A sipp scenario of tests/sip/ with this file's media ports (61600-61749) and its own audio.
std::string scenario(const test::TempDir& dir, const std::string& name, const std::string& pcap) {
  std::string s = test::read_file(BLENDD_SOURCE_DIR "/tests/sip/" + name);
  test::replace_all(s, "614[0-9][0-9]", "61[67][0-9][0-9]");
  test::replace_all(s, "/usr/share/sip-tester/g711a.pcap", pcap);
  test::replace_all(s, "CALLER_PCAP", pcap);
  test::write_file(dir.file(name), s);
  return dir.file(name);
}

// Each test its own 50 ports of the private rtpengine: ctest runs them side by side.
test::CentreSpec page_spec(int agents, int targets, int talk_ms, int port_min) {
  test::CentreSpec spec = test::centre_spec(agents, targets, talk_ms);
  spec.webrtc_agents = 1;
  spec.media_lines = {"mode: relay", "port_min: " + std::to_string(port_min),
                      "port_max: " + std::to_string(port_min + 49),
                      "webrtc_connect_timeout_ms: 2500"};
  return spec;
}

int browse(Centre& run, const std::string& mode, const std::string& shot) {
  std::filesystem::create_directories(ARTIFACT_DIR);
  test::ChildProcess browser(
      {"node", BLENDD_SOURCE_DIR "/tests/browser/phone.mjs",
       "http://127.0.0.1:" + std::to_string(run.http_port()) + "/agent/", run.agent_id(0),
       run.agent_token(0), mode, std::string(ARTIFACT_DIR) + "/" + shot},
      run.dir().file("browser-" + mode + ".log"));
  const int code = browser.wait(120s).value_or(-1);
  std::cout << browser.log();
  return code;
}

std::string agent_state(const Centre& run, const std::string& agent) {
  const json::object f = run.figures();
  for (const auto& a : f.at("agents").as_array())
    if (a.at("id").as_string() == agent) return std::string(a.at("state").as_string());
  return "";
}

}  // namespace

TEST(WebrtcPhone, ThePageTakesACallWithAudioBothWaysAndKeepsItAcrossAReload) {
  test::TempDir dir;
  auto spec = page_spec(1, 1, 22000, 61600);
  spec.campaign_extra = {"recording: all"};
  spec.customer_scenario =
      scenario(dir, "uas_customer_relayed.xml", tone_pcap(dir, "customer.pcap", 30));
  spec.trunk_extra = {"-mp", std::to_string(29720 + 20)};
  Centre run(spec, 29720);
  ASSERT_TRUE(run.up()) << run.log();
  ASSERT_EQ(browse(run, "talk", "phone_talk.png"), 0) << run.log();
  ASSERT_TRUE(test::eventually(
      [&] {
        return run.redis({"XLEN", "{c:spring}:results"}) == "1";
      },
      10s))
      << run.log();
  EXPECT_NE(run.redis({"XRANGE", "{c:spring}:results", "-", "+"}).find("refused"),
            std::string::npos);
  // The recording holds both sides: the customer's tone, and what the page's microphone sent.
  json::value found;
  ASSERT_TRUE(test::eventually(
      [&] {
        auto r = run.api("GET", "/api/v1/recordings", Centre::kQa);
        found = json::parse(r.body);
        return found.at("recordings").as_array().size() == 1;
      },
      30s))
      << json::serialize(found);
  const std::string id(found.at("recordings").at(0).at("id").as_string());
  auto audio = run.api("GET", "/api/v1/recordings/" + id + "/audio", Centre::kQa);
  ASSERT_EQ(audio.status, 200);
  test::write_file(dir.file("got.wav"), audio.body);
  test::write_file(std::string(ARTIFACT_DIR) + "/phone_recording.wav", audio.body);
  std::string error;
  auto wav = media::read_wav(dir.file("got.wav"), &error);
  ASSERT_TRUE(wav) << error;
  ASSERT_EQ(wav->channels.size(), 2u);
  const std::size_t n = wav->channels[0].size();
  ASSERT_GT(n, 8000u * 8);
  EXPECT_EQ(test::strongest_of(wav->channels[0], {440, 1000}, 8000, 8000 * 4), 440);
  EXPECT_GT(test::mean_level(wav->channels[0], 8000, 8000 * 4), 2000);
  EXPECT_GT(test::mean_level(wav->channels[1], 8000, n - 8000), 100)
      << "the page's microphone is on the agent's channel";
  // Nothing left in the relay or the centre.
  EXPECT_TRUE(test::eventually([&] { return run.figure("calls_active") == 0; }, 10s));
}

TEST(WebrtcPhone, AnInboundCallerIsAnsweredInThePageAndHungUpFromIt) {
  test::TempDir dir;
  Centre run(page_spec(1, 0, 1000, 61650), 29760);
  ASSERT_TRUE(run.up()) << run.log();
  const std::string caller =
      scenario(dir, "uac_inbound_talks.xml", tone_pcap(dir, "caller.pcap", 30));
  std::thread call([&] {
    // The page logs in and goes ready first.
    std::this_thread::sleep_for(4s);
    test::ChildProcess sipp({"sipp", "127.0.0.1:" + std::to_string(run.sip_port()), "-sf", caller,
                             "-i", "127.0.0.1", "-p", std::to_string(29760 + 4), "-mp",
                             std::to_string(29760 + 30), "-s", "8005550100", "-m", "1", "-nostdin"},
                            run.dir().file("caller.log"));
    EXPECT_EQ(sipp.wait(60s), 0) << sipp.log();
  });
  EXPECT_EQ(browse(run, "inbound", "phone_inbound.png"), 0) << run.log();
  call.join();
  const json::object f = run.figures();
  EXPECT_EQ(run.group(f, "sales")->at("inbound_answered").to_number<double>(), 1);
}

// An inbound caller queues, so the next agent takes them. (An outbound customer waits at most
// abandon_after_s, 2 s, for an agent: less than a ring and a media timeout.)
TEST(WebrtcPhone, APageWhoseAudioCannotConnectLosesTheCallerToTheNextAgent) {
  test::TempDir dir;
  auto spec = page_spec(2, 0, 3000, 61700);
  spec.phone_scenario = scenario(dir, "uas_agent_relayed.xml", tone_pcap(dir, "phone.pcap", 3));
  spec.phone_extra = {"-mp", std::to_string(29800 + 30)};
  Centre run(spec, 29800);
  ASSERT_TRUE(run.up()) << run.log();
  const std::string caller =
      scenario(dir, "uac_inbound_talks.xml", tone_pcap(dir, "caller.pcap", 3));
  std::unique_ptr<desk::AgentBot> second;
  std::thread call([&] {
    std::this_thread::sleep_for(4s);  // the page logs in and goes ready first
    test::ChildProcess sipp({"sipp", "127.0.0.1:" + std::to_string(run.sip_port()), "-sf", caller,
                             "-i", "127.0.0.1", "-p", std::to_string(29800 + 4), "-mp",
                             std::to_string(29800 + 40), "-s", "8005550100", "-m", "1", "-nostdin"},
                            run.dir().file("caller.log"));
    // a02 (a SIP phone) goes ready once the call rings in a01's page.
    if (test::eventually([&] { return agent_state(run, "a01") == "reserved"; }, 30s)) {
      desk::AgentBotOptions o;
      o.port = run.http_port();
      o.agent = run.agent_id(1);
      o.token = run.agent_token(1);
      second = std::make_unique<desk::AgentBot>(o);
    }
    EXPECT_EQ(sipp.wait(60s), 0) << sipp.log() << run.log();
  });
  EXPECT_EQ(browse(run, "nomedia", "phone_nomedia.png"), 0) << run.log();
  call.join();
  ASSERT_NE(second, nullptr) << "the call never rang in the page\n" << run.log();
  const json::object f = run.figures();
  EXPECT_EQ(run.group(f, "sales")->at("inbound_answered").to_number<double>(), 1) << run.log();
  EXPECT_EQ(run.group(f, "sales")->at("offers_timed_out").to_number<double>(), 1)
      << "a missed call (the page saw its agent made not ready: its log)";
  EXPECT_NE(run.log().find("did not answer in time"), std::string::npos) << run.log();
}
