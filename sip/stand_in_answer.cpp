#include "sip/stand_in_answer.hpp"

#include <sstream>
#include <vector>

namespace blendd::sip {

namespace {

// The payload type an a=rtpmap:/a=fmtp: line is about, or -1.
int payload_of(const std::string& line) {
  const std::size_t colon = line.find(':');
  if (colon == std::string::npos) return -1;
  int pt = 0;
  std::size_t i = colon + 1;
  if (i >= line.size() || line[i] < '0' || line[i] > '9') return -1;
  for (; i < line.size() && line[i] >= '0' && line[i] <= '9' && pt < 1000; ++i)
    pt = pt * 10 + (line[i] - '0');
  return pt;
}

}  // namespace

std::string stand_in_answer(const std::string& offer, const std::string& address,
                            std::uint16_t port, bool g711_only, const std::string& session) {
  const std::string ip = address.find(':') != std::string::npos ? "IP6 " : "IP4 ";
  std::string media;
  std::vector<int> kept;
  bool in_audio = false;
  bool seen_audio = false;
  std::size_t at = 0;
  while (at < offer.size()) {
    std::size_t end = offer.find('\n', at);
    if (end == std::string::npos) end = offer.size();
    std::string line = offer.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    at = end + 1;
    if (line.rfind("m=", 0) == 0) {
      in_audio = !seen_audio && line.rfind("m=audio ", 0) == 0;
      if (!in_audio) continue;
      seen_audio = true;
      // m=audio <port> <proto> <formats...>
      std::istringstream words(line.substr(8));
      std::string offered_port, proto, format;
      words >> offered_port >> proto;
      while (words >> format) {
        const bool digits = format.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || format.size() > 3) continue;
        const int pt = std::stoi(format);
        if (g711_only && pt != 0 && pt != 8) continue;
        kept.push_back(pt);
      }
      if (kept.empty()) return {};
      media = "m=audio " + std::to_string(port) + " " + proto;
      for (int pt : kept) media += " " + std::to_string(pt);
      media += "\r\n";
    } else if (in_audio && (line.rfind("a=rtpmap:", 0) == 0 || line.rfind("a=fmtp:", 0) == 0)) {
      const int pt = payload_of(line);
      for (int k : kept) {
        if (k == pt) media += line + "\r\n";
      }
    } else if (in_audio && line.rfind("a=ptime:", 0) == 0) {
      media += line + "\r\n";
    }
  }
  if (media.empty()) return {};
  return "v=0\r\no=blendd 1 1 IN " + ip + address + "\r\ns=" + session + "\r\nc=IN " + ip +
         address + "\r\nt=0 0\r\n" + media + "a=sendrecv\r\n";
}

}  // namespace blendd::sip
