#pragma once
// Numbers through libphonenumber: parsed with the campaign's country (its national and
// international dialling prefixes: Italy keeps its leading 0, the US dials 011 abroad), refused
// when not a valid number there with the reason, written as E.164 ("+4930123456"), with the
// number's region and type (premium rate, shared cost, mobile …) for the toll-fraud guard and
// the calling window's zone. libphonenumber stays in phone_number.cpp.
#include <string>
#include <string_view>

namespace blendd::queue {

struct NormalisedNumber {
  std::string e164;    // empty when the input is not a valid number
  std::string reason;  // why, when empty
  std::string region;  // ISO 3166 code of the number's country ("DE"), "001" for global ranges
  std::string type;    // fixed_line, mobile, fixed_line_or_mobile, toll_free, premium_rate,
                       // shared_cost, voip, personal_number, pager, uan, voicemail, unknown
};

// default_cc: the country calling code for national numbers, digits only (e.g. "49", "1", "39").
NormalisedNumber normalise_number(std::string_view raw, std::string_view default_cc);

// The type of an E.164 number ("unknown" when it is none of the known ones).
std::string number_type(const std::string& e164);

}  // namespace blendd::queue
