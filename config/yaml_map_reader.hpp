#pragma once
// Internal to config/: reads one YAML mapping field by field, records every problem with its
// line and key path, and reports keys nobody asked for as unknown.
#include <yaml-cpp/yaml.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_error.hpp"

namespace blendd::config {

class ErrorSink {
 public:
  explicit ErrorSink(std::string file) : file_(std::move(file)) {}
  void add(const YAML::Mark& mark, std::string key, std::string reason);
  const std::vector<ConfigError>& errors() const { return errors_; }
  bool empty() const { return errors_.empty(); }

 private:
  std::string file_;
  std::vector<ConfigError> errors_;
};

enum class Need { required, optional };

class YamlMapReader {
 public:
  // node may be undefined (an absent optional section): every read then yields its default.
  YamlMapReader(const YAML::Node& node, std::string path, ErrorSink& errors);
  ~YamlMapReader();
  YamlMapReader(const YamlMapReader&) = delete;
  YamlMapReader& operator=(const YamlMapReader&) = delete;

  bool valid() const { return valid_; }
  std::string key_path(std::string_view key) const;
  const YAML::Mark& mark() const { return mark_; }
  ErrorSink& errors() { return errors_; }

  std::optional<std::string> string(std::string_view key, Need need);
  std::optional<double> number(std::string_view key, Need need, double min, double max);
  std::optional<long long> integer(std::string_view key, Need need, long long min, long long max);
  std::optional<bool> boolean(std::string_view key, Need need);
  std::optional<std::vector<std::string>> string_list(std::string_view key, Need need);
  // A child mapping or sequence; undefined when absent (an error is recorded if required).
  YAML::Node child(std::string_view key, Need need);

  // Every key path a reader asks for, present or not (tests hold docs/configuration.md against
  // the readers with it). Not for production use: one observer per process, not thread-safe.
  using KeyObserver = void (*)(const std::string& path, void* context);
  static void observe_keys(KeyObserver observer, void* context);

 private:
  YAML::Node scalar(std::string_view key, Need need);
  void report_unknown_keys();

  YAML::Node node_;
  std::string path_;
  ErrorSink& errors_;
  YAML::Mark mark_;
  bool valid_ = true;
  std::set<std::string, std::less<>> used_;
};

// Parses YAML text; a syntax error is recorded (with its line) and false returned.
bool parse_yaml(const std::string& text, ErrorSink& errors, YAML::Node& root);

// Line/column of a node, falling back to a parent's when the node has none.
YAML::Mark mark_of(const YAML::Node& node, const YAML::Mark& fallback);

}  // namespace blendd::config
