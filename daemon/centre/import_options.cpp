#include "daemon/centre/import_options.hpp"

#include <map>
#include <memory>
#include <set>

#include "config/country_zones.hpp"
#include "daemon/centre/target_feed.hpp"
#include "policy/number_policy.hpp"
#include "queue/import/phone_number.hpp"

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

}  // namespace

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
  o.zone_lookup = [&feed](const std::string& name) -> const policy::CallingZones& {
    return feed.zones(name);
  };
  o.product_known = product_check(cfg);
  o.number_refusal = number_check(c);
  // Once per region and import: deciding reads zone files (found by an ASan run in which a
  // 60,000-row upload held the event loop past Redis's deadlines).
  o.zone_for_region =
      [fallback = c.default_zone,
       known = std::make_shared<std::map<std::string, std::string>>()](const std::string& region) {
        auto it = known->find(region);
        if (it == known->end())
          it = known->emplace(region, config::zone_for_region(region, fallback)).first;
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
  if (!zone.empty() && feed.zones(zone).empty())
    return {"", "zone", "'" + zone + "' is not a time zone of the tz database", ""};
  if (!product.empty() && cfg.catalogue.product(product) == nullptr)
    return {"", "product", "'" + product + "' is not in the catalogue", ""};
  return {n.e164, "", "", zone.empty() ? config::zone_for_region(n.region, c.default_zone) : zone};
}

}  // namespace blendd::daemon
