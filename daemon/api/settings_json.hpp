#pragma once
// The configuration in force as JSON, in the same shape (same keys) the API accepts and
// blendd.yaml uses, so what a GET returns can be edited and PUT back.
#include <boost/json/value.hpp>

#include "config/blendd_config.hpp"

namespace blendd::daemon {

boost::json::value group_json(const config::GroupConfig& g);
boost::json::value campaign_json(const config::CampaignConfig& c);
boost::json::value catalogue_json(const config::CatalogueConfig& c);

}  // namespace blendd::daemon
