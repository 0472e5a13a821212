// Live settings (what the API changes) laid over blendd.yaml: merged by id, validated like the
// file, errors named by id, and kept across a write and a read.
#include <gtest/gtest.h>

#include <fstream>

#include "config/live_settings.hpp"
#include "tests/support/temp_dir.hpp"

using namespace blendd::config;

namespace {

const char* kBase = R"(sip:
  listen: [sip:127.0.0.1:5070;transport=udp]
  trunk: { uri: sip:127.0.0.1:5080 }
  caller_id: sip:+4930555000@127.0.0.1
groups:
  - id: sales
    idle: { start_threshold: 0.4, stop_threshold: 0.25, reserve_agents: 2, smoothing_s: 10 }
    agents:
      - { id: a01, sip_uri: "sip:a01@127.0.0.1:5090" }
campaigns:
  - { id: spring, group: sales, pacing: predictive, product: fibre }
catalogue:
  products:
    - { id: fibre, name: Fibre 500, points: 3 }
)";

LiveSettings change(const LiveSettings& s, LiveSection section, const std::string& id,
                    const std::string& body) {
  std::string reason;
  auto next = s.with({section, id, body}, reason);
  EXPECT_TRUE(next.has_value()) << reason;
  return next.value_or(s);
}

BlenddConfig load(const LiveSettings& s) {
  auto r = s.over(kBase, "blendd.yaml");
  if (auto* e = std::get_if<std::vector<ConfigError>>(&r)) {
    ADD_FAILURE() << format_errors(*e);
    return {};
  }
  return std::get<BlenddConfig>(r);
}

}  // namespace

TEST(LiveSettings, GroupKeysMergeOneByOneAndSchedulesAreRead) {
  LiveSettings s;
  s = change(s, LiveSection::group, "sales", R"({"idle":{"start_threshold":0.6}})");
  s = change(s, LiveSection::group, "sales", R"({"idle":{"stop_threshold":0.5,"min_dwell_s":2}})");
  s = change(s, LiveSection::group, "sales",
             R"({"schedule":[{"label":"peak","kind":"busy","weekdays":["mon"],
                 "start":"09:00","end":"12:00","outbound":false}]})");
  const BlenddConfig cfg = load(s);
  ASSERT_EQ(cfg.groups.size(), 1u);
  EXPECT_DOUBLE_EQ(cfg.groups[0].idle.start, 0.6);
  EXPECT_DOUBLE_EQ(cfg.groups[0].idle.stop, 0.5);
  EXPECT_DOUBLE_EQ(cfg.groups[0].idle.min_dwell_s, 2);
  EXPECT_EQ(cfg.groups[0].idle.reserve_agents, 2);  // the file's, untouched
  ASSERT_EQ(cfg.groups[0].schedule.size(), 1u);
  EXPECT_EQ(cfg.groups[0].schedule[0].start_minute, 9 * 60);
  EXPECT_FALSE(cfg.groups[0].schedule[0].thresholds.outbound_allowed);
}

TEST(LiveSettings, CampaignsAreUpdatedOrAddedAndCatalogueEntriesReplaced) {
  LiveSettings s;
  s = change(s, LiveSection::campaign, "spring", R"({"enabled":false})");
  s = change(s, LiveSection::campaign, "summer",
             R"({"group":"sales","pacing":"progressive","caller_id":"sip:+4930555111@127.0.0.1"})");
  s = change(s, LiveSection::product, "fibre", R"({"name":"Fibre 1000","points":5})");
  const BlenddConfig cfg = load(s);
  ASSERT_EQ(cfg.campaigns.size(), 2u);
  EXPECT_FALSE(cfg.campaigns[0].enabled);
  EXPECT_EQ(cfg.campaigns[0].pacing, PacingMode::predictive);  // the file's, untouched
  EXPECT_EQ(cfg.campaigns[1].id, "summer");
  EXPECT_EQ(cfg.campaigns[1].caller_id, "sip:+4930555111@127.0.0.1");
  ASSERT_EQ(cfg.catalogue.products.size(), 1u);
  EXPECT_EQ(cfg.catalogue.products[0].name, "Fibre 1000");
  EXPECT_EQ(cfg.catalogue.products[0].points, 5);
}

TEST(LiveSettings, ErrorsNameTheEntryByIdAndSayTheyCameFromTheApi) {
  LiveSettings s = change(LiveSettings{}, LiveSection::campaign, "summer",
                          R"({"group":"sales","pacing":"sometimes","abandon_cap":0.5})");
  auto r = s.over(kBase, "blendd.yaml");
  auto* errors = std::get_if<std::vector<ConfigError>>(&r);
  ASSERT_NE(errors, nullptr);
  const std::string text = format_errors(*errors);
  EXPECT_NE(text.find("live settings: campaigns.summer.pacing:"), std::string::npos) << text;
  EXPECT_NE(text.find("campaigns.summer.abandon_cap"), std::string::npos) << text;
  // A group the file no longer has.
  s = change(LiveSettings{}, LiveSection::group, "gone", R"({"idle":{"start_threshold":0.5}})");
  r = s.over(kBase, "blendd.yaml");
  errors = std::get_if<std::vector<ConfigError>>(&r);
  ASSERT_NE(errors, nullptr);
  EXPECT_NE(format_errors(*errors).find("groups.gone: names a group"), std::string::npos);
}

TEST(LiveSettings, BodiesOfTheWrongShapeAreRefused) {
  std::string reason;
  EXPECT_FALSE(LiveSettings{}.with({LiveSection::campaign, "x", "[1,2]"}, reason));
  EXPECT_EQ(reason, "body must be an object");
  EXPECT_FALSE(LiveSettings{}.with({LiveSection::associations, "", "{}"}, reason));
  EXPECT_EQ(reason, "body must be a list");
  EXPECT_FALSE(LiveSettings{}.with({LiveSection::campaign, "x", R"({"id":"y"})"}, reason));
  EXPECT_NE(reason.find("differs"), std::string::npos);
  EXPECT_FALSE(LiveSettings{}.with({LiveSection::campaign, "x", "{unclosed"}, reason));
  EXPECT_EQ(reason.rfind("body: ", 0), 0u) << reason;
}

TEST(LiveSettings, SurviveAWriteAndARead) {
  blendd::test::TempDir dir;
  const std::string path = dir.path() + "/live-settings.json";
  auto missing = LiveSettings::read_file(path);
  ASSERT_TRUE(std::holds_alternative<LiveSettings>(missing));
  EXPECT_TRUE(std::get<LiveSettings>(missing).empty());
  LiveSettings s = change(LiveSettings{}, LiveSection::campaign, "summer",
                          R"({"group":"sales","caller_id":"+4930555111","max_attempts":3})");
  ASSERT_EQ(s.write_file(path), "");
  auto back = LiveSettings::read_file(path);
  ASSERT_TRUE(std::holds_alternative<LiveSettings>(back));
  EXPECT_EQ(std::get<LiveSettings>(back).json(), s.json());
  EXPECT_NE(s.json().find(R"("caller_id": "+4930555111")"), std::string::npos) << s.json();
  EXPECT_NE(s.json().find(R"("max_attempts": 3)"), std::string::npos) << s.json();
  std::ofstream(path) << "campaigns: [unclosed";
  EXPECT_TRUE(std::holds_alternative<std::string>(LiveSettings::read_file(path)));
}
