#include "config/zone_cache.hpp"

#include <algorithm>

#include "config/country_zones.hpp"
#include "config/zoneinfo.hpp"

namespace blendd::config {

ZoneCache::ZoneCache(std::string root, Unusable on_unusable)
    : root_(std::move(root)), on_unusable_(std::move(on_unusable)) {}

const policy::TimeZone* ZoneCache::zone(const std::string& name) {
  auto it = zones_.find(name);
  if (it == zones_.end()) {
    std::string reason;
    it = zones_.emplace(name, load_zone(name, reason, root_)).first;
    if (!it->second && on_unusable_) on_unusable_(name, reason);
  }
  return it->second ? &*it->second : nullptr;
}

const policy::CallingZones& ZoneCache::zones(const std::string& name) {
  if (auto it = sets_.find(name); it != sets_.end()) return it->second;
  policy::CallingZones set;
  if (const std::string country = country_of_zone(name); !country.empty()) {
    // One zone per clock: each clock bounds the window once (the US's Indiana zones keep New
    // York's), fewer zones to check for every dial of a big list.
    const policy::TimePoint from{std::chrono::seconds(1767225600)};  // 2026-01-01
    const policy::TimePoint to = from + std::chrono::hours(24 * 366 * 11);
    const auto& names = zones_of_country(country, root_);
    if (names.empty() && on_unusable_) on_unusable_(name, "no zones listed for " + country);
    for (const auto& zone_name : names) {
      const policy::TimeZone* z = zone(zone_name);
      if (z == nullptr) {  // a clock that cannot be checked: nor can the country's window
        set.clear();
        break;
      }
      const bool known_clock = std::any_of(set.begin(), set.end(), [&](const auto* other) {
        return other->same_clock(*z, from, to);
      });
      if (!known_clock) set.push_back(z);
    }
  } else if (const policy::TimeZone* z = zone(name)) {
    set.push_back(z);
  }
  return sets_.emplace(name, std::move(set)).first->second;
}

}  // namespace blendd::config
