#include "daemon/api/api_request.hpp"

#include <cmath>
#include "desk/json_text.hpp"

#include <boost/json.hpp>
#include <cctype>

#include "config/config_error.hpp"

namespace blendd::daemon {

namespace json = boost::json;

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto end = path.find('/', start);
    const std::string part =
        path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!part.empty()) parts.push_back(part);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return parts;
}

std::string query_value(const std::string& target, const std::string& key) {
  const auto q = target.find('?');
  if (q == std::string::npos) return {};
  std::size_t at = q + 1;
  while (at <= target.size()) {
    auto end = target.find('&', at);
    if (end == std::string::npos) end = target.size();
    const std::string pair = target.substr(at, end - at);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == key) {
      if (eq == std::string::npos) return "1";
      std::string out;
      const std::string raw = pair.substr(eq + 1);
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '+') {
          out += ' ';
        } else if (raw[i] == '%' && i + 2 < raw.size() &&
                   std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
                   std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
          out += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
          i += 2;
        } else {
          out += raw[i];
        }
      }
      return out;
    }
    at = end + 1;
  }
  return {};
}

HttpResponse ok_json(const json::value& v) {
  return {200, "application/json", desk::json_text(v)};
}

HttpResponse need(const Caller& caller, Role role) {
  if (role_allows(caller.role, role)) return {0, "", ""};
  return json_error(403, "forbidden",
                    "this needs the " + std::string(to_string(role)) + " role; token '" +
                        caller.name + "' has role " + to_string(caller.role));
}

std::variant<json::object, HttpResponse> body_object(const HttpRequest& r) {
  json::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec) return json_error(400, "bad_json", "body is not valid JSON: " + ec.message());
  if (!v.is_object()) return json_error(400, "bad_json", "body must be a JSON object");
  return v.as_object();
}

std::optional<double> number_field(const json::object& o, const char* key, std::string& error) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_number()) {
    if (error.empty()) error = std::string("'") + key + "' must be a number";
    return std::nullopt;
  }
  return v->to_number<double>();
}

std::string string_field(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string reason_of(const HttpRequest& r, const json::object* body) {
  if (body != nullptr) {
    if (std::string why = string_field(*body, "reason"); !why.empty()) return why;
  }
  return r.header("x-reason");
}

HttpResponse invalid_fields(const std::string& message,
                            const std::vector<config::ConfigError>& errors) {
  json::array fields;
  for (const auto& e : errors)
    fields.push_back(json::object{{"field", e.key}, {"reason", e.reason}});
  json::object error{{"code", "invalid"}, {"message", message}, {"fields", std::move(fields)}};
  return {422, "application/json", desk::json_text(json::object{{"error", std::move(error)}})};
}

HttpResponse invalid_query(const std::string& field, const std::string& reason) {
  config::ConfigError e;
  e.key = field;
  e.reason = reason;
  return invalid_fields(field + ": " + reason, {e});
}

boost::json::value number_or_null(double v) {
  return std::isfinite(v) ? boost::json::value(v) : boost::json::value(nullptr);
}

}  // namespace blendd::daemon
