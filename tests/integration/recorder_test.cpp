// The recorder with a real redis-server and capture files like rtpengine's: a recorded call's
// notes become a two-channel WAV and its metadata (the result added when it comes), searches
// by agent, campaign, disposition and product, the case library, a full disk, the retention.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>

#include "daemon/recordings/recorder.hpp"
#include "daemon/recordings/recording_store.hpp"
#include "media/wav_file.hpp"
#include "queue/redis_client.hpp"
#include "tests/support/audio_samples.hpp"
#include "tests/support/redis_server_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace blendd;
using namespace std::chrono_literals;
using daemon::RecordingFields;
using daemon::RecordingNote;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class RecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    queue::RedisClient::Options o;
    std::string reason;
    queue::parse_redis_url(server_.url(), o.endpoint, reason);
    client_ = std::make_unique<queue::RedisClient>(io_, o);
    client_->start();
    ASSERT_TRUE(run_until([&] { return client_->connected(); }));
    store_ = std::make_unique<daemon::RecordingStore>(*client_);
  }
  void TearDown() override {
    recorder_.reset();
    store_.reset();
    client_.reset();
  }
  void make_recorder(std::uint64_t min_free_mb = 0, int retention_days = 90) {
    daemon::Recorder::Options o;
    o.dir = dir_.path() + "/recordings";
    o.min_free_mb = min_free_mb;
    o.retention_days = retention_days;
    recorder_ = std::make_unique<daemon::Recorder>(io_, *store_, o);
    recorder_->start();
  }

  template <class Pred>
  bool run_until(Pred pred, std::chrono::seconds limit = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!pred() && std::chrono::steady_clock::now() < deadline) {
      io_.run_for(2ms);
      if (io_.stopped()) io_.restart();
    }
    return pred();
  }

  // rtpengine's spool layout: pcaps/ and metadata/ side by side.
  std::string capture(const std::string& name, double customer_hz, double agent_hz, double s) {
    std::filesystem::create_directories(dir_.path() + "/spool/pcaps");
    std::filesystem::create_directories(dir_.path() + "/spool/metadata");
    auto packets = test::alaw_packets(test::tone(customer_hz, s), now_ms() * 1000, 62000, 1);
    auto agent = test::alaw_packets(test::tone(agent_hz, s), now_ms() * 1000, 62010, 2);
    packets.insert(packets.end(), agent.begin(), agent.end());
    const std::string path = dir_.path() + "/spool/pcaps/" + name + ".pcap";
    test::write_file(path, test::pcap_of(packets));
    test::write_file(dir_.path() + "/spool/metadata/rtpengine-meta-" + name + ".txt", "x");
    return path;
  }

  // One recorded call through every note the centre sends; returns its recording id.
  std::string record_call(const std::string& call, const std::string& agent,
                          const std::string& campaign, std::int64_t at_ms, bool with_result) {
    RecordingNote n;
    n.call = call;
    n.direction = "outbound";
    n.group = "sales";
    n.campaign = campaign;
    n.number = "+49301234567";
    n.at_ms = at_ms;
    recorder_->note(n);
    n.kind = RecordingNote::Kind::agent;
    n.agent = agent;
    recorder_->note(n);
    n.kind = RecordingNote::Kind::captured;
    n.capture = capture("call" + call, 440, 1000, 1.0);
    n.customer_port = 62000;
    n.agent_port = 62010;
    recorder_->note(n);
    const std::string id = std::to_string(at_ms) + "-" + call;
    EXPECT_TRUE(run_until([&] { return get(id).has_value(); })) << id;
    if (with_result) {
      n.kind = RecordingNote::Kind::result;
      n.disposition = "success";
      n.product = "fibre";
      n.answers = R"({"interested":true})";
      recorder_->note(n);
      EXPECT_TRUE(run_until([&] {
        auto f = get(id);
        return f && f->count("disposition") != 0;
      }));
    }
    return id;
  }

  std::optional<RecordingFields> get(const std::string& id) {
    std::optional<RecordingFields> out;
    bool done = false;
    store_->get(id, [&](std::error_code, std::optional<RecordingFields> f) {
      out = std::move(f);
      done = true;
    });
    run_until([&] { return done; });
    return out;
  }
  std::vector<RecordingFields> search(daemon::RecordingQuery q) {
    std::vector<RecordingFields> out;
    bool done = false;
    store_->search(q, [&](std::error_code ec, std::vector<RecordingFields> rows) {
      EXPECT_FALSE(ec) << ec.message();
      out = std::move(rows);
      done = true;
    });
    run_until([&] { return done; });
    return out;
  }

  test::RedisServerProcess server_;
  test::TempDir dir_;
  boost::asio::io_context io_;
  std::unique_ptr<queue::RedisClient> client_;
  std::unique_ptr<daemon::RecordingStore> store_;
  std::unique_ptr<daemon::Recorder> recorder_;
};

}  // namespace

