#include <gtest/gtest.h>

#include "config/config_loader.hpp"
#include "tests/support/config_errors.hpp"

using namespace blendd::config;

namespace {

const char* kValid = R"(state_dir: /tmp/blendd
logging:
  level: debug
sip:
  listen:
    - sip:127.0.0.1:5070;transport=udp
  trunk:
    uri: sip:127.0.0.1:5080
  caller_id: sip:+4930555000@127.0.0.1
groups:
  - id: sales
    idle: { start_threshold: 0.4, stop_threshold: 0.25, reserve_agents: 2 }
    agents:
      - { id: a01, sip_uri: "sip:a01@127.0.0.1:5090" }
      - { id: a02, sip_uri: "sip:a02@127.0.0.1:5090" }
campaigns:
  - { id: spring, group: sales, pacing: predictive }
)";

std::vector<std::string> errors_of(const std::string& text) {
  return blendd::test::config_errors(text);
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return text.replace(pos, from.size(), to);
}

}  // namespace

TEST(ConfigLoader, ValidFileLoadsEveryField) {
  auto result = load_config_text(kValid, "t.yaml");
  ASSERT_TRUE(std::holds_alternative<BlenddConfig>(result)) << errors_of(kValid)[0];
  const auto& cfg = std::get<BlenddConfig>(result);
  EXPECT_EQ(cfg.state_dir, "/tmp/blendd");
  EXPECT_EQ(cfg.logging.level, LogLevel::debug);
  ASSERT_EQ(cfg.sip.listen.size(), 1u);
  EXPECT_EQ(cfg.sip.trunk.uri, "sip:127.0.0.1:5080");
  EXPECT_TRUE(cfg.redis.url.empty());
  EXPECT_EQ(cfg.http.listen_port, 8080);
  ASSERT_EQ(cfg.groups.size(), 1u);
  EXPECT_DOUBLE_EQ(cfg.groups[0].idle.start, 0.4);
  EXPECT_DOUBLE_EQ(cfg.groups[0].idle.stop, 0.25);
  EXPECT_EQ(cfg.groups[0].idle.reserve_agents, 2);
  EXPECT_EQ(cfg.groups[0].agents[1].sip_uri, "sip:a02@127.0.0.1:5090");
  ASSERT_EQ(cfg.campaigns.size(), 1u);
  EXPECT_EQ(cfg.campaigns[0].pacing, PacingMode::predictive);
}

TEST(ConfigLoader, ExampleConfigIsValid) {
  for (const char* file :
       {"/config/blendd.example.yaml", "/deploy/blendd.yaml",
        "/deploy/two-nodes/blendd-node-a.yaml", "/deploy/two-nodes/blendd-node-b.yaml"}) {
    auto result = load_config_file(std::string(BLENDD_SOURCE_DIR) + file);
    auto* errors = std::get_if<std::vector<ConfigError>>(&result);
    EXPECT_EQ(errors, nullptr) << file << ": " << (errors ? format_errors(*errors) : "");
  }
  auto a = load_config_file(BLENDD_SOURCE_DIR "/deploy/two-nodes/blendd-node-a.yaml");
  ASSERT_TRUE(std::holds_alternative<BlenddConfig>(a));
  const auto& node = std::get<BlenddConfig>(a).node;
  EXPECT_EQ(node.name, "node-a");
  EXPECT_EQ(node.peers.size(), 1u);
  EXPECT_EQ(std::get<BlenddConfig>(a).redis.sentinels.size(), 3u);
}

TEST(ConfigLoader, UnknownKeyNamesLineAndPath) {
  auto errs = errors_of(replace(kValid, "  level: debug\n", "  level: debug\n  colour: red\n"));
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0], "t.yaml:4:3: logging.colour: unknown key");
}

TEST(ConfigLoader, WrongTypeIsReported) {
  auto errs = errors_of(replace(kValid, "start_threshold: 0.4", "start_threshold: high"));
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0], "t.yaml:12:30: groups[0].idle.start_threshold: must be a number (got 'high')");
}

