#include "config/yaml_map_reader.hpp"

#include <cmath>
#include <sstream>

namespace blendd::config {

void ErrorSink::add(const YAML::Mark& mark, std::string key, std::string reason) {
  ConfigError e;
  e.file = file_;
  e.line = mark.line >= 0 ? mark.line + 1 : 0;
  e.column = mark.column >= 0 ? mark.column + 1 : 0;
  e.key = std::move(key);
  e.reason = std::move(reason);
  errors_.push_back(std::move(e));
}

bool parse_yaml(const std::string& text, ErrorSink& errors, YAML::Node& root) {
  try {
    root = YAML::Load(text);
    return true;
  } catch (const YAML::Exception& e) {
    errors.add(e.mark, "(syntax)", e.msg);
    return false;
  }
}

YAML::Mark mark_of(const YAML::Node& node, const YAML::Mark& fallback) {
  if (!node.IsDefined()) return fallback;
  YAML::Mark m = node.Mark();
  return m.line >= 0 ? m : fallback;
}

YamlMapReader::YamlMapReader(const YAML::Node& node, std::string path, ErrorSink& errors)
    : node_(node), path_(std::move(path)), errors_(errors), mark_(YAML::Mark::null_mark()) {
  if (!node_.IsDefined() || node_.IsNull()) {
    node_ = YAML::Node(YAML::NodeType::Undefined);
    return;
  }
  mark_ = node_.Mark();
  if (!node_.IsMap()) {
    errors_.add(mark_, path_.empty() ? "(top level)" : path_, "must be a mapping of key: value");
    valid_ = false;
    node_ = YAML::Node(YAML::NodeType::Undefined);
  }
}

YamlMapReader::~YamlMapReader() {
  report_unknown_keys();
}

std::string YamlMapReader::key_path(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return path_ + "." + std::string(key);
}

void YamlMapReader::report_unknown_keys() {
  if (!node_.IsDefined() || !node_.IsMap()) return;
  for (const auto& kv : node_) {
    const std::string key = kv.first.Scalar();
    if (used_.find(key) == used_.end()) {
      errors_.add(kv.first.Mark(), key_path(key), "unknown key");
    }
  }
}

namespace {
YamlMapReader::KeyObserver key_observer = nullptr;
void* key_observer_context = nullptr;
}  // namespace

void YamlMapReader::observe_keys(KeyObserver observer, void* context) {
  key_observer = observer;
  key_observer_context = context;
}

YAML::Node YamlMapReader::child(std::string_view key, Need need) {
  used_.insert(std::string(key));
  if (key_observer != nullptr) key_observer(key_path(key), key_observer_context);
  if (!node_.IsDefined()) {
    if (need == Need::required && valid_) {
      errors_.add(mark_, key_path(key), "required key is missing");
    }
    return YAML::Node(YAML::NodeType::Undefined);
  }
  YAML::Node value = node_[std::string(key)];
  if (!value.IsDefined() || value.IsNull()) {
    if (need == Need::required) errors_.add(mark_, key_path(key), "required key is missing");
    return YAML::Node(YAML::NodeType::Undefined);
  }
  return value;
}

YAML::Node YamlMapReader::scalar(std::string_view key, Need need) {
  YAML::Node value = child(key, need);
  if (value.IsDefined() && !value.IsScalar()) {
    errors_.add(value.Mark(), key_path(key), "must be a single value, not a list or mapping");
    return YAML::Node(YAML::NodeType::Undefined);
  }
  return value;
}

std::optional<std::string> YamlMapReader::string(std::string_view key, Need need) {
  YAML::Node value = scalar(key, need);
  if (!value.IsDefined()) return std::nullopt;
  return value.Scalar();
}

namespace {
std::string format_number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}
}  // namespace

std::optional<double> YamlMapReader::number(std::string_view key, Need need, double min,
                                            double max) {
  YAML::Node value = scalar(key, need);
  if (!value.IsDefined()) return std::nullopt;
  double v = 0;
  if (!YAML::convert<double>::decode(value, v) || !std::isfinite(v)) {
    errors_.add(value.Mark(), key_path(key), "must be a number (got '" + value.Scalar() + "')");
    return std::nullopt;
  }
  if (v < min || v > max) {
    errors_.add(value.Mark(), key_path(key),
                "must be between " + format_number(min) + " and " + format_number(max) + " (got " +
                    value.Scalar() + ")");
    return std::nullopt;
  }
  return v;
}

std::optional<long long> YamlMapReader::integer(std::string_view key, Need need, long long min,
                                                long long max) {
  YAML::Node value = scalar(key, need);
  if (!value.IsDefined()) return std::nullopt;
  long long v = 0;
  if (!YAML::convert<long long>::decode(value, v)) {
    errors_.add(value.Mark(), key_path(key),
                "must be a whole number (got '" + value.Scalar() + "')");
    return std::nullopt;
  }
  if (v < min || v > max) {
    errors_.add(value.Mark(), key_path(key),
                "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                    " (got " + value.Scalar() + ")");
    return std::nullopt;
  }
  return v;
}

std::optional<bool> YamlMapReader::boolean(std::string_view key, Need need) {
  YAML::Node value = scalar(key, need);
  if (!value.IsDefined()) return std::nullopt;
  bool v = false;
  if (!YAML::convert<bool>::decode(value, v)) {
    errors_.add(value.Mark(), key_path(key),
                "must be true or false (got '" + value.Scalar() + "')");
    return std::nullopt;
  }
  return v;
}

std::optional<std::vector<std::string>> YamlMapReader::string_list(std::string_view key,
                                                                   Need need) {
  YAML::Node value = child(key, need);
  if (!value.IsDefined()) return std::nullopt;
  if (!value.IsSequence()) {
    errors_.add(value.Mark(), key_path(key), "must be a list");
    return std::nullopt;
  }
  std::vector<std::string> out;
  std::size_t i = 0;
  for (const auto& item : value) {
    if (!item.IsScalar()) {
      errors_.add(item.Mark(), key_path(key) + "[" + std::to_string(i) + "]",
                  "must be a single value");
    } else {
      out.push_back(item.Scalar());
    }
    ++i;
  }
  return out;
}

}  // namespace blendd::config
