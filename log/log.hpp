#pragma once
// blendd's log lines: the format string is checked at compile time (fmt), the line is formatted
// here and handed to spdlog in log.cpp. spdlog's own templates cost ~5 s of compile time in every
// file that logs; behind this header they are built once (docs/decisions.md, 121).
#include <fmt/core.h>

#include <string_view>
#include <utility>

namespace blendd::log {

enum class Level { trace, debug, info, warn, error, critical };

// Whether a line at `level` would be written now (formatting is skipped when not).
bool enabled(Level level);
void write(Level level, std::string_view line);

template <class... Args>
void at(Level level, fmt::format_string<Args...> format, Args&&... args) {
  if (!enabled(level)) return;
  write(level, fmt::vformat(format, fmt::make_format_args(args...)));
}

template <class... Args>
void debug(fmt::format_string<Args...> format, Args&&... args) {
  at(Level::debug, format, std::forward<Args>(args)...);
}
template <class... Args>
void info(fmt::format_string<Args...> format, Args&&... args) {
  at(Level::info, format, std::forward<Args>(args)...);
}
template <class... Args>
void warn(fmt::format_string<Args...> format, Args&&... args) {
  at(Level::warn, format, std::forward<Args>(args)...);
}
template <class... Args>
void error(fmt::format_string<Args...> format, Args&&... args) {
  at(Level::error, format, std::forward<Args>(args)...);
}
template <class... Args>
void critical(fmt::format_string<Args...> format, Args&&... args) {
  at(Level::critical, format, std::forward<Args>(args)...);
}

}  // namespace blendd::log
