#include "config/country_zones.hpp"

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <utility>

#include "config/zoneinfo.hpp"

namespace blendd::config {

namespace {

using ZoneTable = std::map<std::string, std::vector<std::string>>;

ZoneTable read_zone_table(const std::string& root) {
  // Lines are "CC[,CC…] <coordinates> <TZ> [comment]"; a zone's first code is the country it is
  // principal for, so it is listed before the zones a country only shares (Germany: Berlin
  // before Büsingen's Zurich).
  std::vector<std::pair<std::string, std::string>> principal, shared;
  std::ifstream in(root + "/zone1970.tab");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string codes, coordinates, zone;
    if (!std::getline(fields, codes, '\t') || !std::getline(fields, coordinates, '\t') ||
        !std::getline(fields, zone, '\t'))
      continue;
    std::istringstream each(codes);
    std::string code;
    bool first = true;
    while (std::getline(each, code, ',')) {
      (first ? principal : shared).emplace_back(code, zone);
      first = false;
    }
  }
  ZoneTable table;
  for (auto& [code, zone] : principal) table[code].push_back(std::move(zone));
  for (auto& [code, zone] : shared) table[code].push_back(std::move(zone));
  return table;
}

}  // namespace

const std::vector<std::string>& zones_of_country(const std::string& region,
                                                 const std::string& root) {
  static std::mutex mutex;
  static std::map<std::string, ZoneTable> tables;  // by root: tests use their own database
  static const std::vector<std::string> none;
  std::lock_guard lock(mutex);
  auto it = tables.find(root);
  if (it == tables.end()) it = tables.emplace(root, read_zone_table(root)).first;
  const auto zones = it->second.find(region);
  return zones == it->second.end() ? none : zones->second;
}

std::string country_of_zone(const std::string& zone) {
  if (zone.compare(0, kCountryZonePrefix.size(), kCountryZonePrefix) != 0) return {};
  return zone.substr(kCountryZonePrefix.size());
}

std::string zone_for_region(const std::string& region, const std::string& default_zone,
                            const std::string& root) {
  const auto& zones = zones_of_country(region, root);
  if (zones.empty()) return default_zone;
  // Zones that keep one clock for the years the database covers are one zone for a calling
  // window; an unreadable zone counts as a different clock (all of them are then checked).
  const policy::TimePoint from{std::chrono::seconds(1767225600)};  // 2026-01-01
  const policy::TimePoint to = from + std::chrono::hours(24 * 366 * 11);
  std::string reason;
  const auto reference = load_zone(zones.front(), reason, root);
  for (std::size_t i = 1; i < zones.size(); ++i) {
    const auto other = load_zone(zones[i], reason, root);
    if (!reference || !other || !reference->same_clock(*other, from, to))
      return std::string(kCountryZonePrefix) + region;
  }
  return zones.front();
}

}  // namespace blendd::config
