// The call-handling parts of the config: inbound routing, calling windows, agent tokens and the
// catalogue (products, questionnaires), each error with its line and key.
#include <gtest/gtest.h>

#include "config/config_loader.hpp"
#include "tests/support/config_errors.hpp"
#include "tests/support/small_config.hpp"

using namespace blendd::config;

namespace {

const std::string kBase = blendd::test::kSipSection + R"(groups:
  - id: sales
    inbound_numbers: ["8005550100"]
    agents:
      - { id: a01, sip_uri: "sip:a01@127.0.0.1:5090" }
)";

std::vector<std::string> errors_of(const std::string& text) {
  return blendd::test::config_errors(text);
}

}  // namespace

TEST(ConfigCatalogue, CampaignCatalogueAndWindowLoad) {
  const std::string text = std::string(kBase) + R"(campaigns:
  - id: spring
    group: sales
    product: fibre
    questionnaire: survey
    calling_window: { start: "08:30", end: "24:00", days: [mon, sun] }
catalogue:
  products:
    - { id: fibre, name: Fibre, points: 5, selling_points: [fast], steps: [book], knowledge: ["No contract", "Router included"] }
  questionnaires:
    - id: survey
      questions:
        - { id: q1, text: "Interested?", type: yes_no, required: true }
        - { id: q2, text: "Lines", type: number, min: 1, max: 3, show_if: { question: q1, answer: "yes" } }
)";
  auto result = load_config_text(text, "t.yaml");
  ASSERT_TRUE(std::holds_alternative<BlenddConfig>(result)) << errors_of(text)[0];
  const auto& cfg = std::get<BlenddConfig>(result);
  EXPECT_EQ(cfg.groups[0].inbound_numbers, std::vector<std::string>{"8005550100"});
  EXPECT_EQ(cfg.campaigns[0].window_start_minute, 8 * 60 + 30);
  EXPECT_EQ(cfg.campaigns[0].window_end_minute, 24 * 60);
  EXPECT_EQ(cfg.campaigns[0].weekdays, 0x41);
  ASSERT_NE(cfg.catalogue.product("fibre"), nullptr);
  EXPECT_EQ(cfg.catalogue.product("fibre")->points, 5);
  EXPECT_EQ(cfg.catalogue.product("fibre")->knowledge,
            (std::vector<std::string>{"No contract", "Router included"}));
  const auto* form = cfg.catalogue.questionnaire("survey");
  ASSERT_NE(form, nullptr);
  ASSERT_EQ(form->questions.size(), 2u);
  EXPECT_EQ(form->questions[1].type, QuestionType::number);
  EXPECT_EQ(form->questions[1].show_if_question, "q1");
}

TEST(ConfigCatalogue, EachMistakeIsNamedWithItsLine) {
  const std::string text = std::string(kBase) + R"(  - id: support
    inbound_numbers: ["8005550100"]
    agents: [{ id: a02, sip_uri: "sip:a02@127.0.0.1:5090", token_sha256: nothex }]
campaigns:
  - id: spring
    group: sales
    product: nosuch
    calling_window: { start: "25:00", days: [someday] }
catalogue:
  products:
    - { id: fibre, name: Fibre, points: 6 }
  questionnaires:
    - id: survey
      questions:
        - { id: q1, text: "Pick", type: single_choice }
        - { id: q2, text: "Lines", type: numeric }
        - { id: q3, text: "Why", type: text, show_if: { question: later, answer: x } }
)";
  const auto errors = errors_of(text);
  const std::vector<std::string> expected = {
      "t.yaml:11:23: groups[1].inbound_numbers[0]: number '8005550100' already routes to group "
      "'sales'",
      "t.yaml:12:74: groups[1].agents[0].token_sha256: must be 64 lowercase hex digits (the "
      "SHA-256 of the agent's token)",
      "t.yaml:17:30: campaigns[0].calling_window.start: must be a time of day HH:MM (got '25:00')",
      "t.yaml:17:45: campaigns[0].calling_window.days: days are mon, tue, wed, thu, fri, sat, sun "
      "(got 'someday')",
      "t.yaml:20:41: catalogue.products[0].points: must be between 1 and 5 (got 6)",
      "t.yaml:24:11: catalogue.questionnaires[0].questions[0].options: a choice question needs at "
      "least one option",
      "t.yaml:25:42: catalogue.questionnaires[0].questions[1].type: must be single_choice, "
      "multiple_choice, text, number or yes_no (got 'numeric')",
      "t.yaml:26:55: catalogue.questionnaires[0].questions[2].show_if.question: must name an "
      "earlier question of this questionnaire ('later' is not one)",
      "t.yaml:16:14: campaigns[0].product: no catalogue product with id 'nosuch'",
  };

  for (const auto& e : expected) {
    EXPECT_NE(std::find(errors.begin(), errors.end(), e), errors.end()) << "missing: " << e;
  }
  EXPECT_EQ(errors.size(), expected.size()) << [&] {
    std::string all;
    for (const auto& e : errors) all += e + "\n";
    return all;
  }();
}

TEST(ConfigCatalogue, TouchpointNumbersAreNormalisedToE164OrRefusedWithTheLine) {
  const std::string head = std::string(kBase) + R"(catalogue:
  products:
    - { id: fibre, name: Fibre, points: 3 }
  touchpoints:
)";
  auto ok =
      load_config_text(head + "    - { number: '0049 30 888-001', products: [fibre] }\n", "t.yaml");
  ASSERT_TRUE(std::holds_alternative<BlenddConfig>(ok));
  // Written as a person would, matched as the caller's E.164 number.
  EXPECT_EQ(std::get<BlenddConfig>(ok).catalogue.touchpoints[0].number, "+4930888001");
  const auto errors = errors_of(head + "    - { number: '030888001', products: [fibre] }\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("t.yaml:14:"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("catalogue.touchpoints[0].number: must be an international number"),
            std::string::npos)
      << errors[0];
}
