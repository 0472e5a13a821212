#pragma once
// The pages blendd serves (web/agent/...), compiled into the binary.
#include <string_view>

namespace blendd::web {

struct Asset {
  std::string_view path;  // "/agent/index.html"
  std::string_view content_type;
  std::string_view body;
};

// The asset at this path, or nullptr.
const Asset* asset(std::string_view path);

}  // namespace blendd::web