TEST(ConfigLoader, OutOfRangeValueIsReported) {
  auto errs = errors_of(replace(kValid, "reserve_agents: 2", "reserve_agents: -1"));
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0],
            "t.yaml:12:73: groups[0].idle.reserve_agents: must be between 0 and 10000 (got -1)");
}

TEST(ConfigLoader, MissingRequiredFieldIsReported) {
  auto errs = errors_of(replace(kValid, "    uri: sip:127.0.0.1:5080\n", "    username: ''\n"));
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0], "t.yaml:8:5: sip.trunk.uri: required key is missing");
}

TEST(ConfigLoader, DuplicateAgentIdIsReported) {
  auto errs = errors_of(replace(kValid, "{ id: a02,", "{ id: a01,"));
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0],
            "t.yaml:15:15: groups[0].agents[1].id: duplicate agent id 'a01' (first at "
            "groups[0].agents[0])");
}

TEST(ConfigLoader, UnparsableSipUriIsReported) {
  auto errs = errors_of(replace(kValid, "\"sip:a02@127.0.0.1:5090\"", "\"tel:+4930\""));
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0],
            "t.yaml:15:29: groups[0].agents[1].sip_uri: not a SIP URI: must start with sip: or "
            "sips:");
  errs = errors_of(replace(kValid, "sip:127.0.0.1:5080", "sip:127.0.0.1:99999"));
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0], "t.yaml:8:10: sip.trunk.uri: bad SIP URI: port must be 1-65535");
}

TEST(ConfigLoader, EveryErrorIsReportedAtOnce) {
  std::string text = replace(kValid, "level: debug", "level: loud");
  text = replace(text, "pacing: predictive", "pacing: psychic");
  text = replace(text, "group: sales", "group: support");
  text = replace(text, "stop_threshold: 0.25", "stop_threshold: 0.5");
  auto errs = errors_of(text);
  ASSERT_EQ(errs.size(), 4u);
  EXPECT_EQ(
      errs[0],
      "t.yaml:3:10: logging.level: must be one of trace, debug, info, warn, error (got 'loud')");
  EXPECT_EQ(errs[1],
            "t.yaml:12:51: groups[0].idle.stop_threshold: must not be above start_threshold "
            "(hysteresis needs stop <= start)");
  EXPECT_EQ(errs[2], "t.yaml:17:26: campaigns[0].group: no agent group with id 'support'");
  EXPECT_EQ(errs[3],
            "t.yaml:17:43: campaigns[0].pacing: must be progressive, predictive or preview (got "
            "'psychic')");
}

TEST(ConfigLoader, SyntaxErrorGivesLine) {
  auto errs = errors_of("sip: [unclosed\n");
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_NE(errs[0].find("t.yaml:2:"), std::string::npos) << errs[0];
  EXPECT_NE(errs[0].find("(syntax)"), std::string::npos);
}

TEST(ConfigLoader, MissingFileIsAnError) {
  auto result = load_config_file("/nonexistent/blendd.yaml");
  auto* errors = std::get_if<std::vector<ConfigError>>(&result);
  ASSERT_NE(errors, nullptr);
  EXPECT_EQ((*errors)[0].to_string(),
            "/nonexistent/blendd.yaml: (file): cannot be opened for reading");
}

TEST(ConfigLoader, RedisUrlAndListenAreChecked) {
  std::string text =
      std::string(kValid) + "redis: { url: 'http://x' }\nhttp: { listen: 'localhost:80' }\n";
  auto errs = errors_of(text);
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0],
            "t.yaml:18:15: redis.url: Redis URL must start with redis:// or unix:// (or be empty "
            "for the embedded server)");
  EXPECT_EQ(errs[1],
            "t.yaml:19:17: http.listen: listen host must be an IP address (got 'localhost')");
}

