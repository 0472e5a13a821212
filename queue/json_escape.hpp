#pragma once
#include <string>
#include <string_view>

namespace blendd::queue {

// The body of a JSON string literal (without the quotes): ", \ and control characters escaped.
std::string json_escape(std::string_view text);

}  // namespace blendd::queue
