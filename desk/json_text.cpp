#include "desk/json_text.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

namespace blendd::desk {

namespace json = boost::json;

namespace {

void append(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::double_: {
      const double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";
        return;
      }
      char buffer[32];
      // The shortest text that reads back as the same double.
      const auto r = std::to_chars(buffer, buffer + sizeof buffer, d);
      const std::string_view text(buffer, static_cast<std::size_t>(r.ptr - buffer));
      out += text;
      // A whole double keeps a ".0": typed readers (Boost.JSON, Python) see a double, as before.
      if (text.find_first_of(".eE") == std::string_view::npos) out += ".0";
      return;
    }
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += json::serialize(json::string(key));
        out += ':';
        append(out, value);
      }
      out += '}';
      return;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& value : v.get_array()) {
        if (!first) out += ',';
        first = false;
        append(out, value);
      }
      out += ']';
      return;
    }
    default:
      out += json::serialize(v);
  }
}

}  // namespace

std::string json_text(const json::value& v) {
  std::string out;
  append(out, v);
  return out;
}

}  // namespace blendd::desk
