#include "daemon/import_options.hpp"

#include <memory>
#include <set>

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

std::function<std::string(const std::string&)> number_check(const config::CampaignConfig& c) {
  auto guard = std::make_shared<policy::NumberPolicy>(c.allowed_prefixes, c.blocked_prefixes,
                                                      c.allow_premium);
  return [guard](const std::string& e164) { return guard->refusal(e164).value_or(""); };
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
  o.zone_lookup = [&feed](const std::string& name) { return feed.zone(name); };
  o.product_known = product_check(cfg);
  o.number_refusal = number_check(c);
  return o;
}

TargetCheck check_target(const config::CampaignConfig& c, const config::BlenddConfig& cfg,
                         TargetFeed& feed, const std::string& number, const std::string& zone,
                         const std::string& product) {
  auto n = queue::normalise_number(number, c.default_country);
  if (n.e164.empty()) return {"", "number", n.reason};
  if (std::string why = number_check(c)(n.e164); !why.empty()) return {"", "number", why};
  if (!zone.empty() && feed.zone(zone) == nullptr)
    return {"", "zone", "'" + zone + "' is not a time zone of the tz database"};
  if (!product.empty() && cfg.catalogue.product(product) == nullptr)
    return {"", "product", "'" + product + "' is not in the catalogue"};
  return {n.e164, "", ""};
}

}  // namespace blendd::daemon
