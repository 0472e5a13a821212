#pragma once
// The time zones targets are checked in, loaded once from the tz database and kept: a target's
// stored zone is a tz name ("Europe/Berlin") or "country:CC" for every clock of a country
// (config/country_zones.hpp). Addresses stay valid for the cache's life.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "policy/target_eligibility.hpp"
#include "policy/time_zone.hpp"

namespace blendd::config {

class ZoneCache {
 public:
  using Unusable = std::function<void(const std::string& zone, const std::string& reason)>;
  explicit ZoneCache(std::string root = "/usr/share/zoneinfo", Unusable on_unusable = {});

  // The zones `name` stands for, one per distinct clock; empty when any cannot be loaded.
  const policy::CallingZones& zones(const std::string& name);

 private:
  const policy::TimeZone* zone(const std::string& name);

  std::string root_;
  Unusable on_unusable_;
  std::map<std::string, std::optional<policy::TimeZone>> zones_;
  std::map<std::string, policy::CallingZones> sets_;
};

}  // namespace blendd::config
