// libFuzzer: any blendd.yaml text yields a configuration or a list of errors — never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto result = blendd::config::load_config_text(text, "fuzz.yaml");
  if (auto* errors = std::get_if<std::vector<blendd::config::ConfigError>>(&result)) {
    if (errors->empty()) __builtin_trap();  // a refusal must say why
  }
  return 0;
}
