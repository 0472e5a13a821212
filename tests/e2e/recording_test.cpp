// Recordings and announcements end to end: blendd's private rtpengine records a relayed call in
// which the sipp customer plays 440 Hz and the sipp phone 1000 Hz, and the API hands the two-
// channel WAV (customer on channel 1, agent on channel 2) to the quality team only, auditing each
// listen; the case library; deletion. An abandoned customer hears the abandon message rtpengine
// plays (the customer echoes it back, and its recording holds the message's tone).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "media/wav_file.hpp"
#include "tests/support/audio_samples.hpp"
#include "tests/support/call_centre_run.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/ng_probe.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;
using Centre = test::CallCentreRun;

namespace {

// The relayed scenarios with this test's port range (615xx) and its own audio.
struct Peers {
  std::string customer, phone;
};
Peers write_peers(const test::TempDir& dir, double customer_hz, double phone_hz) {
  const std::string sip = BLENDD_SOURCE_DIR "/tests/sip/";
  std::string customer = test::read_file(sip + "uas_customer_relayed.xml");
  std::string phone = test::read_file(sip + "uas_agent_relayed.xml");
  test::replace_all(customer, "614[0-9][0-9]", "615[0-9][0-9]");
  test::replace_all(phone, "614[0-9][0-9]", "615[0-9][0-9]");
  const std::int64_t t0 = 1'700'000'000'000'000;
  if (customer_hz > 0) {
    test::write_file(dir.file("customer.pcap"),
                     test::pcap_of(test::alaw_packets(test::tone(customer_hz, 3.0), t0, 6000, 1)));
    test::replace_all(customer, "/usr/share/sip-tester/g711a.pcap", dir.file("customer.pcap"));
  } else {
    test::replace_all(customer, "<exec play_pcap_audio=\"/usr/share/sip-tester/g711a.pcap\" />",
                      "");
  }
  test::write_file(dir.file("phone.pcap"),
                   test::pcap_of(test::alaw_packets(test::tone(phone_hz, 3.0), t0, 6000, 2)));
  test::replace_all(phone, "<recv request=\"ACK\" />",
                    "<recv request=\"ACK\"><action><exec play_pcap_audio=\"" +
                        dir.file("phone.pcap") + "\" /></action></recv>");
  test::write_file(dir.file("customer.xml"), customer);
  test::write_file(dir.file("phone.xml"), phone);
  return {dir.file("customer.xml"), dir.file("phone.xml")};
}

// `port_min`: each test its own 50 of rtpengine's ports (615xx): tests that run side by side
// never hand one another's stray RTP to a customer.
test::CentreSpec recorded_spec(const Peers& peers, int targets, int talk_ms, int base,
                               int port_min) {
  test::CentreSpec spec = test::centre_spec(1, targets, talk_ms);
  spec.media_lines = {"mode: relay", "port_min: " + std::to_string(port_min),
                      "port_max: " + std::to_string(port_min + 49)};
  spec.campaign_extra = {"recording: all"};
  spec.customer_scenario = peers.customer;
  spec.trunk_extra = {"-mp", std::to_string(base + 20)};
  spec.phone_scenario = peers.phone;
  spec.phone_extra = {"-mp", std::to_string(base + 30)};
  return spec;
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return pred();
}

json::array recordings(const Centre& run, const std::string& query = "") {
  auto r = run.api("GET", "/api/v1/recordings" + query, Centre::kQa);
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("recordings")) return {};
  return v.at("recordings").as_array();
}

std::optional<media::WavAudio> wav_of(const std::string& body, const test::TempDir& dir) {
  test::write_file(dir.file("got.wav"), body);
  std::string error;
  auto audio = media::read_wav(dir.file("got.wav"), &error);
  EXPECT_TRUE(audio) << error;
  return audio;
}

std::pair<int, std::string> blendctl(Centre& run, const char* token,
                                     std::vector<std::string> args) {
  return run.blendctl(BLENDCTL_BINARY, token, std::move(args));
}

}  // namespace

