#include "queue/phone_number.hpp"

#include <cctype>

namespace blendd::queue {

NormalisedNumber normalise_number(std::string_view raw, std::string_view default_cc) {
  NormalisedNumber out;
  std::string digits;
  bool international = false;
  bool seen_digit = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
      seen_digit = true;
    } else if (c == '+' && !seen_digit && !international) {
      international = true;
    } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/') {
      continue;  // common visual separators
    } else {
      out.reason = std::string("unexpected character '") + c + "'";
      return out;
    }
  }
  if (digits.empty()) {
    out.reason = "no digits";
    return out;
  }
  if (!international && digits.rfind("00", 0) == 0) {
    international = true;
    digits.erase(0, 2);
  }
  if (!international) {
    if (default_cc.empty()) {
      out.reason = "national number and no default country code";
      return out;
    }
    if (digits.front() == '0') digits.erase(0, 1);  // national trunk prefix
    digits = std::string(default_cc) + digits;
  }
  if (digits.front() == '0') {
    out.reason = "country code cannot start with 0";
    return out;
  }
  // E.164: at most 15 digits; anything under 8 is no subscriber number anywhere.
  if (digits.size() < 8 || digits.size() > 15) {
    out.reason = "has " + std::to_string(digits.size()) + " digits; E.164 numbers have 8 to 15";
    return out;
  }
  out.e164 = "+" + digits;
  return out;
}

}  // namespace blendd::queue
