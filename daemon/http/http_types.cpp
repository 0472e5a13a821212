#include "daemon/http/http_types.hpp"
#include "desk/json_text.hpp"

#include <strings.h>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace blendd::daemon {

std::string HttpRequest::header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (::strcasecmp(k.c_str(), name.c_str()) == 0) return v;
  }
  return {};
}

HttpResponse json_error(int status, const std::string& code, const std::string& message) {
  boost::json::value v = {{"error", {{"code", code}, {"message", message}}}};
  return HttpResponse{status, "application/json", desk::json_text(v)};
}

}  // namespace blendd::daemon
