#include "daemon/centre/sales_advisor.hpp"

#include "log/log.hpp"

#include <cstdio>

#include "config/zoneinfo.hpp"

namespace blendd::daemon {

namespace {

policy::TimeZone centre_zone(const std::string& name) {
  std::string reason;
  auto zone = config::load_zone(name, reason);
  if (!zone) {
    log::warn("points: time zone '{}' unusable ({}); months are counted in UTC", name, reason);
    return policy::TimeZone::fixed("UTC", 0);
  }
  return *zone;
}

policy::Channel channel_named(const std::string& name) {
  if (name == "sms") return policy::Channel::sms;
  if (name == "wap") return policy::Channel::wap;
  if (name == "web") return policy::Channel::web;
  return policy::Channel::hotline;
}

}  // namespace

SalesAdvisor::SalesAdvisor(const config::BlenddConfig& cfg)
    : zone_(centre_zone(cfg.time_zone)), ledger_(zone_) {
  update(cfg);
}

void SalesAdvisor::update(const config::BlenddConfig& cfg) {
  catalogue_ = cfg.catalogue;
  recommender_ = policy::Recommender();
  for (const auto& t : catalogue_.touchpoints)
    for (const auto& p : t.products) recommender_.assign(t.number, p);
  for (const auto& a : catalogue_.associations)
    recommender_.add_rule({a.asked, a.reason, a.offers});
  for (const auto& sw : catalogue_.switches) {
    recommender_.set_enabled(
        channel_named(sw.channel),
        sw.period == "busy" ? policy::PeriodKind::busy : policy::PeriodKind::idle, sw.enabled);
  }
}

std::vector<const config::ProductConfig*> SalesAdvisor::products(
    const std::vector<std::string>& ids) const {
  std::vector<const config::ProductConfig*> out;
  for (const auto& id : ids)
    if (const auto* p = catalogue_.product(id)) out.push_back(p);
  return out;
}

std::vector<const config::ProductConfig*> SalesAdvisor::touchpoint(const std::string& number,
                                                                   bool busy_period) const {
  return products(
      recommender_.touchpoint(number, policy::Channel::hotline,
                              busy_period ? policy::PeriodKind::busy : policy::PeriodKind::idle));
}

std::vector<const config::ProductConfig*> SalesAdvisor::associated(
    const std::string& product, const std::string& reason) const {
  return products(recommender_.associated(product, reason));
}

int SalesAdvisor::award(const std::string& agent, const std::string& product,
                        policy::TimePoint when) {
  const auto* p = catalogue_.product(product);
  if (p == nullptr) return 0;
  return std::max(0, ledger_.award(agent, p->points, when));
}

void SalesAdvisor::restore(const std::string& agent, policy::TimePoint when, int points) {
  ledger_.restore(agent, when, points);
}

std::string SalesAdvisor::month_of(policy::TimePoint when) const {
  const policy::LocalTime lt = zone_.to_local(when);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", lt.year % 10000, lt.month % 100);
  return text;
}

int SalesAdvisor::month_points(const std::string& agent, policy::TimePoint when) const {
  const policy::LocalTime lt = zone_.to_local(when);
  return ledger_.month_total(agent, lt.year, lt.month);
}

Standing SalesAdvisor::standing(const std::string& agent, policy::TimePoint when) const {
  const policy::LocalTime lt = zone_.to_local(when);
  Standing s;
  s.month_total = ledger_.month_total(agent, lt.year, lt.month);
  const auto board = ledger_.leaderboard(lt.year, lt.month);
  for (std::size_t i = 0; i < board.size(); ++i) {
    if (board[i].first == agent) s.rank = static_cast<int>(i) + 1;
    if (i < 5) s.leaders.push_back(board[i]);
  }
  return s;
}

}  // namespace blendd::daemon
