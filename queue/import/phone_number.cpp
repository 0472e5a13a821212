#include "queue/import/phone_number.hpp"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <cctype>

namespace blendd::queue {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

const PhoneNumberUtil& util() {
  return *PhoneNumberUtil::GetInstance();
}

const char* type_name(PhoneNumberUtil::PhoneNumberType t) {
  switch (t) {
    case PhoneNumberUtil::FIXED_LINE:
      return "fixed_line";
    case PhoneNumberUtil::MOBILE:
      return "mobile";
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
      return "fixed_line_or_mobile";
    case PhoneNumberUtil::TOLL_FREE:
      return "toll_free";
    case PhoneNumberUtil::PREMIUM_RATE:
      return "premium_rate";
    case PhoneNumberUtil::SHARED_COST:
      return "shared_cost";
    case PhoneNumberUtil::VOIP:
      return "voip";
    case PhoneNumberUtil::PERSONAL_NUMBER:
      return "personal_number";
    case PhoneNumberUtil::PAGER:
      return "pager";
    case PhoneNumberUtil::UAN:
      return "uan";
    case PhoneNumberUtil::VOICEMAIL:
      return "voicemail";
    case PhoneNumberUtil::UNKNOWN:
      break;
  }
  return "unknown";
}

std::string parse_error(PhoneNumberUtil::ErrorType e) {
  switch (e) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      return "no country with that calling code";
    case PhoneNumberUtil::NOT_A_NUMBER:
      return "not a phone number";
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
      return "too short after the international prefix";
    case PhoneNumberUtil::TOO_SHORT_NSN:
      return "too short";
    case PhoneNumberUtil::TOO_LONG_NSN:
      return "too long";
    default:
      return "cannot be read";
  }
}

std::string impossible_reason(PhoneNumberUtil::ValidationResult v, const std::string& region) {
  switch (v) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
      return "no country with that calling code";
    case PhoneNumberUtil::TOO_SHORT:
      return "too short for a number of " + region;
    case PhoneNumberUtil::TOO_LONG:
      return "too long for a number of " + region;
    case PhoneNumberUtil::INVALID_LENGTH:
      return "not a length numbers of " + region + " have";
    default:
      return "not a valid number of " + region + " (no such range)";
  }
}

// A number from its country code and national significant digits, leading zeros kept (Italy).
PhoneNumber from_digits(int country_code, const std::string& nsn) {
  PhoneNumber n;
  n.set_country_code(country_code);
  std::size_t zeros = 0;
  while (zeros + 1 < nsn.size() && nsn[zeros] == '0') ++zeros;
  if (zeros > 0) {
    n.set_italian_leading_zero(true);
    if (zeros > 1) n.set_number_of_leading_zeros(static_cast<int>(zeros));
  }
  n.set_national_number(std::stoull(nsn));
  return n;
}

// The common shapes without the library's general parser (its regular expressions cost half of
// a number's time): "+<cc><nsn>", and a national number behind the region's one-digit national
// prefix ("030 …" in Germany). Only a result the number plan knows is taken; anything else goes
// through Parse.
bool quick_parse(const std::string& digits, bool plus, const std::string& region, int region_cc,
                 PhoneNumber& out, PhoneNumberUtil::PhoneNumberType& type) {
  if (digits.size() < 4 || digits.size() > 17) return false;
  if (plus) {
    for (std::size_t k = 1; k <= 3; ++k) {
      const int cc = std::stoi(digits.substr(0, k));
      std::string r;
      util().GetRegionCodeForCountryCode(cc, &r);
      if (r == "ZZ") continue;
      out = from_digits(cc, digits.substr(k));
      type = util().GetNumberType(out);
      return type != PhoneNumberUtil::UNKNOWN;
    }
    return false;
  }
  std::string ndd;
  util().GetNddPrefixForRegion(region, true, &ndd);
  if (ndd.size() != 1 || digits[0] != ndd[0] || digits[1] == ndd[0]) return false;
  out = from_digits(region_cc, digits.substr(1));
  type = util().GetNumberType(out);
  return type != PhoneNumberUtil::UNKNOWN;
}

}  // namespace

NormalisedNumber normalise_number(std::string_view raw, std::string_view default_cc) {
  NormalisedNumber out;
  // The characters people write numbers with; anything else is a mistake to report (the
  // library would read letters as keypad digits).
  std::string digits;
  bool plus = false;  // a leading + (before any digit)
  for (char c : raw) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/') {
      out.reason = std::string("unexpected character '") + c + "'";
      return out;
    }
  }
  if (digits.empty()) {
    out.reason = "no digits";
    return out;
  }
  std::string region = "ZZ";  // unknown: only numbers with their country code parse
  int region_cc = 0;
  if (!default_cc.empty() && default_cc.size() <= 3) {
    for (char c : default_cc)
      region_cc = region_cc * 10 + (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : 0);
    util().GetRegionCodeForCountryCode(region_cc, &region);
  }
  PhoneNumber number;
  auto type = PhoneNumberUtil::UNKNOWN;
  const bool quick = quick_parse(digits, plus, region, region_cc, number, type);
  const auto e =
      quick ? PhoneNumberUtil::NO_PARSING_ERROR : util().Parse(std::string(raw), region, &number);
  if (e != PhoneNumberUtil::NO_PARSING_ERROR) {
    out.reason = region == "ZZ" && e == PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR
                     ? "national number and no default country code"
                     : parse_error(e);
    return out;
  }
  std::string number_region;
  util().GetRegionCodeForNumber(number, &number_region);
  // The type is the validity check too: a number in none of its country's ranges is UNKNOWN.
  if (!quick) type = util().GetNumberType(number);
  if (type == PhoneNumberUtil::UNKNOWN) {
    std::string country;
    util().GetRegionCodeForCountryCode(number.country_code(), &country);
    out.reason = impossible_reason(util().IsPossibleNumberWithReason(number), country);
    return out;
  }
  util().Format(number, PhoneNumberUtil::E164, &out.e164);
  // Some plans (Germany's direct-dial extensions) accept longer numbers than E.164's 15 digits;
  // no trunk takes those (found by fuzz_phone_number: "40009908493344" in Germany).
  if (out.e164.size() > 16) {
    out.reason = "has " + std::to_string(out.e164.size() - 1) +
                 " digits with its country code; E.164 numbers have at most 15";
    out.e164.clear();
    return out;
  }
  out.region = number_region;
  out.type = type_name(type);
  return out;
}

std::string number_type(const std::string& e164) {
  PhoneNumber number;
  if (util().Parse(e164, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return "unknown";
  return type_name(util().GetNumberType(number));
}

}  // namespace blendd::queue
