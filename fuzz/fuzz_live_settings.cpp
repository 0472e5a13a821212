// libFuzzer: any API change body (groups, campaigns, catalogue entries, lists — the JSON a
// supervisor sends to /api/v1) laid over a valid blendd.yaml yields a configuration or a list of
// errors — never a crash. The first byte picks the section, the second the id, the rest is the
// body.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/live_settings.hpp"
#include "tests/support/small_config.hpp"

namespace {

const std::string kBase = blendd::test::kSipSection + R"(groups:
  - id: sales
    idle: { start_threshold: 0.4, stop_threshold: 0.25 }
    agents:
      - { id: a01, sip_uri: "sip:a01@127.0.0.1:5090" }
campaigns:
  - { id: spring, group: sales, pacing: predictive, product: fibre, questionnaire: survey }
)" + blendd::test::kSurveyCatalogue;

const char* kIds[] = {"sales", "spring", "fibre", "survey", "+4930123456", "new", ""};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  using blendd::config::LiveSection;
  const auto section = static_cast<LiveSection>(
      data[0] % (static_cast<int>(LiveSection::recommendation_switches) + 1));
  const std::string id = kIds[data[1] % (sizeof kIds / sizeof kIds[0])];
  const std::string body(reinterpret_cast<const char*>(data + 2), size - 2);
  std::string reason;
  auto next = blendd::config::LiveSettings{}.with({section, id, body}, reason);
  if (!next) {
    if (reason.empty()) __builtin_trap();  // a refusal must say why
    return 0;
  }
  auto result = next->over(kBase, "blendd.yaml");
  if (auto* errors = std::get_if<std::vector<blendd::config::ConfigError>>(&result)) {
    if (errors->empty()) __builtin_trap();
  }
  (void)next->json();
  return 0;
}
