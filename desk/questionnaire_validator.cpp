#include "desk/questionnaire_validator.hpp"

#include <algorithm>
#include <set>

namespace blendd::desk {

namespace {

constexpr std::size_t kMaxText = 2000;

bool present(const Answers& answers, const std::string& id) {
  auto it = answers.find(id);
  if (it == answers.end() || std::holds_alternative<std::monostate>(it->second)) return false;
  if (auto* s = std::get_if<std::string>(&it->second)) return !s->empty();
  if (auto* l = std::get_if<std::vector<std::string>>(&it->second)) return !l->empty();
  return true;
}

// A conditional question is asked only when the earlier answer matches.
bool asked(const config::QuestionConfig& q, const Answers& answers) {
  if (q.show_if_question.empty()) return true;
  auto it = answers.find(q.show_if_question);
  if (it == answers.end()) return false;
  if (auto* s = std::get_if<std::string>(&it->second)) return *s == q.show_if_answer;
  if (auto* b = std::get_if<bool>(&it->second)) return (*b ? "yes" : "no") == q.show_if_answer;
  if (auto* l = std::get_if<std::vector<std::string>>(&it->second)) {
    return std::find(l->begin(), l->end(), q.show_if_answer) != l->end();
  }
  return false;
}

std::string check_value(const config::QuestionConfig& q, const AnswerValue& v) {
  auto in_options = [&](const std::string& s) {
    return std::find(q.options.begin(), q.options.end(), s) != q.options.end();
  };
  switch (q.type) {
    case config::QuestionType::single_choice: {
      auto* s = std::get_if<std::string>(&v);
      if (s == nullptr) return "must be one of the options";
      if (!in_options(*s)) return "'" + *s + "' is not one of the options";
      return {};
    }
    case config::QuestionType::multiple_choice: {
      auto* l = std::get_if<std::vector<std::string>>(&v);
      if (l == nullptr) return "must be a list of options";
      std::set<std::string> seen;
      for (const auto& s : *l) {
        if (!in_options(s)) return "'" + s + "' is not one of the options";
        if (!seen.insert(s).second) return "'" + s + "' is chosen twice";
      }
      return {};
    }
    case config::QuestionType::text: {
      auto* s = std::get_if<std::string>(&v);
      if (s == nullptr) return "must be text";
      if (s->size() > kMaxText) return "is longer than 2000 characters";
      return {};
    }
    case config::QuestionType::number: {
      auto* d = std::get_if<double>(&v);
      if (d == nullptr) return "must be a number";
      if (q.has_range && (*d < q.min || *d > q.max)) {
        auto fmt = [](double x) {
          std::string s = std::to_string(x);
          s.erase(s.find_last_not_of('0') + 1);
          if (!s.empty() && s.back() == '.') s.pop_back();
          return s;
        };
        return "must be between " + fmt(q.min) + " and " + fmt(q.max);
      }
      return {};
    }
    case config::QuestionType::yes_no:
      return std::holds_alternative<bool>(v) ? std::string() : "must be yes or no (true/false)";
  }
  return {};
}

}  // namespace

std::vector<FieldError> validate_answers(const config::QuestionnaireConfig& form,
                                         const Answers& answers) {
  std::vector<FieldError> errors;
  for (const auto& entry : answers) {
    const std::string& id = entry.first;  // named: clang 14 cannot capture a binding
    const bool known = std::any_of(form.questions.begin(), form.questions.end(),
                                   [&](const config::QuestionConfig& q) { return q.id == id; });
    if (!known) errors.push_back({id, "is not a question of questionnaire '" + form.id + "'"});
  }
  for (const auto& q : form.questions) {
    const bool is_asked = asked(q, answers);
    const bool answered = present(answers, q.id);
    if (!is_asked) {
      if (answered) errors.push_back({q.id, "is not asked with the answers given before it"});
      continue;
    }
    if (!answered) {
      if (q.required) errors.push_back({q.id, "is required"});
      continue;
    }
    if (std::string why = check_value(q, answers.at(q.id)); !why.empty()) {
      errors.push_back({q.id, why});
    }
  }
  return errors;
}

bool known_disposition(const std::string& d) {
  static const std::set<std::string> all{"success",   "refused",      "callback",
                                         "complaint", "wrong_number", "do_not_call"};
  return all.count(d) != 0;
}

}  // namespace blendd::desk
