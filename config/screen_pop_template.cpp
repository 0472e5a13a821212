#include "config/screen_pop_template.hpp"

#include <array>
#include <cctype>

namespace blendd::config {

namespace {

constexpr std::array<const char*, 7> kPlaceholders = {"number", "name",    "campaign", "group",
                                                      "call",   "attempt", "agent"};

bool known(const std::string& name) {
  for (const char* p : kPlaceholders) {
    if (name == p) return true;
  }
  return false;
}

std::string url_encoded(const std::string& value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : value) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

}  // namespace

std::string check_screen_pop(const std::string& url) {
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
    return "must be an http:// or https:// URL (got '" + url + "')";
  if (url.size() > 2000) return "must be at most 2,000 characters";
  for (std::size_t at = url.find('{'); at != std::string::npos; at = url.find('{', at + 1)) {
    const std::size_t end = url.find('}', at);
    if (end == std::string::npos) return "has a '{' without its '}'";
    const std::string name = url.substr(at + 1, end - at - 1);
    if (!known(name)) {
      return "names {" + name +
             "}; the placeholders are {number}, {name}, {campaign}, {group}, {call}, {attempt} "
             "and {agent}";
    }
  }
  return {};
}

std::string expand_screen_pop(const std::string& url,
                              const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = url.find('{'); at != std::string::npos; at = url.find('{', from)) {
    const std::size_t end = url.find('}', at);
    if (end == std::string::npos) break;
    out += url.substr(from, at - from);
    auto it = values.find(url.substr(at + 1, end - at - 1));
    if (it != values.end()) out += url_encoded(it->second);
    from = end + 1;
  }
  return out + url.substr(from);
}

}  // namespace blendd::config
