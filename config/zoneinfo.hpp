#pragma once
// Loads IANA time zones from the system's compiled tz database (/usr/share/zoneinfo, TZif files)
// into policy::TimeZone values. Debian ships "fat" TZif files, whose transitions run to 2037.
#include <optional>
#include <string>

#include "policy/time_zone.hpp"

namespace blendd::config {

// Parses TZif bytes; reason says why when it returns nothing.
std::optional<policy::TimeZone> parse_tzif(const std::string& name, const std::string& bytes,
                                           std::string& reason);

// Loads "Europe/Berlin" etc. Names are checked so that no path outside the database is read.
std::optional<policy::TimeZone> load_zone(const std::string& name, std::string& reason,
                                          const std::string& root = "/usr/share/zoneinfo");

}  // namespace blendd::config