TEST(ConfigLoader, NodeAndSentinelKeysAreCheckedWithTheirLines) {
  std::string text = std::string(kValid) +
                     "redis: { sentinels: ['127.0.0.1:26379', 'nowhere'] }\n"
                     "node: { name: 'a b', url: 'ftp://x:1', peers: ['http://10.0.0.2'], "
                     "lease_ms: 100 }\n";
  auto errs = errors_of(text);
  ASSERT_EQ(errs.size(), 6u) << ::testing::PrintToString(errs);
  EXPECT_NE(errs[0].find("redis.sentinels[1]"), std::string::npos) << errs[0];
  EXPECT_NE(errs[1].find("redis.master_name: sentinels and master_name go together"),
            std::string::npos)
      << errs[1];
  EXPECT_NE(errs[2].find("node.name: no spaces or ':'"), std::string::npos) << errs[2];
  EXPECT_NE(errs[3].find("t.yaml:19:"), std::string::npos) << errs[3];
  EXPECT_NE(errs[3].find("node.url: must be http://host:port"), std::string::npos) << errs[3];
  EXPECT_NE(errs[4].find("node.peers[0]"), std::string::npos) << errs[4];
  EXPECT_NE(errs[5].find("node.lease_ms"), std::string::npos) << errs[5];
}

TEST(ConfigLoader, TokensMustBeHashes) {
  std::string text =
      std::string(kValid) + "http:\n  tokens:\n    - { name: boss, role: root, sha256: secret }\n";
  auto errs = errors_of(text);
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0],
            "t.yaml:20:27: http.tokens[0].role: must be admin, supervisor, qa, viewer, intake or "
            "integration (got 'root')");
  EXPECT_EQ(errs[1],
            "t.yaml:20:41: http.tokens[0].sha256: must be 64 lower-case hex digits (the SHA-256 "
            "of the token, never the token)");
}

TEST(ConfigLoader, TokenExpiryIsAUtcTimeOrAnError) {
  const std::string hash(64, 'a');
  auto ok = load_config_text(
      std::string(kValid) + "http:\n  tokens:\n    - { name: t, role: viewer, sha256: " + hash +
          ", expires: '2027-01-31T12:00:00Z' }\n",
      "t.yaml");
  ASSERT_TRUE(std::holds_alternative<BlenddConfig>(ok));
  EXPECT_EQ(std::get<BlenddConfig>(ok).http.tokens[0].expires_at_s, 1801396800);
  auto errors = errors_of(std::string(kValid) +
                          "http:\n  tokens:\n    - { name: t, role: viewer, sha256: " + hash +
                          ", expires: tomorrow }\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("http.tokens[0].expires: must be a UTC time"), std::string::npos)
      << errors[0];
}

TEST(ConfigLoader, TheHistoryIntervalDividesTheQuarterHourInWholeMinutes) {
  const std::string with =
      replace(kValid, "logging:\n", "redis:\n  history_interval_s: 120\nlogging:\n");
  auto errs = errors_of(with);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0],
            "t.yaml:3:23: redis.history_interval_s: must be 60, 180, 300 or 900 (whole "
            "minutes dividing the quarter hour)");
  EXPECT_TRUE(errors_of(replace(with, "120", "60")).empty());
  EXPECT_EQ(errors_of(replace(with, "120", "30")).size(), 1u);
}

TEST(ConfigLoader, TheMediaSectionNamesTheFieldItRefuses) {
  const std::string with =
      replace(kValid, "logging:\n", "media:\n  mode: bridged\n  rtpengine: 'nowhere'\nlogging:\n");
  auto errs = errors_of(with);
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0], "t.yaml:3:9: media.mode: must be direct or relay, not 'bridged'");
  EXPECT_NE(errs[1].find("media.rtpengine: "), std::string::npos) << errs[1];
  EXPECT_NE(errs[1].find("(rtpengine's NG address, host:port)"), std::string::npos) << errs[1];
  const std::string good =
      replace(replace(with, "bridged", "relay"), "'nowhere'", "'127.0.0.1:2223'");
  EXPECT_TRUE(errors_of(good).empty());
  auto narrow =
      errors_of(replace(good, "logging:\n", "  port_min: 40000\n  port_max: 40002\nlogging:\n"));
  ASSERT_EQ(narrow.size(), 1u);
  EXPECT_NE(narrow[0].find("media.port_max: must be at least port_min + 3"), std::string::npos)
      << narrow[0];
}

