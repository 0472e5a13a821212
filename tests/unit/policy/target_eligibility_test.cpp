// Calling windows in the target's own IANA zone (real tz database), retries, DNC, the 72 h rule.
#include <gtest/gtest.h>

#include "config/zoneinfo.hpp"
#include "policy/target_eligibility.hpp"

using namespace blendd;
using namespace blendd::policy;

namespace {

TimePoint utc(int y, int mo, int d, int h, int mi = 0) {
  return TimePoint(std::chrono::seconds(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60));
}

TimeZone zone(const std::string& name) {
  std::string reason;
  auto z = config::load_zone(name, reason);
  EXPECT_TRUE(z.has_value()) << reason;
  return z.value_or(TimeZone());
}

const CallingWindow kEveryDay9to20{0x7f, 9 * 60, 20 * 60};

}  // namespace

TEST(TimeZone, ReadsOffsetsAcrossDaylightSavingTime) {
  auto ny = zone("America/New_York");
  EXPECT_EQ(ny.offset_at(utc(2026, 1, 15, 12)), -5 * 3600);
  EXPECT_EQ(ny.offset_at(utc(2026, 7, 15, 12)), -4 * 3600);
  auto berlin = zone("Europe/Berlin");
  EXPECT_EQ(berlin.offset_at(utc(2026, 10, 25, 0, 59)), 2 * 3600);
  EXPECT_EQ(berlin.offset_at(utc(2026, 10, 25, 1, 0)), 1 * 3600);
  auto lt = berlin.to_local(utc(2026, 10, 25, 8));
  EXPECT_EQ(lt.weekday, 6);  // Sunday
  EXPECT_EQ(lt.minute_of_day, 9 * 60);
}

TEST(TimeZone, LocalTimeInASpringGapMapsPastTheGap) {
  auto ny = zone("America/New_York");
  // 2026-03-08 02:30 does not exist in New York; 03:00 EDT = 07:00 UTC.
  const std::int64_t local = days_from_civil(2026, 3, 8) * 86400 + 2 * 3600 + 30 * 60;
  EXPECT_EQ(ny.from_local(local), utc(2026, 3, 8, 7));
  // Ambiguous 01:30 on 2026-11-01 maps to the earlier (EDT) instant, 05:30 UTC.
  const std::int64_t ambiguous = days_from_civil(2026, 11, 1) * 86400 + 1 * 3600 + 30 * 60;
  EXPECT_EQ(ny.from_local(ambiguous), utc(2026, 11, 1, 5, 30));
}

TEST(TimeZone, RejectsNamesOutsideTheDatabase) {
  std::string reason;
  EXPECT_FALSE(config::load_zone("../../etc/passwd", reason).has_value());
  EXPECT_EQ(reason, "'../../etc/passwd' is not an IANA time zone name");
  EXPECT_FALSE(config::load_zone("Mars/Olympus_Mons", reason).has_value());
  EXPECT_EQ(reason, "unknown time zone 'Mars/Olympus_Mons'");
  EXPECT_FALSE(config::parse_tzif("x", "garbage", reason).has_value());
  EXPECT_EQ(reason, "not a TZif file");
}

TEST(Eligibility, WindowOpensAtLocalNineOnTheDaySummerTimeStarts) {
  auto ny = zone("America/New_York");
  TargetRecord t;
  // Saturday 2026-03-07 21:00 EST: closed until Sunday 09:00, which is already EDT.
  auto e = next_eligible(t, {}, kEveryDay9to20, {&ny}, utc(2026, 3, 8, 2), false);
  ASSERT_FALSE(e.never) << e.reason;
  EXPECT_EQ(e.at, utc(2026, 3, 8, 13));
}

TEST(Eligibility, WindowOpensAtLocalNineOnTheDaySummerTimeEnds) {
  auto berlin = zone("Europe/Berlin");
  TargetRecord t;
  // Saturday 2026-10-24 20:30 CEST: next is Sunday 09:00 CET = 08:00 UTC.
  auto e = next_eligible(t, {}, kEveryDay9to20, {&berlin}, utc(2026, 10, 24, 18, 30), false);
  ASSERT_FALSE(e.never);
  EXPECT_EQ(e.at, utc(2026, 10, 25, 8));
}

