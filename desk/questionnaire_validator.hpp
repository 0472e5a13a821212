#pragma once
// Checks a questionnaire submission against its definition: every error per question, so the
// desktop can show them inline. A submission with any error is stored not at all.
#include <vector>

#include "config/blendd_config.hpp"
#include "desk/agent_messages.hpp"

namespace blendd::desk {

std::vector<FieldError> validate_answers(const config::QuestionnaireConfig& form,
                                         const Answers& answers);

// The dispositions an agent can register, and whether `d` is one.
bool known_disposition(const std::string& d);

}  // namespace blendd::desk
