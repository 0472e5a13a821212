// The group's settings the core gets: schedule periods without thresholds of their own have the
// group's, also after the group's change.
#include <gtest/gtest.h>

#include "config/config_loader.hpp"
#include "daemon/centre/core_settings_from_config.hpp"

using namespace blendd;

namespace {

const char* kConfig = R"(state_dir: /tmp/blendd
sip:
  listen: [ "sip:127.0.0.1:5070;transport=udp" ]
  trunk: { uri: "sip:127.0.0.1:5080" }
  caller_id: "sip:+4930555000@127.0.0.1"
groups:
  - id: sales
    idle: { start_threshold: 0.6, stop_threshold: 0.4 }
    schedule:
      - { label: lunch, kind: idle, start: '12:00', end: '13:00' }
      - { label: peak, start: '09:00', end: '11:00', start_threshold: 0.9 }
      - { label: late, start: '18:00', end: '20:00', stop_threshold: 0.7 }
      - { label: own, start: '20:00', end: '22:00', start_threshold: 0.5, stop_threshold: 0.1 }
    agents: [ { id: a01, sip_uri: "sip:a01@127.0.0.1:5090" } ]
campaigns:
  - { id: spring, group: sales }
)";

}  // namespace

TEST(GroupSettings, SchedulePeriodsInheritTheGroupsThresholdsUnlessTheySetTheirOwn) {
  auto loaded = config::load_config_text(kConfig, "t.yaml");
  ASSERT_TRUE(std::holds_alternative<config::BlenddConfig>(loaded));
  config::BlenddConfig cfg = std::get<config::BlenddConfig>(loaded);
  auto periods = daemon::with_group_thresholds(cfg.groups[0]);
  ASSERT_EQ(periods.size(), 4u);
  EXPECT_EQ(periods[0].thresholds.start, 0.6);  // none set: the group's, not 0.30/0.20
  EXPECT_EQ(periods[0].thresholds.stop, 0.4);
  EXPECT_EQ(periods[1].thresholds.start, 0.9);  // its own start, the group's stop
  EXPECT_EQ(periods[1].thresholds.stop, 0.4);
  EXPECT_EQ(periods[2].thresholds.start, 0.6);  // stop 0.7 over the group's start 0.6: clamped
  EXPECT_EQ(periods[2].thresholds.stop, 0.6);
  EXPECT_EQ(periods[3].thresholds.start, 0.5);
  EXPECT_EQ(periods[3].thresholds.stop, 0.1);
  // The group's thresholds change (a reload, the API): the inheriting periods follow.
  cfg.groups[0].idle.start = 0.8;
  cfg.groups[0].idle.stop = 0.3;
  periods = daemon::with_group_thresholds(cfg.groups[0]);
  EXPECT_EQ(periods[0].thresholds.start, 0.8);
  EXPECT_EQ(periods[0].thresholds.stop, 0.3);
  EXPECT_EQ(periods[3].thresholds.start, 0.5);
}
