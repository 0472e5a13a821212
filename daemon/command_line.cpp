#include "daemon/command_line.hpp"

namespace blendd::daemon {

const char* usage_text() {
  return "usage: blendd [--config FILE] [--state-dir DIR]\n"
         "       blendd --check-config FILE\n"
         "       blendd --version | --help\n"
         "\n"
         "  --config FILE        configuration to run with (default /etc/blendd/blendd.yaml)\n"
         "  --state-dir DIR      overrides state_dir of the configuration\n"
         "  --check-config FILE  validate FILE, print every error, exit 0 if valid else 1\n"
         "  --version            print the version\n"
         "\n"
         "Signals: SIGTERM/SIGINT stop gracefully, SIGHUP reloads the configuration.\n";
}

CommandLine parse_command_line(const std::vector<std::string>& args) {
  CommandLine cl;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= args.size()) {
        cl.error = a + " needs a value";
        return;
      }
      into = args[++i];
    };
    if (a == "--config") {
      value(cl.config_path);
    } else if (a == "--check-config") {
      cl.mode = CommandLine::Mode::check_config;
      value(cl.config_path);
    } else if (a == "--state-dir") {
      value(cl.state_dir);
    } else if (a == "--version") {
      cl.mode = CommandLine::Mode::version;
    } else if (a == "--help" || a == "-h") {
      cl.mode = CommandLine::Mode::help;
    } else {
      cl.error = "unknown argument '" + a + "'";
    }
    if (!cl.error.empty()) break;
  }
  return cl;
}

}  // namespace blendd::daemon
