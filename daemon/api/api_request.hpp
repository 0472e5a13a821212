#pragma once
// What every /api/v1 route does with a request: role checks, JSON bodies and fields, answers.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "daemon/api/api_auth.hpp"
#include "daemon/http/http_types.hpp"

namespace blendd::config {
struct ConfigError;
}

namespace blendd::daemon {

std::vector<std::string> split_path(const std::string& path);
// ?key=value from a request target, percent-decoded ("" when absent, "1" for a bare key).
std::string query_value(const std::string& target, const std::string& key);
HttpResponse ok_json(const boost::json::value& v);
// The 403 to send when the caller's role is below `role`; status 0 when allowed.
HttpResponse need(const Caller& caller, Role role);
// The JSON object body, or the 400 to send instead.
std::variant<boost::json::object, HttpResponse> body_object(const HttpRequest& r);
// A number field: present and numeric, else the first error text is set.
std::optional<double> number_field(const boost::json::object& o, const char* key,
                                   std::string& error);
std::string string_field(const boost::json::object& o, const char* key);
// Why a change was made: the body's "reason" or the X-Reason header.
std::string reason_of(const HttpRequest& r, const boost::json::object* body);
// 422 with every problem as {"field", "reason"} besides the joined message.
HttpResponse invalid_fields(const std::string& message,
                            const std::vector<config::ConfigError>& errors);
// 422 for one query parameter: "field: reason".
HttpResponse invalid_query(const std::string& field, const std::string& reason);
// A figure, or null when there was nothing to count (NaN).
boost::json::value number_or_null(double v);

}  // namespace blendd::daemon
