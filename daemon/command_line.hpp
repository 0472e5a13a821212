#pragma once
#include <string>
#include <vector>

namespace blendd::daemon {

struct CommandLine {
  enum class Mode { run, check_config, version, help };
  Mode mode = Mode::run;
  std::string config_path = "/etc/blendd/blendd.yaml";
  std::string state_dir;  // overrides the config's state_dir when set
  std::string error;      // set when the arguments are wrong
};

CommandLine parse_command_line(const std::vector<std::string>& args);
const char* usage_text();

}  // namespace blendd::daemon
