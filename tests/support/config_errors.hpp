#pragma once
// The errors a config text produces, as "file:line:col: key: reason" strings.
#include <string>
#include <vector>

#include "config/config_loader.hpp"

namespace blendd::test {

inline std::vector<std::string> config_errors(const std::string& text) {
  auto result = config::load_config_text(text, "t.yaml");
  std::vector<std::string> out;
  if (auto* e = std::get_if<std::vector<config::ConfigError>>(&result)) {
    for (const auto& err : *e) out.push_back(err.to_string());
  }
  return out;
}

}  // namespace blendd::test
