#pragma once
// A country's time zones, from the tz database's zone1970.tab: the zone a number's calling
// window is checked in when its row names none. The Debian C++ build of libphonenumber has no
// per-number zone mapper, so a country of several clocks stands for all of them.
#include <string>
#include <string_view>
#include <vector>

namespace blendd::config {

// The stored zone of a target that stands for every clock of a country: "country:US".
inline constexpr std::string_view kCountryZonePrefix = "country:";

// The zones of a region code ("US"), principal ones first; none for a region the table lacks.
const std::vector<std::string>& zones_of_country(const std::string& region,
                                                 const std::string& root = "/usr/share/zoneinfo");

// The region of a "country:CC" zone name, or "" when `zone` is a plain tz name.
std::string country_of_zone(const std::string& zone);

// The zone of a number of `region` whose row names none: the country's zone when all of its
// zones keep one clock (Germany: Berlin and Büsingen), "country:CC" when they differ, and
// `default_zone` for a region the table lacks (global ranges).
std::string zone_for_region(const std::string& region, const std::string& default_zone,
                            const std::string& root = "/usr/share/zoneinfo");

}  // namespace blendd::config
