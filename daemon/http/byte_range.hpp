#pragma once
// HTTP range requests (RFC 9110 §14): one `bytes=` range of a resource of known size, as audio
// players ask for them. Several ranges in one header are answered with the whole resource
// (allowed: a server may ignore Range).
#include <cstdint>
#include <optional>
#include <string>

namespace blendd::daemon {

struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
  std::uint64_t length() const { return last - first + 1; }
};

struct RangeAnswer {
  enum class Kind { whole, partial, unsatisfiable };
  Kind kind = Kind::whole;
  ByteRange range;  // partial: what to send
};

// `header`: the Range header ("" when absent); `size`: the resource's length in bytes.
RangeAnswer answer_range(const std::string& header, std::uint64_t size);
// "bytes 0-99/1000", or "bytes */1000" for an unsatisfiable range.
std::string content_range(const RangeAnswer& answer, std::uint64_t size);

}  // namespace blendd::daemon
