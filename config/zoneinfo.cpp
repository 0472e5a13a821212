#include "config/zoneinfo.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

namespace blendd::config {

namespace {

class Reader {
 public:
  explicit Reader(const std::string& b) : b_(b) {}
  bool has(std::size_t n) const { return pos_ + n <= b_.size(); }
  std::int64_t be(int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(b_[pos_++]);
    if (bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    return static_cast<std::int64_t>(v);
  }
  void skip(std::size_t n) { pos_ += n; }
  std::size_t pos() const { return pos_; }

 private:
  const std::string& b_;
  std::size_t pos_ = 0;
};

struct Header {
  char version = 0;
  std::int64_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

bool read_header(Reader& r, Header& h, const std::string& bytes) {
  if (!r.has(44) || bytes.compare(r.pos(), 4, "TZif") != 0) return false;
  h.version = bytes[r.pos() + 4];
  r.skip(20);
  h.isut = r.be(4);
  h.isstd = r.be(4);
  h.leap = r.be(4);
  h.time = r.be(4);
  h.type = r.be(4);
  h.chars = r.be(4);
  return h.isut >= 0 && h.isstd >= 0 && h.leap >= 0 && h.time >= 0 && h.type > 0 && h.type <= 256 &&
         h.chars >= 0;
}

std::size_t block_size(const Header& h, int time_bytes) {
  return static_cast<std::size_t>(h.time * time_bytes + h.time + h.type * 6 + h.chars +
                                  h.leap * (time_bytes + 4) + h.isstd + h.isut);
}

}  // namespace

std::optional<policy::TimeZone> parse_tzif(const std::string& name, const std::string& bytes,
                                           std::string& reason) {
  Reader r(bytes);
  Header h;
  if (!read_header(r, h, bytes)) {
    reason = "not a TZif file";
    return std::nullopt;
  }
  int time_bytes = 4;
  if (h.version >= '2') {
    // Skip the 32-bit block and use the 64-bit one that follows.
    if (!r.has(block_size(h, 4))) {
      reason = "truncated TZif data";
      return std::nullopt;
    }
    r.skip(block_size(h, 4));
    if (!read_header(r, h, bytes)) {
      reason = "bad second TZif header";
      return std::nullopt;
    }
    time_bytes = 8;
  }
  if (!r.has(block_size(h, time_bytes))) {
    reason = "truncated TZif data";
    return std::nullopt;
  }
  std::vector<std::int64_t> times(static_cast<std::size_t>(h.time));
  for (auto& t : times) t = r.be(time_bytes);
  std::vector<int> index(static_cast<std::size_t>(h.time));
  for (auto& i : index) i = static_cast<int>(r.be(1));
  std::vector<std::int32_t> offsets(static_cast<std::size_t>(h.type));
  for (auto& off : offsets) {
    off = static_cast<std::int32_t>(r.be(4));
    r.skip(2);  // isdst, designation index
  }
  std::vector<policy::TimeZone::Transition> transitions;
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (index[i] >= h.type) {
      reason = "transition refers to a missing time type";
      return std::nullopt;
    }
    transitions.push_back({times[i], offsets[static_cast<std::size_t>(index[i])]});
  }
  return policy::TimeZone(name, offsets[0], std::move(transitions));
}

std::optional<policy::TimeZone> load_zone(const std::string& name, std::string& reason,
                                          const std::string& root) {
  if (name == "UTC" || name == "Etc/UTC") return policy::TimeZone::fixed("UTC", 0);
  bool ok = !name.empty() && name.front() != '/' && name.find("..") == std::string::npos;
  for (char c : name) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
                c == '+');
  }
  if (!ok) {
    reason = "'" + name + "' is not an IANA time zone name";
    return std::nullopt;
  }
  std::ifstream in(root + "/" + name, std::ios::binary);
  if (!in) {
    reason = "unknown time zone '" + name + "'";
    return std::nullopt;
  }
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto zone = parse_tzif(name, bytes.str(), reason);
  if (!zone) reason = name + ": " + reason;
  return zone;
}

}  // namespace blendd::config
