#include "config/config_loader.hpp"
#include "config/zoneinfo.hpp"

#include <fstream>
#include <sstream>

#include "config/section_readers.hpp"

namespace blendd::config {

std::string ConfigError::to_string() const {
  std::ostringstream out;
  out << file;
  if (line > 0) out << ':' << line << ':' << column;
  out << ": " << key << ": " << reason;
  return out.str();
}

std::string format_errors(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.to_string() + "\n";
  return out;
}

const char* to_string(LogLevel level) {
  switch (level) {
    case LogLevel::trace:
      return "trace";
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

const char* to_string(PacingMode mode) {
  switch (mode) {
    case PacingMode::progressive:
      return "progressive";
    case PacingMode::predictive:
      return "predictive";
    case PacingMode::preview:
      return "preview";
  }
  return "progressive";
}

const GroupConfig* BlenddConfig::group(const std::string& id) const {
  for (const auto& g : groups)
    if (g.id == id) return &g;
  return nullptr;
}

const CampaignConfig* BlenddConfig::campaign(const std::string& id) const {
  for (const auto& c : campaigns)
    if (c.id == id) return &c;
  return nullptr;
}

LoadResult load_config_text(const std::string& text, const std::string& file_name) {
  ErrorSink errors(file_name);
  YAML::Node root;
  if (!parse_yaml(text, errors, root)) return errors.errors();
  return load_config_node(root, file_name);
}

LoadResult load_config_node(const YAML::Node& root, const std::string& file_name) {
  ErrorSink errors(file_name);
  BlenddConfig cfg;
  cfg.source_file = file_name;
  {
    YamlMapReader top(root, "", errors);
    if (!top.valid() || !root.IsDefined() || root.IsNull()) {
      if (errors.empty()) errors.add(YAML::Mark::null_mark(), "(top level)", "file is empty");
      return errors.errors();
    }
    if (auto dir = top.string("state_dir", Need::optional)) {
      if (dir->empty() || dir->front() != '/') {
        errors.add(top.child("state_dir", Need::optional).Mark(), "state_dir",
                   "must be an absolute path");
      }
      cfg.state_dir = *dir;
    }
    if (auto zone = top.string("time_zone", Need::optional)) {
      std::string reason;
      if (!load_zone(*zone, reason)) {
        errors.add(top.child("time_zone", Need::optional).Mark(), "time_zone", reason);
      }
      cfg.time_zone = *zone;
    }
    read_logging(top.child("logging", Need::optional), errors, cfg.logging);
    read_sip(top.child("sip", Need::required), errors, cfg.sip);
    read_redis(top.child("redis", Need::optional), errors, cfg.redis);
    read_media(top.child("media", Need::optional), errors, cfg.media);
    read_http(top.child("http", Need::optional), errors, cfg.http);
    read_node(top.child("node", Need::optional), errors, cfg.node);
    read_integrations(top.child("integrations", Need::optional), errors, cfg.integrations);
    read_groups(top.child("groups", Need::optional), top.mark(), errors, cfg.groups);
    YAML::Node campaigns = top.child("campaigns", Need::optional);
    read_campaigns(campaigns, top.mark(), errors, cfg.groups, cfg.campaigns);
    read_catalogue(top.child("catalogue", Need::optional), errors, cfg.catalogue);
    check_catalogue_references(campaigns, errors, cfg);
    check_inbound_numbers(top.child("groups", Need::optional), errors, cfg.groups);
    check_relay_needed(root, errors, cfg);
  }  // top's destructor reports unknown top-level keys before we decide
  if (!errors.empty()) return errors.errors();
  return cfg;
}

LoadResult load_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ConfigError e;
    e.file = path;
    e.key = "(file)";
    e.reason = "cannot be opened for reading";
    return std::vector<ConfigError>{e};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_config_text(text.str(), path);
}

}  // namespace blendd::config
