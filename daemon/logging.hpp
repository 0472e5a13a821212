#pragma once
#include "config/blendd_config.hpp"

namespace blendd::daemon {

// Logs to the journal (with priorities) when systemd started us, else to stderr.
void setup_logging(config::LogLevel level);
void set_log_level(config::LogLevel level);

}  // namespace blendd::daemon
