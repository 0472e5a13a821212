#pragma once
// Normalises dialled numbers to E.164 ("+4930123456"). Accepts "+<cc>…", "00<cc>…" and national
// numbers ("030 123456", "(030) 12-34-56") with a default country calling code, whose national
// trunk prefix "0" is dropped.
#include <string>
#include <string_view>

namespace blendd::queue {

struct NormalisedNumber {
  std::string e164;    // empty when the input is not a valid number
  std::string reason;  // why, when empty
};

// default_cc: the country calling code for national numbers, digits only (e.g. "49", "1", "86").
NormalisedNumber normalise_number(std::string_view raw, std::string_view default_cc);

}  // namespace blendd::queue