TEST(ConfigLoader, AWebrtcPhoneNeedsTheRelayAndNoSipUri) {
  const std::string relay = replace(kValid, "logging:\n", "media:\n  mode: relay\nlogging:\n");
  const std::string page = replace(relay, R"(- { id: a02, sip_uri: "sip:a02@127.0.0.1:5090" })",
                                   "- { id: a02, phone: webrtc }");
  ASSERT_TRUE(errors_of(page).empty()) << errors_of(page)[0];
  auto cfg = std::get<BlenddConfig>(load_config_text(page, "t.yaml"));
  EXPECT_EQ(cfg.groups[0].agents[1].phone, AgentPhone::webrtc);
  EXPECT_EQ(cfg.groups[0].agents[0].phone, AgentPhone::sip);
  EXPECT_EQ(cfg.media.webrtc_codec, "opus");
  EXPECT_EQ(cfg.media.webrtc_connect_timeout_ms, 5000);
  // Direct mode has no rtpengine to speak DTLS-SRTP to the page.
  auto direct = errors_of(replace(kValid, R"(- { id: a02, sip_uri: "sip:a02@127.0.0.1:5090" })",
                                  "- { id: a02, phone: webrtc }"));
  ASSERT_EQ(direct.size(), 1u);
  EXPECT_NE(direct[0].find("groups[0].agents[1].phone: webrtc needs media.mode: relay"),
            std::string::npos)
      << direct[0];
  auto both = errors_of(replace(relay, R"(- { id: a02, sip_uri: "sip:a02@127.0.0.1:5090" })",
                                R"(- { id: a02, phone: webrtc, sip_uri: "sip:a02@h" })"));
  ASSERT_EQ(both.size(), 1u);
  EXPECT_NE(both[0].find("groups[0].agents[1].sip_uri: not used with phone: webrtc"),
            std::string::npos)
      << both[0];
  auto odd = errors_of(replace(relay, R"(- { id: a02, sip_uri: "sip:a02@127.0.0.1:5090" })",
                               "- { id: a02, phone: skype }"));
  ASSERT_EQ(odd.size(), 2u) << "and sip_uri is then required";
  EXPECT_NE(
      odd[0].find("groups[0].agents[1].phone: must be sip (a SIP phone at sip_uri) or webrtc"),
      std::string::npos)
      << odd[0];
  auto codec =
      errors_of(replace(relay, "  mode: relay\n", "  mode: relay\n  webrtc_codec: g729\n"));
  ASSERT_EQ(codec.size(), 1u);
  EXPECT_NE(codec[0].find("media.webrtc_codec: must be opus, pcmu or pcma, not 'g729'"),
            std::string::npos)
      << codec[0];
}

TEST(ConfigLoader, ARegisteredPhoneNeedsItsDigestAccount) {
  const std::string ha1(32, 'a');
  const std::string a02 = R"(- { id: a02, sip_uri: "sip:a02@127.0.0.1:5090" })";
  const std::string registered =
      replace(kValid, a02, "- { id: a02, sip_uri: registered, sip_auth: { ha1: " + ha1 + " } }");
  ASSERT_TRUE(errors_of(registered).empty()) << errors_of(registered)[0];
  auto cfg = std::get<BlenddConfig>(load_config_text(registered, "t.yaml"));
  EXPECT_TRUE(cfg.groups[0].agents[1].registered());
  EXPECT_EQ(cfg.groups[0].agents[1].sip_username, "a02");  // the agent's id by default
  EXPECT_EQ(cfg.groups[0].agents[1].sip_ha1, ha1);
  EXPECT_FALSE(cfg.groups[0].agents[0].registered());
  EXPECT_EQ(cfg.sip.registrar.realm, "blendd");

  auto missing = errors_of(replace(kValid, a02, "- { id: a02, sip_uri: registered }"));
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_NE(missing[0].find("groups[0].agents[1].sip_auth: required with sip_uri: registered"),
            std::string::npos)
      << missing[0];
  auto stray = errors_of(replace(
      kValid, a02, R"(- { id: a02, sip_uri: "sip:a02@h", sip_auth: { ha1: )" + ha1 + " } }"));
  ASSERT_EQ(stray.size(), 1u);
  EXPECT_NE(stray[0].find("sip_auth: only for a phone that registers"), std::string::npos)
      << stray[0];
  // The password itself is not an HA1: the error names the field, its place and the remedy.
  auto plain = errors_of(
      replace(kValid, a02, "- { id: a02, sip_uri: registered, sip_auth: { ha1: secret } }"));
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].rfind("t.yaml:15:", 0), 0u) << plain[0];
  EXPECT_NE(plain[0].find("groups[0].agents[1].sip_auth.ha1: must be 32 lowercase hex digits"),
            std::string::npos)
      << plain[0];
  EXPECT_NE(plain[0].find("blendctl ha1"), std::string::npos) << plain[0];
  auto twice = errors_of(replace(
      replace(kValid, a02,
              "- { id: a02, sip_uri: registered, sip_auth: { username: desk, ha1: " + ha1 + " } }"),
      R"(- { id: a01, sip_uri: "sip:a01@127.0.0.1:5090" })",
      "- { id: a01, sip_uri: registered, sip_auth: { username: desk, ha1: " + ha1 + " } }"));
  ASSERT_EQ(twice.size(), 1u);
  EXPECT_NE(twice[0].find("SIP user name 'desk' is already groups[0].agents[0]'s"),
            std::string::npos)
      << twice[0];
}