TEST(Recording, ARecordedCallIsATwoChannelWavOnlyTheQualityTeamHearsAndEachListenIsAudited) {
  test::TempDir dir;
  const Peers peers = write_peers(dir, 440, 1000);
  Centre run(recorded_spec(peers, 1, 3500, 29620, 61500), 29620);
  ASSERT_TRUE(run.up()) << run.log();
  auto agents = run.start_agents(1, 300ms);
  ASSERT_TRUE(
      eventually([&] { return Centre::campaign_figure(run.figures(), "connected") >= 1; }, 30s))
      << run.log();
  json::array found;
  ASSERT_TRUE(eventually(
      [&] {
        found = recordings(run);
        return found.size() == 1 && found[0].as_object().contains("disposition");
      },
      30s))
      << json::serialize(found) << run.log();
  const json::object rec = found[0].as_object();
  const std::string id(rec.at("id").as_string());
  EXPECT_EQ(rec.at("agent"), "a01");
  EXPECT_EQ(rec.at("campaign"), "spring");
  EXPECT_EQ(rec.at("direction"), "outbound");
  EXPECT_FALSE(rec.contains("file")) << "the server's path stays on the server";
  const double duration = rec.at("duration_s").to_number<double>();
  EXPECT_GT(duration, 2.5);
  EXPECT_LT(duration, 5.0);

  // The audio: the customer's tone on channel 1, the phone's on channel 2.
  auto audio = run.api("GET", "/api/v1/recordings/" + id + "/audio", Centre::kQa);
  ASSERT_EQ(audio.status, 200) << audio.body.substr(0, 200);
  auto wav = wav_of(audio.body, dir);
  ASSERT_TRUE(wav);
  ASSERT_EQ(wav->channels.size(), 2u);
  const std::size_t mid = wav->channels[0].size() / 2;
  EXPECT_EQ(test::strongest_of(wav->channels[0], {440, 1000}, mid - 4000, mid + 4000), 440);
  EXPECT_EQ(test::strongest_of(wav->channels[1], {440, 1000}, mid - 4000, mid + 4000), 1000);
  EXPECT_GT(test::mean_level(wav->channels[0], mid - 4000, mid + 4000), 2000);
  EXPECT_GT(test::mean_level(wav->channels[1], mid - 4000, mid + 4000), 2000);
  std::cout << "recording " << id << ": " << duration << " s, " << audio.body.size() << " bytes\n";

  // Range requests, as an audio element makes them.
  auto part = test::http_exchange(run.http_port(),
                                  "GET /api/v1/recordings/" + id +
                                      "/audio HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
                                      "Authorization: Bearer " +
                                      std::string(Centre::kQa) + "\r\nRange: bytes=0-43\r\n\r\n");
  EXPECT_EQ(part.status, 206) << part.head;
  EXPECT_EQ(part.body.size(), 44u);
  EXPECT_NE(part.head.find("Content-Range: bytes 0-43/" + std::to_string(audio.body.size())),
            std::string::npos)
      << part.head;

  // Viewers and agents do not list or hear recordings; supervisors do; only admins delete.
  EXPECT_EQ(run.api("GET", "/api/v1/recordings", Centre::kViewer).status, 403);
  EXPECT_EQ(run.api("GET", "/api/v1/recordings/" + id + "/audio", Centre::kViewer).status, 403);
  EXPECT_EQ(run.api("GET", "/api/v1/recordings", run.agent_token(0)).status, 401);
  const std::string desk_login = "agent:a01:" + run.agent_token(0);
  EXPECT_EQ(run.api("GET", "/api/v1/recordings", desk_login).status, 401);
  EXPECT_EQ(run.api("GET", "/api/v1/recordings/" + id + "/audio", desk_login).status, 401);
  EXPECT_EQ(run.api("GET", "/api/v1/library", "agent:a01:wrong").status, 401);
  EXPECT_EQ(run.api("GET", "/api/v1/library", desk_login).status, 200);
  EXPECT_EQ(run.api("GET", "/api/v1/recordings/" + id, Centre::kSupervisor).status, 200);
  EXPECT_EQ(run.api("DELETE", "/api/v1/recordings/" + id, Centre::kQa).status, 403);
  auto trail = run.api("GET", "/api/v1/audit", Centre::kViewer).body;
  EXPECT_NE(trail.find("\"recording " + id + "\""), std::string::npos) << trail;
  EXPECT_NE(trail.find("test-qa"), std::string::npos) << trail;
  EXPECT_NE(trail.find("listened"), std::string::npos) << trail;

  // blendctl: the search as a table, the WAV saved whole.
  auto [listed, table] = blendctl(run, Centre::kQa, {"recording", "search", "--agent", "a01"});
  EXPECT_EQ(listed, 0) << table;
  EXPECT_NE(table.find(id), std::string::npos) << table;
  auto [saved, said] =
      blendctl(run, Centre::kQa, {"recording", "get", id, "--out", dir.file("ctl.wav")});
  EXPECT_EQ(saved, 0) << said;
  EXPECT_EQ(std::filesystem::file_size(dir.file("ctl.wav")), audio.body.size());
  auto [refused, why] = blendctl(run, Centre::kViewer, {"recording", "search"});
  EXPECT_EQ(refused, 1) << why;
  EXPECT_NE(why.find("forbidden"), std::string::npos) << why;

  // Filters.
  EXPECT_EQ(recordings(run, "?agent=a01").size(), 1u);
  EXPECT_EQ(recordings(run, "?agent=a02").size(), 0u);
  EXPECT_EQ(recordings(run, "?campaign=spring&direction=outbound").size(), 1u);
  EXPECT_EQ(run.api("GET", "/api/v1/recordings?from=tomorrow", Centre::kQa).status, 422);

  // The dashboard's recordings tab plays it in the page and puts it in the library (headless
  // Chromium; a screenshot in tests/artifacts/), and a01's desk plays it from the library (two
  // plays); then the same through the API.
  std::filesystem::create_directories(ARTIFACT_DIR);
  test::ChildProcess browser(
      {"node", BLENDD_SOURCE_DIR "/tests/browser/recordings.mjs", run.url() + "/dashboard/",
       Centre::kQa, ARTIFACT_DIR, run.url() + "/agent/", "a01", run.agent_token(0)},
      run.dir().file("browser.log"));
  ASSERT_EQ(browser.wait(60s), 0) << browser.log();
  std::cout << browser.log();
  EXPECT_EQ(run.api("DELETE", "/api/v1/recordings/" + id + "/example", Centre::kQa).status, 200);

  // The case library: QA marks it; every role reads it and its plays are counted.
  auto marked = run.api("PUT", "/api/v1/recordings/" + id + "/example", Centre::kQa,
                        R"({"kind":"excellent","product":"fibre","note":"clear offer"})");
  EXPECT_EQ(marked.status, 200) << marked.body;
  EXPECT_EQ(run.api("PUT", "/api/v1/recordings/" + id + "/example", Centre::kQa,
                    R"({"kind":"great","product":"fibre"})")
                .status,
            422);
  auto library = run.api("GET", "/api/v1/library?product=fibre", Centre::kViewer);
  EXPECT_NE(library.body.find("clear offer"), std::string::npos) << library.body;
  EXPECT_EQ(run.api("GET", "/api/v1/library?product=mobile", Centre::kViewer).body,
            R"({"examples":[]})");
  EXPECT_EQ(run.api("GET", "/api/v1/library/" + id + "/audio", Centre::kViewer).status, 200);
  EXPECT_TRUE(eventually(
      [&] {
        return run.api("GET", "/api/v1/library", Centre::kViewer).body.find("\"plays\":3") !=
               std::string::npos;
      },
      5s));

  // Deleted by an admin: the audio goes with it, and the audit says who.
  EXPECT_EQ(run.api("DELETE", "/api/v1/recordings/" + id, Centre::kAdmin).status, 200);
  EXPECT_EQ(run.api("GET", "/api/v1/recordings/" + id, Centre::kQa).status, 404);
  EXPECT_TRUE(recordings(run).empty());
  std::size_t wavs = 0;
  for (const auto& f :
       std::filesystem::recursive_directory_iterator(run.dir().file("state") + "/recordings")) {
    if (f.path().extension() == ".wav") ++wavs;
  }
  EXPECT_EQ(wavs, 0u);
  EXPECT_NE(run.api("GET", "/api/v1/audit", Centre::kViewer).body.find("deleted"),
            std::string::npos);
}

