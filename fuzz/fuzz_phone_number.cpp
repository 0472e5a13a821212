// libFuzzer: number normalisation returns E.164 (+ and at most 15 digits; some plans have numbers
// of 7 and fewer) or a reason, nothing else.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "queue/import/phone_number.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto n = blendd::queue::normalise_number(
      std::string_view(reinterpret_cast<const char*>(data), size), "49");
  if (n.e164.empty()) {
    if (n.reason.empty()) __builtin_trap();
    return 0;
  }
  if (n.e164[0] != '+' || n.e164.size() < 4 || n.e164.size() > 16 ||
      n.e164.find_first_not_of("0123456789", 1) != std::string::npos) {
    __builtin_trap();
  }
  return 0;
}
