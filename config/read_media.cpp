// The media: section (docs/media.md): direct or relayed through rtpengine.
#include "config/section_readers.hpp"
#include "config/value_checks.hpp"

#include <cstdlib>

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
  for (auto [key, field] : {std::pair{"abandon_message", &out.abandon_message},
                            std::pair{"queue_message", &out.queue_message},
                            std::pair{"hold_message", &out.hold_message}}) {
    auto file = r.string(key, Need::optional);
    if (!file || file->empty()) continue;
    if (file->front() != '/') {
      errors.add(r.child(key, Need::optional).Mark(), std::string("media.") + key,
                 "must be an absolute path (rtpengine opens it), not '" + *file + "'");
    }
    *field = *file;
  }
  if (auto address = r.string("amd_address", Need::optional)) {
    if (const std::string bad = check_ip_address(*address); !bad.empty()) {
      errors.add(r.child("amd_address", Need::optional).Mark(), "media.amd_address",
                 bad + " (the address rtpengine sends AMD calls' audio to)");
    }
    out.amd_address = *address;
  }
  if (auto codec = r.string("webrtc_codec", Need::optional)) {
    if (*codec != "opus" && *codec != "pcmu" && *codec != "pcma") {
      errors.add(r.child("webrtc_codec", Need::optional).Mark(), "media.webrtc_codec",
                 "must be opus, pcmu or pcma, not '" + *codec + "'");
    }
    out.webrtc_codec = *codec;
  }
  if (auto v = r.integer("webrtc_connect_timeout_ms", Need::optional, 500, 60000))
    out.webrtc_connect_timeout_ms = static_cast<int>(*v);
  if (auto dir = r.string("recordings_dir", Need::optional)) out.recordings_dir = *dir;
  if (auto v = r.integer("recording_retention_days", Need::optional, 1, 3650))
    out.recording_retention_days = static_cast<int>(*v);
  if (auto v = r.integer("recording_min_free_mb", Need::optional, 0, 1 << 20))
    out.recording_min_free_mb = static_cast<int>(*v);
}

std::optional<double> read_recording_share(YamlMapReader& r, const std::string& path,
                                           ErrorSink& errors) {
  auto value = r.string("recording", Need::optional);
  if (!value) return std::nullopt;
  if (*value == "all") return 1.0;
  if (*value == "none") return 0.0;
  char* end = nullptr;
  const double share = std::strtod(value->c_str(), &end);
  if (value->empty() || end == nullptr || *end != '\0' || !(share > 0 && share <= 1)) {
    errors.add(
        r.child("recording", Need::optional).Mark(), path + ".recording",
        "must be all, none or the share of calls recorded (0 < share <= 1), not '" + *value + "'");
    return std::nullopt;
  }
  return share;
}

void check_relay_needed(const YAML::Node& top, ErrorSink& errors, const BlenddConfig& cfg) {
  if (cfg.media.mode == MediaMode::relay) return;
  const std::string why = "needs media.mode: relay (rtpengine carries the audio)";
  const YAML::Node media = top["media"];
  for (const char* key : {"abandon_message", "queue_message", "hold_message"}) {
    if (media.IsMap() && media[key].IsDefined() && !media[key].as<std::string>("").empty()) {
      errors.add(media[key].Mark(), std::string("media.") + key, why);
    }
  }
  const YAML::Node groups = top["groups"];
  for (std::size_t g = 0; g < cfg.groups.size(); ++g) {
    for (std::size_t a = 0; a < cfg.groups[g].agents.size(); ++a) {
      if (cfg.groups[g].agents[a].phone != AgentPhone::webrtc) continue;
      const YAML::Node agent = groups.IsSequence() && g < groups.size() &&
                                       groups[g]["agents"].IsSequence() &&
                                       a < groups[g]["agents"].size()
                                   ? groups[g]["agents"][a]["phone"]
                                   : top;
      errors.add(agent.Mark(),
                 "groups[" + std::to_string(g) + "].agents[" + std::to_string(a) + "].phone",
                 "webrtc " + why);
    }
    if (cfg.groups[g].recording_share <= 0) continue;
    errors.add(
        groups.IsSequence() && g < groups.size() ? groups[g]["recording"].Mark() : top.Mark(),
        "groups[" + std::to_string(g) + "].recording", why);
  }
  const YAML::Node campaigns = top["campaigns"];
  for (std::size_t c = 0; c < cfg.campaigns.size(); ++c) {
    if (cfg.campaigns[c].amd.enabled) {
      const YAML::Node amd =
          campaigns.IsSequence() && c < campaigns.size() ? campaigns[c]["amd"] : YAML::Node();
      errors.add(amd.IsMap() && amd["enabled"].IsDefined() ? amd["enabled"].Mark() : top.Mark(),
                 "campaigns[" + std::to_string(c) + "].amd.enabled",
                 "answering-machine detection " + why);
    }
    if (cfg.campaigns[c].recording_share <= 0) continue;
    errors.add(campaigns.IsSequence() && c < campaigns.size() ? campaigns[c]["recording"].Mark()
                                                              : top.Mark(),
               "campaigns[" + std::to_string(c) + "].recording", why);
  }
}

}  // namespace blendd::config
