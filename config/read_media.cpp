// The media: section (docs/media.md): direct or relayed through rtpengine.
#include "config/section_readers.hpp"
#include "config/value_checks.hpp"

namespace blendd::config {

void read_media(const YAML::Node& node, ErrorSink& errors, MediaConfig& out) {
  YamlMapReader r(node, "media", errors);
  if (auto mode = r.string("mode", Need::optional)) {
    if (*mode == "direct") {
      out.mode = MediaMode::direct;
    } else if (*mode == "relay") {
      out.mode = MediaMode::relay;
    } else {
      errors.add(r.child("mode", Need::optional).Mark(), "media.mode",
                 "must be direct or relay, not '" + *mode + "'");
    }
  }
  if (auto address = r.string("rtpengine", Need::optional)) {
    if (!address->empty()) {
      std::string reason;
      parse_host_port(*address, reason);
      if (!reason.empty()) {
        errors.add(r.child("rtpengine", Need::optional).Mark(), "media.rtpengine",
                   reason + " (rtpengine's NG address, host:port)");
      }
    }
    out.rtpengine = *address;
  }
  if (auto bin = r.string("rtpengine_binary", Need::optional)) out.rtpengine_binary = *bin;
  if (auto v = r.integer("port_min", Need::optional, 1024, 65534))
    out.port_min = static_cast<int>(*v);
  if (auto v = r.integer("port_max", Need::optional, 1025, 65535))
    out.port_max = static_cast<int>(*v);
  // rtpengine takes two ports (RTP and RTCP) per stream and two streams per call.
  if (out.port_max - out.port_min < 3) {
    errors.add(r.mark(), "media.port_max",
               "must be at least port_min + 3 (" + std::to_string(out.port_min) + " + 3)");
  }
  if (auto v = r.integer("ng_timeout_ms", Need::optional, 50, 10000))
    out.ng_timeout_ms = static_cast<int>(*v);
}

}  // namespace blendd::config
