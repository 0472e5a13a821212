#pragma once
#include <string>
#include <variant>
#include <vector>

#include "config/blendd_config.hpp"
#include "config/config_error.hpp"

namespace blendd::config {

// Either a fully valid configuration or every error found in the file (never just the first).
using LoadResult = std::variant<BlenddConfig, std::vector<ConfigError>>;

LoadResult load_config_file(const std::string& path);
LoadResult load_config_text(const std::string& text, const std::string& file_name);

}  // namespace blendd::config
