#include "sip/sdp_origin.hpp"

#include <charconv>
#include <sstream>
#include <vector>

namespace blendd::sip {

namespace {

std::vector<std::string> lines_of(const std::string& sdp) {
  std::vector<std::string> lines;
  std::istringstream in(sdp);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>
struct Origin {
  std::string username, session, nettype, addrtype, address;
  unsigned long long version = 0;
};

bool parse_origin(const std::string& line, Origin& o) {
  if (line.rfind("o=", 0) != 0) return false;
  std::istringstream in(line.substr(2));
  std::string version;
  if (!(in >> o.username >> o.session >> version >> o.nettype >> o.addrtype >> o.address))
    return false;
  const auto [end, ec] =
      std::from_chars(version.data(), version.data() + version.size(), o.version);
  return ec == std::errc() && end == version.data() + version.size();
}

bool find_origin(const std::string& sdp, Origin& o) {
  for (const auto& line : lines_of(sdp)) {
    if (parse_origin(line, o)) return true;
  }
  return false;
}

}  // namespace

std::string continue_origin(const std::string& previous, const std::string& next) {
  Origin before, after;
  if (!find_origin(previous, before) || !find_origin(next, after)) return next;
  const unsigned long long version = std::max(before.version, after.version) + 1;
  const std::string origin = "o=" + before.username + " " + before.session + " " +
                             std::to_string(version) + " " + before.nettype + " " +
                             before.addrtype + " " + before.address;
  std::string out;
  bool replaced = false;
  for (const auto& line : lines_of(next)) {
    out += !replaced && line.rfind("o=", 0) == 0 ? origin : line;
    if (line.rfind("o=", 0) == 0) replaced = true;
    out += "\r\n";
  }
  return out;
}

bool same_media(const std::string& a, const std::string& b) {
  // Where the media goes and in what formats: the c= and m= lines (attributes a relay rewrites
  // on every answer — its ssrc, its candidates — do not move the customer's media).
  auto media = [](const std::string& sdp) {
    std::vector<std::string> kept;
    for (auto& line : lines_of(sdp)) {
      if (line.rfind("c=", 0) == 0 || line.rfind("m=", 0) == 0) kept.push_back(std::move(line));
    }
    return kept;
  };
  return media(a) == media(b);
}

}  // namespace blendd::sip
