// A target's stored zone → the clocks its calling window is checked in (real tz database).
#include "config/zone_cache.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "config/country_zones.hpp"

using namespace blendd;

namespace {
bool has(const policy::CallingZones& zones, const std::string& name) {
  return std::any_of(zones.begin(), zones.end(), [&](const auto* z) { return z->name() == name; });
}
}  // namespace

TEST(ZoneCache, APlainNameIsOneZone) {
  config::ZoneCache cache;
  const auto& berlin = cache.zones("Europe/Berlin");
  ASSERT_EQ(berlin.size(), 1u);
  EXPECT_EQ(berlin.front()->name(), "Europe/Berlin");
  EXPECT_EQ(&cache.zones("Europe/Berlin"), &berlin);  // loaded once
}

TEST(ZoneCache, ACountryIsEachOfItsClocksOnce) {
  config::ZoneCache cache;
  const auto& us = cache.zones("country:US");
  const auto& listed = config::zones_of_country("US");
  ASSERT_GT(listed.size(), 20u);  // Indiana, Kentucky, North Dakota ... each listed
  EXPECT_LT(us.size(), listed.size());
  EXPECT_GE(us.size(), 7u);  // Eastern, Central, Mountain, Arizona, Pacific, Alaska, Hawaii ...
  for (const char* name : {"America/New_York", "America/Chicago", "America/Denver",
                           "America/Phoenix", "America/Los_Angeles", "Pacific/Honolulu"})
    EXPECT_TRUE(has(us, name)) << name;
  EXPECT_FALSE(has(us, "America/Indiana/Indianapolis"));  // New York's clock
}

TEST(ZoneCache, UnknownNamesAndCountriesAreEmptyWithTheReason) {
  std::vector<std::string> unusable;
  config::ZoneCache cache("/usr/share/zoneinfo", [&](const std::string& zone, const std::string&) {
    unusable.push_back(zone);
  });
  EXPECT_TRUE(cache.zones("Mars/Olympus_Mons").empty());
  EXPECT_TRUE(cache.zones("country:XX").empty());
  EXPECT_TRUE(cache.zones("../etc/passwd").empty());
  EXPECT_EQ(unusable,
            (std::vector<std::string>{"Mars/Olympus_Mons", "country:XX", "../etc/passwd"}));
}

TEST(CountryZones, ARegionWithOneClockIsItsPrincipalZone) {
  EXPECT_EQ(config::zones_of_country("DE").front(), "Europe/Berlin");
  EXPECT_EQ(config::country_of_zone("country:US"), "US");
  EXPECT_EQ(config::country_of_zone("Europe/Berlin"), "");
  EXPECT_TRUE(config::zones_of_country("XX").empty());
}
