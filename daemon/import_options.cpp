#include "daemon/import_options.hpp"

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <vector>

#include "config/zoneinfo.hpp"
#include "daemon/target_feed.hpp"
#include "policy/number_policy.hpp"
#include "queue/phone_number.hpp"

namespace blendd::daemon {

namespace {

// Copies, not references: an import outlives a reload of the configuration.
std::function<bool(const std::string&)> product_check(const config::BlenddConfig& cfg) {
  auto ids = std::make_shared<std::set<std::string>>();
  for (const auto& p : cfg.catalogue.products) ids->insert(p.id);
  return [ids](const std::string& id) { return ids->count(id) != 0; };
}

std::function<std::string(const std::string&, const std::string&)> number_check(
    const config::CampaignConfig& c) {
  auto guard = std::make_shared<policy::NumberPolicy>(c.allowed_prefixes, c.blocked_prefixes,
                                                      c.allow_premium, c.blocked_number_types);
  return [guard](const std::string& e164, const std::string& type) {
    return guard->refusal(e164, type).value_or("");
  };
}

// Region code → the tz database's zones for it (zone1970.tab: "CC[,CC…] coordinates TZ …").
const std::multimap<std::string, std::string>& zones_by_region() {
  static const std::multimap<std::string, std::string> zones = [] {
    // A zone's first country is the one it is principal for: listed first for that country
    // (Germany: Berlin before Büsingen's Zurich).
    std::vector<std::pair<std::string, std::string>> principal, others;
    std::ifstream in("/usr/share/zoneinfo/zone1970.tab");
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
        (first ? principal : others).emplace_back(code, zone);
        first = false;
      }
    }
    std::multimap<std::string, std::string> out;
    for (auto& p : principal) out.emplace(std::move(p));
    for (auto& p : others) out.emplace(std::move(p));
    return out;
  }();
  return zones;
}

}  // namespace

std::string zone_for_region(const std::string& region, const std::string& default_zone) {
  const auto [first, last] = zones_by_region().equal_range(region);
  if (first == last) return default_zone;  // a global range, or a region the table lacks
  for (auto it = first; it != last; ++it)
    if (it->second == default_zone) return default_zone;
  // Zones that keep the same clock all year (Germany: Berlin and Büsingen's Zurich) are one
  // zone for a calling window: checked at a week's steps over a year from 2026.
  std::string reason;
  const auto reference = config::load_zone(first->second, reason);
  if (!reference) return {};
  for (auto it = std::next(first); it != last; ++it) {
    const auto other = config::load_zone(it->second, reason);
    if (!other) return {};
    for (int week = 0; week < 53; ++week) {
      const policy::TimePoint t{std::chrono::seconds(1767225600 + week * 7 * 86400)};
      if (reference->offset_at(t) != other->offset_at(t)) return {};
    }
  }
  return first->second;
}

namespace {}  // namespace

queue::ImportOptions import_options_for(const config::CampaignConfig& c,
                                        const config::BlenddConfig& cfg, TargetFeed& feed,
                                        std::string import_id, std::int64_t now_ms) {
  queue::ImportOptions o;
  o.campaign = c.id;
  o.import_id = std::move(import_id);
  o.default_country = c.default_country;
  o.default_zone = c.default_zone;
  o.window = feed.window(c.id);
  o.now_ms = now_ms;
  o.zone_lookup = [&feed](const std::string& name) { return feed.zone(name); };
  o.product_known = product_check(cfg);
  o.number_refusal = number_check(c);
  // Once per region and import: deciding reads zone files (found by an ASan run in which a
  // 60,000-row upload held the event loop past Redis's deadlines).
  o.zone_for_region =
      [fallback = c.default_zone,
       known = std::make_shared<std::map<std::string, std::string>>()](const std::string& region) {
        auto it = known->find(region);
        if (it == known->end())
          it = known->emplace(region, zone_for_region(region, fallback)).first;
        return it->second;
      };
  return o;
}

TargetCheck check_target(const config::CampaignConfig& c, const config::BlenddConfig& cfg,
                         TargetFeed& feed, const std::string& number, const std::string& zone,
                         const std::string& product) {
  auto n = queue::normalise_number(number, c.default_country);
  if (n.e164.empty()) return {"", "number", n.reason, ""};
  if (std::string why = number_check(c)(n.e164, n.type); !why.empty())
    return {"", "number", why, ""};
  if (!zone.empty() && feed.zone(zone) == nullptr)
    return {"", "zone", "'" + zone + "' is not a time zone of the tz database", ""};
  if (!product.empty() && cfg.catalogue.product(product) == nullptr)
    return {"", "product", "'" + product + "' is not in the catalogue", ""};
  const std::string in_zone = zone.empty() ? zone_for_region(n.region, c.default_zone) : zone;
  if (in_zone.empty()) {
    return {"", "zone",
            "the number's country (" + n.region + ") has several time zones: name the lead's", ""};
  }
  return {n.e164, "", "", in_zone};
}

}  // namespace blendd::daemon
