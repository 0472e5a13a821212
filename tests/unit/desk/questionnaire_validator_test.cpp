// Questionnaire answers are checked per question; a submission with any error stores nothing.
#include <gtest/gtest.h>

#include "desk/questionnaire_validator.hpp"

using namespace blendd;
using desk::AnswerValue;

namespace {

config::QuestionnaireConfig form() {
  using config::QuestionType;
  config::QuestionnaireConfig f;
  f.id = "survey";
  auto add = [&f](std::string id, QuestionType type, bool required,
                  std::vector<std::string> options = {}) -> config::QuestionConfig& {
    config::QuestionConfig q;
    q.id = std::move(id);
    q.text = q.id;
    q.type = type;
    q.required = required;
    q.options = std::move(options);
    f.questions.push_back(q);
    return f.questions.back();
  };
  add("interested", QuestionType::yes_no, true);
  auto& lines = add("lines", QuestionType::number, true);
  lines.has_range = true;
  lines.min = 1;
  lines.max = 10;
  lines.show_if_question = "interested";
  lines.show_if_answer = "yes";
  add("provider", QuestionType::single_choice, false, {"Telekom", "O2"});
  add("channels", QuestionType::multiple_choice, false, {"tv", "web", "phone"});
  add("note", QuestionType::text, false);
  return f;
}

std::vector<std::string> problems(const desk::Answers& answers) {
  std::vector<std::string> out;
  for (const auto& e : desk::validate_answers(form(), answers))
    out.push_back(e.field + ": " + e.message);
  return out;
}

}  // namespace

TEST(QuestionnaireValidator, ACompleteValidSubmissionPasses) {
  EXPECT_TRUE(problems({{"interested", true},
                        {"lines", 2.0},
                        {"provider", std::string("O2")},
                        {"channels", std::vector<std::string>{"tv", "web"}},
                        {"note", std::string("call after 6")}})
                  .empty());
  EXPECT_TRUE(problems({{"interested", false}}).empty()) << "lines is not asked then";
}

TEST(QuestionnaireValidator, EachKindOfMistakeIsReportedPerQuestion) {
  EXPECT_EQ(problems({}), std::vector<std::string>{"interested: is required"});
  EXPECT_EQ(problems({{"interested", true}}), std::vector<std::string>{"lines: is required"});
  EXPECT_EQ(problems({{"interested", true}, {"lines", 11.0}}),
            std::vector<std::string>{"lines: must be between 1 and 10"});
  EXPECT_EQ(problems({{"interested", std::string("maybe")}}),
            std::vector<std::string>{"interested: must be yes or no (true/false)"});
  EXPECT_EQ(problems({{"interested", false}, {"lines", 2.0}}),
            std::vector<std::string>{"lines: is not asked with the answers given before it"});
  EXPECT_EQ(problems({{"interested", false}, {"provider", std::string("Vodafone")}}),
            std::vector<std::string>{"provider: 'Vodafone' is not one of the options"});
  EXPECT_EQ(problems({{"interested", false}, {"channels", std::vector<std::string>{"tv", "tv"}}}),
            std::vector<std::string>{"channels: 'tv' is chosen twice"});
  EXPECT_EQ(problems({{"interested", false}, {"note", std::string(2001, 'x')}}),
            std::vector<std::string>{"note: is longer than 2000 characters"});
  EXPECT_EQ(problems({{"interested", false}, {"shoe_size", 42.0}}),
            std::vector<std::string>{"shoe_size: is not a question of questionnaire 'survey'"});
  EXPECT_EQ(problems({{"interested", true}, {"lines", std::string("two")}, {"note", 3.0}}).size(),
            2u)
      << "all errors at once";
}

TEST(QuestionnaireValidator, DispositionsAreAClosedSet) {
  for (const char* d :
       {"success", "refused", "callback", "complaint", "wrong_number", "do_not_call"})
    EXPECT_TRUE(desk::known_disposition(d)) << d;
  EXPECT_FALSE(desk::known_disposition("maybe"));
}