TEST(ConfigLoader, TheRegistrarsLimitsAreChecked) {
  const std::string with = replace(
      kValid, "  caller_id: sip:+4930555000@127.0.0.1\n",
      "  caller_id: sip:+4930555000@127.0.0.1\n  registrar: { realm: office, min_expires_s: 120, "
      "max_expires_s: 60 }\n");
  auto errs = errors_of(with);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_NE(errs[0].find("sip.registrar.max_expires_s: must not be below min_expires_s"),
            std::string::npos)
      << errs[0];
  auto quoted = errors_of(
      replace(with, "realm: office, min_expires_s: 120, max_expires_s: 60", "realm: 'a\"b'"));
  ASSERT_EQ(quoted.size(), 1u);
  EXPECT_NE(quoted[0].find("sip.registrar.realm: must be 1-128 characters without quotes"),
            std::string::npos)
      << quoted[0];
  auto cfg = std::get<BlenddConfig>(load_config_text(
      replace(with, "min_expires_s: 120, max_expires_s: 60",
              "min_expires_s: 30, max_expires_s: 7200, default_expires_s: 900, max_contacts: 2"),
      "t.yaml"));
  EXPECT_EQ(cfg.sip.registrar.realm, "office");
  EXPECT_EQ(cfg.sip.registrar.min_expires_s, 30);
  EXPECT_EQ(cfg.sip.registrar.max_expires_s, 7200);
  EXPECT_EQ(cfg.sip.registrar.default_expires_s, 900);
  EXPECT_EQ(cfg.sip.registrar.max_contacts, 2);
}

TEST(ConfigLoader, WebhooksAreReadWithTheirDefaults) {
  auto result = load_config_text(std::string(kValid) + R"(integrations:
  events_kept: 50000
  webhooks:
    - id: crm
      url: https://crm.example/hooks/blendd
      secret: a-secret-of-24-characters
      events: [call., result.registered]
      retry_s: [1, 2]
)",
                                 "t.yaml");
  auto* cfg = std::get_if<BlenddConfig>(&result);
  ASSERT_NE(cfg, nullptr);
  EXPECT_EQ(cfg->integrations.events_kept, 50000);
  ASSERT_EQ(cfg->integrations.webhooks.size(), 1u);
  const auto& w = cfg->integrations.webhooks[0];
  EXPECT_EQ(w.id, "crm");
  EXPECT_EQ(w.secret, "a-secret-of-24-characters");
  EXPECT_EQ(w.events, (std::vector<std::string>{"call.", "result.registered"}));
  EXPECT_EQ(w.retry_s, (std::vector<int>{1, 2}));
  EXPECT_EQ(w.max_age_s, 86400);
  EXPECT_EQ(w.timeout_s, 10);
}