TEST(Eligibility, InsideTheWindowIsNow) {
  auto berlin = zone("Europe/Berlin");
  auto e = next_eligible({}, {}, kEveryDay9to20, {&berlin}, utc(2026, 6, 10, 10), false);
  EXPECT_EQ(e.at, utc(2026, 6, 10, 10));
}

TEST(Eligibility, WeekdayMaskSkipsSunday) {
  auto berlin = zone("Europe/Berlin");
  CallingWindow weekdays{0x3f, 9 * 60, 20 * 60};  // Monday-Saturday
  // Saturday 2026-06-13 21:00 local → Monday 09:00 local (07:00 UTC).
  auto e = next_eligible({}, {}, weekdays, {&berlin}, utc(2026, 6, 13, 19), false);
  EXPECT_EQ(e.at, utc(2026, 6, 15, 7));
}

TEST(Eligibility, NeverReasons) {
  auto berlin = zone("Europe/Berlin");
  TargetRecord dnc;
  dnc.on_dnc = true;
  EXPECT_EQ(next_eligible(dnc, {}, kEveryDay9to20, {&berlin}, utc(2026, 6, 10, 10), false).reason,
            "on a do-not-call list");
  auto unknown = next_eligible({}, {}, kEveryDay9to20, {}, utc(2026, 6, 10, 10), false);
  EXPECT_TRUE(unknown.never);
  EXPECT_EQ(unknown.reason, "time zone unknown: calling hours cannot be checked");
  TargetRecord spent;
  spent.attempts = 4;
  EXPECT_EQ(next_eligible(spent, {}, kEveryDay9to20, {&berlin}, utc(2026, 6, 10, 10), false).reason,
            "attempt limit of 4 reached");
  CallingWindow closed{0, 0, 0};
  EXPECT_EQ(next_eligible({}, {}, closed, {&berlin}, utc(2026, 6, 10, 10), false).reason,
            "calling window never opens");
}

TEST(Eligibility, AbandonedNumberWaits72HoursUnlessAnAgentIsReservedFirst) {
  auto berlin = zone("Europe/Berlin");
  TargetRecord t;
  t.attempts = 1;
  t.last_attempt = utc(2026, 6, 10, 10);
  t.last_outcome = DialOutcome::abandoned;
  auto e = next_eligible(t, {}, kEveryDay9to20, {&berlin}, utc(2026, 6, 10, 11), false);
  EXPECT_EQ(e.at, utc(2026, 6, 13, 10));
  auto preview = next_eligible(t, {}, kEveryDay9to20, {&berlin}, utc(2026, 6, 10, 11), true);
  EXPECT_EQ(preview.at, utc(2026, 6, 10, 12));
}

TEST(Eligibility, BusyRetriesSoonerThanNoAnswer) {
  auto berlin = zone("Europe/Berlin");
  TargetRecord t;
  t.attempts = 1;
  t.last_attempt = utc(2026, 6, 10, 10);
  t.last_outcome = DialOutcome::busy;
  EXPECT_EQ(next_eligible(t, {}, kEveryDay9to20, {&berlin}, utc(2026, 6, 10, 10), false).at,
            utc(2026, 6, 10, 10, 10));
  t.last_outcome = DialOutcome::no_answer;
  EXPECT_EQ(next_eligible(t, {}, kEveryDay9to20, {&berlin}, utc(2026, 6, 10, 10), false).at,
            utc(2026, 6, 10, 12));
}

