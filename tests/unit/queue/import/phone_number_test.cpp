// Numbers through libphonenumber: each country's own dialling rules, invalid numbers refused with
// the reason, the type and region the guard and the calling window use.
#include <gtest/gtest.h>

#include "config/country_zones.hpp"
#include "queue/import/phone_number.hpp"

using blendd::queue::normalise_number;

TEST(PhoneNumber, EachCountrysOwnPrefixesAreRead) {
  // Germany: the national 0 goes, 00 is the international prefix.
  EXPECT_EQ(normalise_number("030 1234567", "49").e164, "+49301234567");
  EXPECT_EQ(normalise_number("0049 89 12345678", "49").e164, "+498912345678");
  EXPECT_EQ(normalise_number("(030) 12-34-567", "49").e164, "+49301234567");
  // Italy: the leading 0 belongs to the number (the hand-written normaliser dropped it).
  EXPECT_EQ(normalise_number("06 1234 5678", "39").e164, "+390612345678");
  // The US dials 011 abroad, not 00.
  EXPECT_EQ(normalise_number("011 49 30 1234567", "1").e164, "+49301234567");
  EXPECT_EQ(normalise_number("(202) 555-0123", "1").e164, "+12025550123");
  const auto uk = normalise_number("+44 20 7946 0958", "49");
  EXPECT_EQ(uk.e164, "+442079460958");
  EXPECT_EQ(uk.region, "GB");
  EXPECT_EQ(uk.type, "fixed_line");
}

TEST(PhoneNumber, InvalidNumbersAreRefusedWithTheReason) {
  EXPECT_EQ(normalise_number("not-a-number", "49").reason, "unexpected character 'n'");
  EXPECT_EQ(normalise_number("", "49").reason, "no digits");
  // Too short for a German premium number: not a number at all.
  const auto short_premium = normalise_number("+49900123456", "49");
  EXPECT_TRUE(short_premium.e164.empty());
  EXPECT_NE(short_premium.reason.find("DE"), std::string::npos) << short_premium.reason;
  EXPECT_TRUE(normalise_number("12", "49").e164.empty());
  // Valid in Germany's plan, but 16 digits with the country code: longer than E.164 allows.
  EXPECT_EQ(normalise_number("40009908493344", "49").reason,
            "has 16 digits with its country code; E.164 numbers have at most 15");
  EXPECT_EQ(normalise_number("0301234567", "").reason,
            "national number and no default country code");
}

TEST(PhoneNumber, TypesComeFromEachCountrysNumberPlan) {
  EXPECT_EQ(normalise_number("+499001234567", "49").type, "premium_rate");
  EXPECT_EQ(normalise_number("+448712345678", "49").type, "premium_rate");
  EXPECT_EQ(normalise_number("+33899123456", "49").type, "premium_rate");
  EXPECT_EQ(normalise_number("+4918051234567", "49").type, "shared_cost");
  EXPECT_EQ(normalise_number("+4915112345678", "49").type, "mobile");
  EXPECT_EQ(blendd::queue::number_type("+499001234567"), "premium_rate");
  EXPECT_EQ(blendd::queue::number_type("+49900123"), "unknown");
}

TEST(PhoneNumber, ARowWithoutAZoneTakesItsCountrysOrAllOfItsClocks) {
  using blendd::config::zone_for_region;
  EXPECT_EQ(zone_for_region("FR", "Europe/Berlin"), "Europe/Paris");
  // Germany's two zones (Berlin, Büsingen's Zurich) keep one clock: the country's, not the
  // default.
  EXPECT_EQ(zone_for_region("DE", "UTC"), "Europe/Berlin");
  // Several clocks: the row stands for all of them (the most restrictive window), even when the
  // campaign's default is one of them — a list's Californians are not called at 7:00 because
  // the campaign runs from Chicago.
  EXPECT_EQ(zone_for_region("US", "America/Chicago"), "country:US");
  EXPECT_EQ(zone_for_region("US", "Europe/Berlin"), "country:US");
  EXPECT_EQ(zone_for_region("RU", "UTC"), "country:RU");
  EXPECT_EQ(zone_for_region("001", "Europe/Berlin"), "Europe/Berlin");
}