TEST(Recording, AnAbandonedCustomerHearsTheAbandonMessageRtpenginePlays) {
  test::TempDir dir;
  const Peers peers = write_peers(dir, 0, 1000);  // the customer only echoes what reaches it
  const std::string message = dir.file("abandon.wav");
  media::WavAudio tone;
  tone.channels = {test::tone(700, 1.5)};
  ASSERT_FALSE(media::write_wav(message, tone));
  test::CentreSpec spec = recorded_spec(peers, 1, 20000, 29660, 61550);
  spec.media_lines.push_back("abandon_message: " + message);
  spec.trunk_extra.push_back("-rtp_echo");
  spec.silent_phones = 1;  // the agent's phone rings and never answers: the customer is abandoned
  spec.offer_timeout_s = 2;
  Centre run(spec, 29660);
  ASSERT_TRUE(run.up()) << run.log();
  auto agents = run.start_agents(1, 300ms);
  ASSERT_TRUE(
      eventually([&] { return Centre::campaign_figure(run.figures(), "abandons") >= 1; }, 30s))
      << run.log();
  // blendd ends the call once the message is over (1.5 s), long before the customer would.
  const auto abandoned = std::chrono::steady_clock::now();
  ASSERT_TRUE(eventually([&] { return run.figure("calls_active") == 0; }, 10s)) << run.log();
  EXPECT_LT(std::chrono::steady_clock::now() - abandoned, 5s);
  json::array found;
  ASSERT_TRUE(eventually(
      [&] {
        found = recordings(run);
        return found.size() == 1;
      },
      20s))
      << run.log();
  const std::string id(found[0].at("id").as_string());
  auto audio = run.api("GET", "/api/v1/recordings/" + id + "/audio", Centre::kQa);
  ASSERT_EQ(audio.status, 200);
  auto wav = wav_of(audio.body, dir);
  ASSERT_TRUE(wav);
  // What the customer echoed is the message: 700 Hz for about its length.
  const auto& heard = wav->channels[0];
  ASSERT_GT(heard.size(), 8000u) << "the customer echoed nothing";
  EXPECT_EQ(test::strongest_of(heard, {440, 700, 1000}, 2000, 8000), 700);
  EXPECT_GT(test::mean_level(heard, 2000, 8000), 2000);
}