TEST(Eligibility, SeveralZonesOpenOnlyWhenTheWindowIsOpenInEveryOne) {
  auto ny = zone("America/New_York");
  auto la = zone("America/Los_Angeles");
  const CallingZones both{&ny, &la};
  // 13:00 UTC: 09:00 in New York, 06:00 in Los Angeles — wait for 09:00 there (16:00 UTC).
  EXPECT_EQ(next_in_window(kEveryDay9to20, both, utc(2026, 6, 10, 13)), utc(2026, 6, 10, 16));
  // 00:30 UTC: 17:30 in Los Angeles but 20:30 in New York — closed until both open again.
  EXPECT_EQ(next_in_window(kEveryDay9to20, both, utc(2026, 6, 11, 0, 30)), utc(2026, 6, 11, 16));
  // Open in both: now.
  EXPECT_EQ(next_in_window(kEveryDay9to20, both, utc(2026, 6, 10, 20)), utc(2026, 6, 10, 20));
  // Monday to Saturday: Saturday 20:30 in New York (closed), 17:30 in Los Angeles; Sunday is
  // out in both, so Monday 09:00 in Los Angeles.
  const CallingWindow weekdays{0x3f, 9 * 60, 20 * 60};
  EXPECT_EQ(next_in_window(weekdays, both, utc(2026, 6, 14, 0, 30)), utc(2026, 6, 15, 16));
}

TEST(Eligibility, ZonesWithoutACommonHourAreNeverDialled) {
  // Eleven hours of window, twelve hours apart: no instant is inside both.
  const auto west = TimeZone::fixed("west", -6 * 3600);
  const auto east = TimeZone::fixed("east", 6 * 3600);
  EXPECT_FALSE(next_in_window(kEveryDay9to20, CallingZones{&west, &east}, utc(2026, 6, 10, 0)));
  auto e = next_eligible({}, {}, kEveryDay9to20, {&west, &east}, utc(2026, 6, 10, 0), false);
  EXPECT_TRUE(e.never);
  EXPECT_EQ(e.reason, "calling window never opens in all of its country's zones");
  // One hour of overlap is enough (Kaliningrad and Kamchatka: ten hours apart).
  const auto kaliningrad = TimeZone::fixed("k", 2 * 3600);
  const auto kamchatka = TimeZone::fixed("p", 12 * 3600);
  EXPECT_EQ(
      next_in_window(kEveryDay9to20, CallingZones{&kaliningrad, &kamchatka}, utc(2026, 6, 10, 0)),
      utc(2026, 6, 10, 7));
}

TEST(TimeZone, SameClockComparesEveryChangeInTheSpan) {
  const auto from = utc(2026, 1, 1, 0);
  const auto to = utc(2036, 1, 1, 0);
  auto berlin = zone("Europe/Berlin");
  auto zurich = zone("Europe/Zurich");
  auto ny = zone("America/New_York");
  auto indianapolis = zone("America/Indiana/Indianapolis");
  auto phoenix = zone("America/Phoenix");
  auto denver = zone("America/Denver");
  EXPECT_TRUE(berlin.same_clock(zurich, from, to));
  EXPECT_TRUE(ny.same_clock(indianapolis, from, to));
  // Phoenix keeps Denver's winter clock but not its summer time.
  EXPECT_FALSE(phoenix.same_clock(denver, from, to));
  EXPECT_TRUE(phoenix.same_clock(denver, utc(2026, 1, 1, 0), utc(2026, 2, 1, 0)));
  // Indianapolis kept no summer time before 2006: different clocks then.
  EXPECT_FALSE(ny.same_clock(indianapolis, utc(2005, 1, 1, 0), to));
}

TEST(Eligibility, AMachineIsTriedAtAnotherHourAndAMessageLeftWaitsLonger) {
  auto berlin = zone("Europe/Berlin");
  TargetRecord t;
  t.attempts = 1;
  t.last_attempt = utc(2026, 6, 10, 10);
  t.last_outcome = DialOutcome::machine;
  EXPECT_EQ(next_eligible(t, {}, kEveryDay9to20, {&berlin}, utc(2026, 6, 10, 10), false).at,
            utc(2026, 6, 10, 14));
  t.last_outcome = DialOutcome::voicemail_left;
  EXPECT_EQ(next_eligible(t, {}, kEveryDay9to20, {&berlin}, utc(2026, 6, 10, 10), false).at,
            utc(2026, 6, 12, 10));
  RetryRules campaign;
  campaign.after_machine = std::chrono::minutes(90);
  t.last_outcome = DialOutcome::machine;
  EXPECT_EQ(next_eligible(t, campaign, kEveryDay9to20, {&berlin}, utc(2026, 6, 10, 10), false).at,
            utc(2026, 6, 10, 11, 30));
}
