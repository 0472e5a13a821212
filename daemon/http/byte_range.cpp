#include "daemon/http/byte_range.hpp"

#include <cctype>

namespace blendd::daemon {

namespace {

std::optional<std::uint64_t> digits(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

std::string trimmed(const std::string& s) {
  std::size_t a = 0;
  std::size_t b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

}  // namespace

RangeAnswer answer_range(const std::string& header, std::uint64_t size) {
  RangeAnswer whole;
  const std::string h = trimmed(header);
  if (h.rfind("bytes=", 0) != 0) return whole;  // absent, or a unit we do not serve: ignored
  const std::string spec = trimmed(h.substr(6));
  if (spec.find(',') != std::string::npos) return whole;
  const std::size_t dash = spec.find('-');
  if (dash == std::string::npos) return whole;  // malformed: ignored, as RFC 9110 allows
  const std::string a = trimmed(spec.substr(0, dash));
  const std::string b = trimmed(spec.substr(dash + 1));
  RangeAnswer out;
  out.kind = RangeAnswer::Kind::partial;
  if (a.empty()) {  // the last N bytes
    auto n = digits(b);
    if (!n) return whole;
    if (*n == 0 || size == 0) return {RangeAnswer::Kind::unsatisfiable, {}};
    out.range = {*n >= size ? 0 : size - *n, size - 1};
    return out;
  }
  auto first = digits(a);
  if (!first) return whole;
  std::optional<std::uint64_t> last =
      b.empty() ? std::optional<std::uint64_t>(size - 1) : digits(b);
  if (!last || (!b.empty() && *last < *first)) return whole;
  if (*first >= size) return {RangeAnswer::Kind::unsatisfiable, {}};
  out.range = {*first, std::min(*last, size - 1)};
  return out;
}

std::string content_range(const RangeAnswer& answer, std::uint64_t size) {
  if (answer.kind == RangeAnswer::Kind::unsatisfiable) return "bytes */" + std::to_string(size);
  const ByteRange r = answer.kind == RangeAnswer::Kind::partial
                          ? answer.range
                          : ByteRange{0, size == 0 ? 0 : size - 1};
  return "bytes " + std::to_string(r.first) + "-" + std::to_string(r.last) + "/" +
         std::to_string(size);
}

}  // namespace blendd::daemon