TEST(ConfigLoader, BadWebhooksSayWhichFieldAndWhy) {
  auto errs = errors_of(std::string(kValid) + R"(integrations:
  webhooks:
    - id: CRM
      url: ftp://crm.example/
      secret: short
      events: [calls.]
      retry_s: [0]
    - id: b
      url: http://u:p@crm.example/
    - id: b
      url: http://crm.example/
      secret: long-enough-secret-here
      secret_file: /etc/blendd/hook.secret
)");
  const std::vector<std::string> expected = {
      "t.yaml:20:11: integrations.webhooks[0].id: must be 1-40 of a-z, 0-9, _ and - (got 'CRM')",
      "t.yaml:21:12: integrations.webhooks[0].url: must start with http:// or https://",
      "t.yaml:22:15: integrations.webhooks[0].secret: must be at least 16 characters (got 5)",
      "t.yaml:23:16: integrations.webhooks[0].events[0]: names no event type (docs/events.md; got "
      "'calls.')",
      "t.yaml:24:17: integrations.webhooks[0].retry_s[0]: must be a whole number of seconds "
      "1-86400",
      "t.yaml:26:12: integrations.webhooks[1].url: must not carry user info (user:password@): the "
      "secret signs each request",
      "t.yaml:25:7: integrations.webhooks[1].secret: is required (or secret_file): every delivery "
      "is signed with it",
      "t.yaml:29:15: integrations.webhooks[2].secret: give secret or secret_file, not both",
      "t.yaml:27:11: integrations.webhooks[2].id: 'b' is used twice"};
  EXPECT_EQ(errs, expected);
}

TEST(ConfigLoader, AmdIsReadWithItsParameters) {
  auto result = load_config_text(
      replace(std::string(kValid), "  - { id: spring, group: sales, pacing: predictive }\n",
              "  - id: spring\n    group: sales\n    amd: { on_machine: voicemail_drop, "
              "voicemail_message: /srv/vm.wav, greeting_ms: 2800, noise_margin_db: 6 }\n"),
      "t.yaml");
  auto* cfg = std::get_if<BlenddConfig>(&result);
  ASSERT_NE(cfg, nullptr) << std::get<std::vector<ConfigError>>(result)[0].to_string();
  const auto& a = cfg->campaigns[0].amd;
  EXPECT_FALSE(a.enabled);
  EXPECT_EQ(a.on_machine, AmdConfig::OnMachine::voicemail_drop);
  EXPECT_EQ(a.on_unsure, AmdConfig::OnUnsure::to_agent);
  EXPECT_EQ(a.voicemail_message, "/srv/vm.wav");
  EXPECT_EQ(a.params.greeting_ms, 2800);
  EXPECT_EQ(a.params.noise_margin_db, 6);
  EXPECT_EQ(a.params.after_greeting_silence_ms, 600);
  EXPECT_DOUBLE_EQ(a.false_positive_rate, 0.025);
}

TEST(ConfigLoader, BadAmdParametersSayWhichAndWhy) {
  auto errs = errors_of(replace(
      std::string(kValid), "  - { id: spring, group: sales, pacing: predictive }\n",
      "  - id: spring\n    group: sales\n    amd:\n      enabled: true\n      on_machine: beep\n"
      "      greeting_ms: 6000\n      between_words_silence_ms: 900\n"
      "      false_positive_rate: 2\n      voicemail_message: vm.wav\n"));
  const std::vector<std::string> expected = {
      "t.yaml:21:19: campaigns[0].amd.on_machine: must be hang_up, voicemail_drop or to_agent "
      "(got 'beep')",
      "t.yaml:25:26: campaigns[0].amd.voicemail_message: must be an absolute path to a WAV file "
      "(rtpengine opens it), not 'vm.wav'",
      "t.yaml:24:28: campaigns[0].amd.false_positive_rate: must be between 0 and 1 (got 2)",
      "t.yaml:20:7: campaigns[0].amd.total_analysis_ms: must be longer than greeting_ms (6000): a "
      "long greeting could never be told",
      "t.yaml:23:33: campaigns[0].amd.between_words_silence_ms: must be shorter than "
      "after_greeting_silence_ms (600)",
      "t.yaml:20:16: campaigns[0].amd.enabled: answering-machine detection needs media.mode: "
      "relay (rtpengine carries the audio)"};
  EXPECT_EQ(errs, expected);
}
