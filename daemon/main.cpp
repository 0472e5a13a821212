#include "log/log.hpp"

#include <cstdio>
#include <exception>
#include <iostream>

#include "blendd_version.hpp"
#include "config/config_loader.hpp"
#include "daemon/command_line.hpp"
#include "daemon/daemon.hpp"
#include "daemon/logging.hpp"

using namespace blendd;

int main(int argc, char** argv) {
  daemon::CommandLine cl = daemon::parse_command_line({argv + 1, argv + argc});
  if (!cl.error.empty()) {
    std::cerr << "blendd: " << cl.error << "\n" << daemon::usage_text();
    return 2;
  }
  switch (cl.mode) {
    case daemon::CommandLine::Mode::help:
      std::cout << daemon::usage_text();
      return 0;
    case daemon::CommandLine::Mode::version:
      std::cout << "blendd " << kVersion << "\n";
      return 0;
    default:
      break;
  }

  auto result = config::load_config_file(cl.config_path);
  if (auto* errors = std::get_if<std::vector<config::ConfigError>>(&result)) {
    std::cerr << config::format_errors(*errors);
    std::cerr << "blendd: " << cl.config_path << ": " << errors->size() << " error(s)\n";
    return 1;
  }
  auto cfg = std::get<config::BlenddConfig>(std::move(result));
  if (cl.mode == daemon::CommandLine::Mode::check_config) {
    std::cout << cl.config_path << ": valid\n";
    return 0;
  }
  if (!cl.state_dir.empty()) cfg.state_dir = cl.state_dir;

  try {
    daemon::setup_logging(cfg.logging.level);
    log::info("blendd {} starting", kVersion);
    daemon::Daemon d(std::move(cfg), cl.config_path);
    return d.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "blendd: fatal: %s\n", e.what());
    return 1;
  }
}
