#pragma once
#include <string>
#include <vector>

namespace blendd::config {

// One problem found in a config file: where it is and why it is wrong.
struct ConfigError {
  std::string file;
  int line = 0;     // 1-based; 0 when unknown
  int column = 0;   // 1-based; 0 when unknown
  std::string key;  // dotted path, e.g. groups[0].idle.start_threshold
  std::string reason;

  // "file:line:column: key: reason" — the form editors and CI logs link to.
  std::string to_string() const;
};

std::string format_errors(const std::vector<ConfigError>& errors);

}  // namespace blendd::config
