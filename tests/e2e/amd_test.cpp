// Answering-machine detection end to end, relay mode, blendd's private rtpengine: sipp customers
// answer and play speech espeak-ng made (G.711 A-law RTP). A person ("Hallo?", then a pause) is
// put through to the agent, whose phone gets rtpengine's offer and whose audio reaches the
// customer with no re-INVITE of them (the recording holds both); a voicemail greeting with a beep
// is never offered to an agent, gets the campaign's message after the beep (the customer echoes
// it into the recording) and then a BYE; each attempt's log entry carries the verdict.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <thread>

#include "media/wav_file.hpp"
#include "tests/support/audio_samples.hpp"
#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/http_client.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;
using Centre = test::CallCentreRun;

namespace {

using test::eventually;

// `text` spoken by espeak-ng (German voice), 8 kHz mono.
std::vector<std::int16_t> spoken(const test::TempDir& dir, const std::string& text) {
  const std::string raw = dir.file("espeak.wav");
  const std::string at8k = dir.file("speech.wav");
  const std::string cmd = "espeak-ng -v de -s 165 -w '" + raw + "' '" + text + "' && sox '" + raw +
                          "' -r 8000 -c 1 -b 16 '" + at8k + "' 2>/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::string error;
  auto audio = media::read_wav(at8k, &error);
  EXPECT_TRUE(audio) << error;
  return audio ? audio->channels[0] : std::vector<std::int16_t>{};
}

void append(std::vector<std::int16_t>& to, const std::vector<std::int16_t>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

std::vector<std::int16_t> silence(double seconds) {
  return std::vector<std::int16_t>(static_cast<std::size_t>(seconds * 8000), 0);
}

// The relayed scenarios with this test's media range (618xx): the customer plays `customer`.
struct Peers {
  std::string customer, phone;
};
Peers write_peers(const test::TempDir& dir, const std::vector<std::int16_t>& customer) {
  const std::string sip = BLENDD_SOURCE_DIR "/tests/sip/";
  std::string c = test::read_file(sip + "uas_customer_relayed.xml");
  std::string p = test::read_file(sip + "uas_agent_relayed.xml");
  test::replace_all(c, "614[0-9][0-9]", "618[0-9][0-9]");
  test::replace_all(p, "614[0-9][0-9]", "618[0-9][0-9]");
  const std::int64_t t0 = 1'700'000'000'000'000;
  test::write_file(dir.file("customer.pcap"),
                   test::pcap_of(test::alaw_packets(customer, t0, 6000, 1)));
  test::replace_all(c, "/usr/share/sip-tester/g711a.pcap", dir.file("customer.pcap"));
  test::write_file(dir.file("phone.pcap"),
                   test::pcap_of(test::alaw_packets(test::tone(1000, 4.0), t0, 6000, 2)));
  test::replace_all(p, "<recv request=\"ACK\" />",
                    "<recv request=\"ACK\"><action><exec play_pcap_audio=\"" +
                        dir.file("phone.pcap") + "\" /></action></recv>");
  test::write_file(dir.file("customer.xml"), c);
  test::write_file(dir.file("phone.xml"), p);
  return {dir.file("customer.xml"), dir.file("phone.xml")};
}

// Each test its own 50 of rtpengine's ports (618xx): tests side by side never hand one
// another's stray RTP to a customer.
test::CentreSpec amd_spec(const Peers& peers, int talk_ms, int base, int port_min,
                          const std::string& amd) {
  test::CentreSpec spec = test::centre_spec(1, 1, talk_ms);
  spec.media_lines = {"mode: relay", "port_min: " + std::to_string(port_min),
                      "port_max: " + std::to_string(port_min + 49)};
  spec.campaign_extra = {"recording: all", "amd: " + amd};
  spec.customer_scenario = peers.customer;
  spec.trunk_extra = {"-mp", std::to_string(base + 20)};
  spec.phone_scenario = peers.phone;
  spec.phone_extra = {"-mp", std::to_string(base + 30)};
  return spec;
}

json::array recordings(const Centre& run) {
  auto r = run.api("GET", "/api/v1/recordings", Centre::kQa);
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("recordings")) return {};
  return v.at("recordings").as_array();
}

std::optional<media::WavAudio> recording_audio(const Centre& run, const test::TempDir& dir) {
  json::array found;
  if (!eventually(
          [&] {
            found = recordings(run);
            return found.size() == 1;
          },
          20s)) {
    ADD_FAILURE() << "no recording: " << json::serialize(found);
    return std::nullopt;
  }
  const std::string id(found[0].at("id").as_string());
  auto audio = run.api("GET", "/api/v1/recordings/" + id + "/audio", Centre::kQa);
  EXPECT_EQ(audio.status, 200);
  test::write_file(dir.file("got.wav"), audio.body);
  return media::read_wav(dir.file("got.wav"));
}

// The entry of the campaign's attempt log (redis-cli XRANGE output) as one string.
std::string attempt_log(const Centre& run) {
  return run.redis({"XRANGE", "{c:spring}:log", "-", "+"});
}

}  // namespace

