// Busy/idle schedules in the centre's zone and live supervisor overrides, through the core.
#include <gtest/gtest.h>

#include "config/zoneinfo.hpp"
#include "policy/blend_core.hpp"

using namespace blendd;
using namespace blendd::policy;

namespace {

TimePoint utc(int y, int mo, int d, int h, int mi = 0) {
  return TimePoint(std::chrono::seconds(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60));
}

Schedule berlin_schedule() {
  std::string reason;
  auto zone = config::load_zone("Europe/Berlin", reason);
  EXPECT_TRUE(zone) << reason;
  SchedulePeriod peak{"morning peak", PeriodKind::busy, 0x1f, 9 * 60, 12 * 60, {0.3, 0.2, false}};
  SchedulePeriod lunch{"lunch lull", PeriodKind::idle, 0x1f, 12 * 60, 14 * 60, {0.1, 0.05, true}};
  return Schedule(*zone, {peak, lunch});
}

// A group whose gate is always open and reacts at once: what the schedule changes shows.
GroupSettings open_group(Schedule schedule) {
  GroupSettings g;
  g.id = "sales";
  g.thresholds = {0.0, 0.0, true};
  g.reserve_agents = 0;
  g.smoothing = Duration::zero();
  g.min_dwell = Duration::zero();
  g.schedule = std::move(schedule);
  return g;
}

}  // namespace

TEST(Schedule, PicksThePeriodByLocalTime) {
  Schedule s = berlin_schedule();
  // Wednesday 2026-06-10, Berlin is UTC+2.
  EXPECT_EQ(s.active(utc(2026, 6, 10, 6, 59)), nullptr);
  ASSERT_NE(s.active(utc(2026, 6, 10, 7)), nullptr);
  EXPECT_EQ(s.active(utc(2026, 6, 10, 7))->label, "morning peak");
  EXPECT_EQ(s.active(utc(2026, 6, 10, 10))->label, "lunch lull");
  EXPECT_EQ(s.active(utc(2026, 6, 13, 10)), nullptr);  // Saturday: not scheduled
  EXPECT_EQ(*s.next_change(utc(2026, 6, 10, 8)), utc(2026, 6, 10, 10));
  // In winter the same local hours are an hour later in UTC.
  EXPECT_EQ(s.active(utc(2026, 1, 14, 8))->label, "morning peak");
}

TEST(Schedule, CoreFollowsScheduleAndOverrideTakesPrecedenceUntilItExpires) {
  CoreSettings settings;
  settings.groups.push_back(open_group(berlin_schedule()));
  settings.agents = {{"a1", "sales"}, {"a2", "sales"}};
  settings.campaigns.push_back(CampaignSettings{"spring", "sales"});
  settings.campaigns.back().buffer_max_age = std::chrono::hours(24);  // not what this examines
  BlendCore core(settings);

  const TimePoint morning = utc(2026, 6, 10, 8);  // 10:00 Berlin, outbound off
  core.handle(AgentReady{"a1"}, morning);
  core.handle(AgentReady{"a2"}, morning);
  auto actions =
      core.handle(TargetsClaimed{"spring", {{"1", "+1"}, {"2", "+2"}, {"3", "+3"}}}, morning);
  for (const auto& a : actions) EXPECT_FALSE(std::holds_alternative<Originate>(a));
  EXPECT_FALSE(core.group_view(0, morning).dialling);
  // The schedule change is a deadline: at 12:00 Berlin the lull starts and dialling follows.
  // (The core is woken at every quarter hour too while agents work: the history's boundaries.)
  {
    BlendCore later = core;  // this morning goes on below, undisturbed
    TimePoint t = morning;
    while (t < utc(2026, 6, 10, 10)) {
      const TimePoint next = *later.next_deadline();
      ASSERT_GT(next, t);
      t = next;
      later.handle(Tick{}, t);
      if (t < utc(2026, 6, 10, 10)) {
        EXPECT_FALSE(later.group_view(0, t).dialling);
      }
    }
    EXPECT_EQ(t, utc(2026, 6, 10, 10));
    EXPECT_TRUE(later.group_view(0, t).dialling);
  }

  // A supervisor overrides for 30 minutes: outbound on at once.
  actions = core.handle(SetOverride{"sales", {0.0, 0.0, true}, morning + std::chrono::minutes(30)},
                        morning);
  int dials = 0;
  for (const auto& a : actions) dials += std::holds_alternative<Originate>(a);
  EXPECT_EQ(dials, 2);
  EXPECT_TRUE(core.group_view(0, morning).dialling);
  // When it expires the schedule's "outbound off" is back.
  core.handle(Tick{}, morning + std::chrono::minutes(30));
  EXPECT_FALSE(core.group_view(0, morning + std::chrono::minutes(30)).dialling);
}

// A period that names its own reserve (the threshold advisor's) keeps that many agents idle while
// it is in force; outside it the group's reserve is back.
TEST(Schedule, APeriodsOwnReserveReplacesTheGroupsWhileItIsInForce) {
  std::string reason;
  auto zone = config::load_zone("Europe/Berlin", reason);
  ASSERT_TRUE(zone) << reason;
  SchedulePeriod advised{"advisor", PeriodKind::busy, 0x7f, 9 * 60, 10 * 60, {0.0, 0.0, true}};
  advised.reserve_agents = 3;
  CoreSettings settings;
  settings.groups.push_back(open_group(Schedule(*zone, {advised})));
  settings.agents = {{"a1", "sales"}, {"a2", "sales"}, {"a3", "sales"}, {"a4", "sales"}};
  settings.campaigns.push_back(CampaignSettings{"spring", "sales"});
  settings.campaigns.back().buffer_max_age = std::chrono::hours(24);
  auto originates = [](const std::vector<Action>& actions) {
    int n = 0;
    for (const auto& a : actions) n += std::holds_alternative<Originate>(a);
    return n;
  };
  auto run = [&](TimePoint t) {
    BlendCore core(settings);
    for (const char* a : {"a1", "a2", "a3", "a4"}) core.handle(AgentReady{a}, t);
    return originates(core.handle(
        TargetsClaimed{"spring", {{"1", "+1"}, {"2", "+2"}, {"3", "+3"}, {"4", "+4"}}}, t));
  };
  EXPECT_EQ(run(utc(2026, 6, 10, 7, 30)), 1) << "09:30 Berlin: 3 of 4 agents kept for inbound";
  EXPECT_EQ(run(utc(2026, 6, 10, 8, 30)), 4) << "10:30 Berlin: the group's reserve of 0";
}
