#include "daemon/integrations/cti_event.hpp"

#include <boost/json.hpp>

namespace blendd::daemon {

namespace json = boost::json;

std::string event_json(const CtiEvent& e, const std::string& id) {
  json::error_code ec;
  json::value data = e.data.empty() ? json::value(json::object{}) : json::parse(e.data, ec);
  if (ec || !data.is_object()) data = json::object{};
  json::object o{
      {"id", id},       {"v", kEventsVersion}, {"type", e.type},         {"at_ms", e.at_ms},
      {"call", e.call}, {"seq", e.seq},        {"data", std::move(data)}};
  return json::serialize(o);
}

}  // namespace blendd::daemon