TEST(Amd, APersonIsPutThroughToTheAgentAndHearsThem) {
  test::TempDir dir;
  std::vector<std::int16_t> customer = spoken(dir, "Hallo?");
  ASSERT_FALSE(customer.empty());
  append(customer, silence(1.5));  // waits for the caller, then talks
  append(customer, test::tone(440, 3.0));
  const Peers peers = write_peers(dir, customer);
  Centre run(amd_spec(peers, 6000, 28600, 61800, "{ enabled: true, on_machine: hang_up }"), 28600);
  ASSERT_TRUE(run.up()) << run.log();
  auto agents = run.start_agents(1, 300ms);
  ASSERT_TRUE(
      eventually([&] { return Centre::campaign_figure(run.figures(), "connected") >= 1; }, 30s))
      << run.log();
  const auto figures = run.figures();
  EXPECT_EQ(Centre::campaign_figure(figures, "machines"), 0);
  auto metrics = run.api("GET", "/metrics", Centre::kViewer);
  EXPECT_NE(metrics.body.find("blendd_amd_verdicts_total{verdict=\"human\"} 1"), std::string::npos)
      << metrics.body.substr(0, 400);
  ASSERT_TRUE(eventually([&] { return run.figure("calls_active") == 0; }, 20s)) << run.log();
  auto wav = recording_audio(run, dir);
  ASSERT_TRUE(wav);
  ASSERT_EQ(wav->channels.size(), 2u);
  // The conversation: the customer's 440 Hz and the agent's 1000 Hz, each on its own channel.
  const std::size_t end = wav->channels[0].size();
  ASSERT_GT(end, 3u * 8000) << "the recording is too short";
  const std::size_t from = end - 16000, to = end - 4000;
  EXPECT_EQ(test::strongest_of(wav->channels[0], {440, 1000}, from, to), 440);
  EXPECT_EQ(test::strongest_of(wav->channels[1], {440, 1000}, from, to), 1000)
      << "the agent's audio reached the customer's side";
  EXPECT_GT(test::mean_level(wav->channels[1], from, to), 1000);
  ASSERT_TRUE(eventually([&] { return attempt_log(run).find("human/") != std::string::npos; }, 10s))
      << attempt_log(run);
}

TEST(Amd, AVoicemailGetsTheMessageAfterTheBeepAndNoAgentIsOffered) {
  test::TempDir dir;
  std::vector<std::int16_t> greeting =
      spoken(dir,
             "Guten Tag, Sie sind mit der Mailbox von Familie Schneider verbunden. Leider sind wir "
             "gerade nicht erreichbar. Bitte hinterlassen Sie eine Nachricht nach dem Signalton.");
  ASSERT_FALSE(greeting.empty());
  const double greeting_s = static_cast<double>(greeting.size()) / 8000;
  append(greeting, silence(0.3));
  append(greeting, test::tone(1000, 0.5));  // the beep
  append(greeting, silence(8.0));           // recording the message
  const Peers peers = write_peers(dir, greeting);
  const std::string message = dir.file("message.wav");
  media::WavAudio tone;
  tone.channels = {test::tone(700, 1.5)};
  ASSERT_FALSE(media::write_wav(message, tone));
  test::CentreSpec spec = amd_spec(peers, 30000, 28650, 61850,
                                   "{ enabled: true, on_machine: voicemail_drop, "
                                   "voicemail_message: " +
                                       message + " }");
  spec.trunk_extra.push_back("-rtp_echo");  // the customer sends back what reaches it
  Centre run(spec, 28650);
  ASSERT_TRUE(run.up()) << run.log();
  auto agents = run.start_agents(1, 300ms);
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(eventually(
      [&] { return Centre::campaign_figure(run.figures(), "voicemails_left") >= 1; }, 40s))
      << run.log();
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_GT(took, greeting_s + 0.8 + 1.5) << "the message waited for the beep and played whole";
  const auto figures = run.figures();
  EXPECT_EQ(Centre::campaign_figure(figures, "machines"), 1);
  EXPECT_EQ(Centre::campaign_figure(figures, "connected"), 0) << "no agent got the machine";
  // blendd hung up once the message was over, long before the customer's 30 s.
  ASSERT_TRUE(eventually([&] { return run.figure("calls_active") == 0; }, 5s)) << run.log();
  const std::string log = attempt_log(run);
  EXPECT_NE(log.find("voicemail_left"), std::string::npos) << log;
  EXPECT_NE(log.find("machine/"), std::string::npos) << log;
  auto results = run.api("GET", "/api/v1/campaigns/spring/results", Centre::kSupervisor);
  EXPECT_EQ(results.status, 200);
  EXPECT_NE(results.body.find("\"disposition\":\"voicemail_left\""), std::string::npos)
      << results.body;
  EXPECT_NE(results.body.find("\"amd\":\"machine/"), std::string::npos) << results.body;
  auto wav = recording_audio(run, dir);
  ASSERT_TRUE(wav);
  // What the customer echoed after the beep is the message: 700 Hz.
  const auto& heard = wav->channels[0];
  const std::size_t beep_end = static_cast<std::size_t>((greeting_s + 0.8) * 8000);
  ASSERT_GT(heard.size(), beep_end + 8000) << "the recording stops before the message";
  EXPECT_EQ(test::strongest_of(heard, {700, 1000}, beep_end + 2000, beep_end + 8000), 700);
}
