// docs/configuration.md against the readers: every key a reader takes is documented there, and
// every documented key is one a reader takes. Keys are what the readers ask for (present or not)
// while reading a file with one entry in every list.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "config/config_loader.hpp"
#include "config/yaml_map_reader.hpp"

using namespace blendd::config;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// "groups[0].agents[3].id" -> "groups[].agents[].id"
std::string generic(const std::string& path) {
  return std::regex_replace(path, std::regex(R"(\[[0-9]+\])"), "[]");
}

// The first column of every table row: "`a.b`", "`a.b` / `c`" (c is a sibling of b); a type
// column "`{x, y z, w[]}`" names the children of a mapping key.
std::set<std::string> documented_keys(const std::string& markdown) {
  std::set<std::string> keys;
  std::istringstream in(markdown);
  std::string line;
  const std::regex code(R"(`([^`]+)`)");
  while (std::getline(in, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    const auto cells_end = line.find(" | ", 2);
    const std::string first = line.substr(2, cells_end - 2);
    std::string base;
    for (auto it = std::sregex_iterator(first.begin(), first.end(), code);
         it != std::sregex_iterator(); ++it) {
      std::string k = (*it)[1];
      if (base.empty()) {
        base = k;
      } else {
        k = base.substr(0, base.rfind('.') + 1) + k;  // a sibling
      }
      keys.insert(k);
    }
    const auto type_end = line.find(" | ", cells_end + 3);
    const std::string type = line.substr(cells_end + 3, type_end - cells_end - 3);
    if (type.rfind("`{", 0) == 0 && !base.empty()) {
      const std::string inner = type.substr(2, type.find('}') - 2);
      std::istringstream parts(inner);
      std::string part;
      while (std::getline(parts, part, ',')) {
        part.erase(0, part.find_first_not_of(' '));
        part = part.substr(0, part.find_first_of(" :["));
        if (!part.empty()) keys.insert(base + "." + part);
      }
    }
  }
  return keys;
}

void collect(const std::string& path, void* context) {
  static_cast<std::set<std::string>*>(context)->insert(generic(path));
}

}  // namespace

TEST(ConfigDocs, EveryKeyTheReadersTakeIsDocumentedAndNoOther) {
  std::string text = read_file(BLENDD_SOURCE_DIR "/config/blendd.example.yaml");
  // One entry in every list, so each entry's keys are asked for.
  text =
      replace(text, "  tokens: []",
              "  tokens:\n    - { name: ops, role: viewer, sha256: " + std::string(64, 'a') + " }");
  text +=
      "  touchpoints:\n    - { number: '+4930888001', products: [fibre] }\n"
      "  associations:\n    - { asked: fibre, offers: [fibre] }\n"
      "  recommendation_switches:\n    - { channel: hotline, period: busy, enabled: false }\n";
  text = replace(text, "    allowed_sources: [127.0.0.1]",
                 "    allowed_sources: [127.0.0.1]\n    circuit_breaker: { failures_to_open: 5 }");
  text = replace(text, "  registrar:",
                 "  tls: { certificate: " BLENDD_SOURCE_DIR
                 "/README.md, private_key: " BLENDD_SOURCE_DIR
                 "/README.md, ca_file: " BLENDD_SOURCE_DIR
                 "/README.md, verify_peer: true }\n"
                 "  registrar:");
  // Any readable files will do: the reader checks only that they can be read.
  text = replace(text, "http:\n",
                 "http:\n  tls: { certificate: " BLENDD_SOURCE_DIR
                 "/README.md, private_key: " BLENDD_SOURCE_DIR "/README.md }\n");
  text =
      replace(text, "    pacing: progressive",
              "    amd: { enabled: false, on_machine: voicemail_drop, on_unsure: to_agent,\n"
              "           voicemail_message: /var/lib/blendd/vm.wav, false_positive_rate: 0.03,\n"
              "           retry_after_machine_min: 120, retry_after_voicemail_h: 24,\n"
              "           initial_silence_ms: 4000, greeting_ms: 3000,\n"
              "           after_greeting_silence_ms: 600, total_analysis_ms: 5000,\n"
              "           min_word_ms: 100, between_words_silence_ms: 60, max_words: 8,\n"
              "           max_word_ms: 5000, silence_threshold: 256, noise_margin_db: 9,\n"
              "           voicemail_silence_ms: 1500, voicemail_max_wait_ms: 30000 }\n"
              "    pacing: progressive");
  text +=
      "integrations:\n  events_kept: 100000\n  events_max_age_h: 24\n  webhooks:\n"
      "    - { id: crm, url: 'https://crm.example/hook', secret: 0123456789abcdef,\n"
      "        events: [call.], max_age_s: 3600, timeout_s: 5, retry_s: [5, 30],\n"
      "        ca_file: " BLENDD_SOURCE_DIR "/README.md }\n";
  std::set<std::string> asked;
  YamlMapReader::observe_keys(&collect, &asked);
  auto loaded = load_config_text(text, "example.yaml");
  YamlMapReader::observe_keys(nullptr, nullptr);
  ASSERT_TRUE(std::holds_alternative<BlenddConfig>(loaded))
      << std::get<std::vector<ConfigError>>(loaded)[0].reason;
  const std::set<std::string> documented =
      documented_keys(read_file(BLENDD_SOURCE_DIR "/docs/configuration.md"));
  // A mapping or list documented through its children counts as documented.
  auto covered = [&documented](const std::string& key) {
    if (documented.count(key) != 0 || documented.count(key + "[]") != 0) return true;
    for (const auto& d : documented)
      if (d.rfind(key + ".", 0) == 0 || d.rfind(key + "[].", 0) == 0) return true;
    return false;
  };
  for (const auto& key : asked) EXPECT_TRUE(covered(key)) << key << " is read but not documented";
  for (const auto& key : documented) {
    const std::string bare =
        key.size() > 2 && key.substr(key.size() - 2) == "[]" ? key.substr(0, key.size() - 2) : key;
    EXPECT_TRUE(asked.count(key) != 0 || asked.count(bare) != 0)
        << key << " is documented but no reader takes it";
  }
}