TEST_F(RecorderTest, ACapturedCallBecomesATwoChannelWavWithItsMetadataAndResult) {
  make_recorder();
  const std::int64_t at = now_ms();
  const std::string id = record_call("77", "a01", "spring", at, true);
  auto f = get(id);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->at("agent"), "a01");
  EXPECT_EQ(f->at("campaign"), "spring");
  EXPECT_EQ(f->at("direction"), "outbound");
  EXPECT_EQ(f->at("disposition"), "success");
  EXPECT_EQ(f->at("product"), "fibre");
  EXPECT_EQ(f->at("answers"), R"({"interested":true})");
  EXPECT_NEAR(std::stod(f->at("duration_s")), 1.0, 0.05);
  const std::string wav = recorder_->path_of(*f);
  std::string error;
  auto audio = media::read_wav(wav, &error);
  ASSERT_TRUE(audio) << error;
  ASSERT_EQ(audio->channels.size(), 2u);
  EXPECT_EQ(test::strongest_of(audio->channels[0], {440, 1000}, 0, 8000), 440);
  EXPECT_EQ(test::strongest_of(audio->channels[1], {440, 1000}, 0, 8000), 1000);
  EXPECT_EQ(std::stoull(f->at("bytes")), std::filesystem::file_size(wav));
  // The relay's spool is emptied once the WAV is written.
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/spool/pcaps/call77.pcap"));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/spool/metadata/rtpengine-meta-call77.txt"));
  EXPECT_EQ(recorder_->counters().recorded, 1u);
}

TEST_F(RecorderTest, SearchesFilterByAgentCampaignDispositionAndTime) {
  make_recorder();
  const std::int64_t at = now_ms();
  const std::string a = record_call("1", "a01", "spring", at - 3000, true);
  const std::string b = record_call("2", "a02", "spring", at - 2000, false);
  const std::string c = record_call("3", "a01", "autumn", at - 1000, false);
  daemon::RecordingQuery q;
  q.from_ms = at - 10'000;
  auto all = search(q);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].at("id"), c) << "newest first";
  q.agent = "a01";
  EXPECT_EQ(search(q).size(), 2u);
  q.campaign = "spring";
  auto one = search(q);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].at("id"), a);
  q = {};
  q.from_ms = at - 10'000;
  q.disposition = "success";
  EXPECT_EQ(search(q).size(), 1u);
  q = {};
  q.from_ms = at - 2500;
  q.to_ms = at - 1500;
  auto window = search(q);
  ASSERT_EQ(window.size(), 1u);
  EXPECT_EQ(window[0].at("id"), b);
  q = {};
  q.from_ms = at - 10'000;
  q.limit = 2;
  EXPECT_EQ(search(q).size(), 2u);
}

TEST_F(RecorderTest, TheCaseLibraryHoldsMarkedExamplesByProduct) {
  make_recorder();
  const std::string id = record_call("5", "a01", "spring", now_ms(), true);
  bool done = false;
  store_->mark_example(id,
                       {{"example", "excellent"},
                        {"example_product", "fibre"},
                        {"example_note", "handles the price objection"},
                        {"example_by", "qa1"}},
                       [&](std::error_code ec) {
                         EXPECT_FALSE(ec);
                         done = true;
                       });
  ASSERT_TRUE(run_until([&] { return done; }));
  daemon::RecordingQuery q;
  q.examples_only = true;
  q.product = "fibre";
  auto examples = search(q);
  ASSERT_EQ(examples.size(), 1u);
  EXPECT_EQ(examples[0].at("example_note"), "handles the price objection");
  q.product = "mobile";
  EXPECT_TRUE(search(q).empty());
  store_->count_play(id);
  store_->count_play(id);
  ASSERT_TRUE(run_until([&] { return get(id)->at("plays") == "2"; }));
  done = false;
  store_->unmark_example(id, [&](std::error_code) { done = true; });
  ASSERT_TRUE(run_until([&] { return done; }));
  q.product = "fibre";
  EXPECT_TRUE(search(q).empty());
}

TEST_F(RecorderTest, BelowTheFreeSpaceFloorNoNewCallIsRecorded) {
  make_recorder(std::uint64_t{1} << 40);  // a petabyte free is never there
  EXPECT_FALSE(recorder_->may_record());
  EXPECT_TRUE(recorder_->counters().disk_full);
  make_recorder(0);
  EXPECT_TRUE(recorder_->may_record());
}

TEST_F(RecorderTest, RecordingsPastTheirRetentionAreDeletedWithTheirAudio) {
  make_recorder(0, 30);
  const std::int64_t now = now_ms();
  const std::string old_id = record_call("8", "a01", "spring", now - 31LL * 86'400'000, false);
  const std::string new_id = record_call("9", "a01", "spring", now - 29LL * 86'400'000, false);
  const std::string old_wav = recorder_->path_of(*get(old_id));
  ASSERT_TRUE(std::filesystem::exists(old_wav));
  recorder_->sweep_now();
  ASSERT_TRUE(run_until([&] { return !get(old_id).has_value(); }));
  EXPECT_FALSE(std::filesystem::exists(old_wav));
  EXPECT_TRUE(get(new_id).has_value());
  EXPECT_EQ(recorder_->counters().expired, 1u);
}

TEST_F(RecorderTest, ACaptureThatIsNotThereIsCountedAndStoresNothing) {
  make_recorder();
  RecordingNote n;
  n.call = "66";
  n.at_ms = now_ms();
  recorder_->note(n);
  n.kind = RecordingNote::Kind::captured;
  n.capture = dir_.path() + "/nothing.pcap";
  recorder_->note(n);
  ASSERT_TRUE(run_until([&] { return recorder_->counters().failed == 1; }));
  EXPECT_FALSE(get(std::to_string(n.at_ms) + "-66").has_value());
}
