#pragma once
// Internal to config/: one reader per top-level section of blendd.yaml.
#include "config/blendd_config.hpp"
#include "config/config_loader.hpp"
#include "config/yaml_map_reader.hpp"

namespace blendd::config {

// The whole configuration from an already parsed document (the file, or the file with the live
// settings laid over it).
LoadResult load_config_node(const YAML::Node& root, const std::string& file_name);

void read_logging(const YAML::Node& node, ErrorSink& errors, LoggingConfig& out);
void read_sip(const YAML::Node& node, ErrorSink& errors, SipConfig& out);
void read_redis(const YAML::Node& node, ErrorSink& errors, RedisConfig& out);
void read_media(const YAML::Node& node, ErrorSink& errors, MediaConfig& out);
void read_http(const YAML::Node& node, ErrorSink& errors, HttpConfig& out);
void read_node(const YAML::Node& node, ErrorSink& errors, NodeConfig& out);
void read_integrations(const YAML::Node& node, ErrorSink& errors, IntegrationsConfig& out);
void read_groups(const YAML::Node& node, const YAML::Mark& parent, ErrorSink& errors,
                 std::vector<GroupConfig>& out);
void read_campaigns(const YAML::Node& node, const YAML::Mark& parent, ErrorSink& errors,
                    const std::vector<GroupConfig>& groups, std::vector<CampaignConfig>& out);
// A dialled number routes to one group only.
void check_inbound_numbers(const YAML::Node& groups, ErrorSink& errors,
                           const std::vector<GroupConfig>& out);
// A group's or campaign's `recording: all | none | share` (nullopt: absent, or wrong and said).
std::optional<double> read_recording_share(YamlMapReader& r, const std::string& path,
                                           ErrorSink& errors);
// Recordings and announcements need media.mode: relay (rtpengine carries the audio).
void check_relay_needed(const YAML::Node& top, ErrorSink& errors, const BlenddConfig& cfg);
void read_catalogue(const YAML::Node& node, ErrorSink& errors, CatalogueConfig& out);
// A campaign's `amd` mapping (absent: off).
void read_amd(const YAML::Node& node, const std::string& path, ErrorSink& errors, AmdConfig& out);
// Cross-section checks: campaigns name products and questionnaires that exist.
void check_catalogue_references(const YAML::Node& campaigns, ErrorSink& errors,
                                const BlenddConfig& cfg);

}  // namespace blendd::config
