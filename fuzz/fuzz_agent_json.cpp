// libFuzzer: agent desktop messages — any text parses to a message or a protocol error, and a
// parsed submission validates against a questionnaire without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "desk/agent_protocol.hpp"
#include "desk/questionnaire_validator.hpp"

namespace {
blendd::config::QuestionnaireConfig form() {
  using blendd::config::QuestionType;
  blendd::config::QuestionnaireConfig f;
  f.id = "survey";
  blendd::config::QuestionConfig yes;
  yes.id = "interested";
  yes.type = QuestionType::yes_no;
  yes.required = true;
  blendd::config::QuestionConfig lines;
  lines.id = "lines";
  lines.type = QuestionType::number;
  lines.has_range = true;
  lines.min = 1;
  lines.max = 10;
  lines.show_if_question = "interested";
  lines.show_if_answer = "yes";
  blendd::config::QuestionConfig pick;
  pick.id = "channels";
  pick.type = QuestionType::multiple_choice;
  pick.options = {"tv", "web"};
  f.questions = {yes, lines, pick};
  return f;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto questionnaire = form();
  auto parsed = blendd::desk::parse_agent_message(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (auto* message = std::get_if<blendd::desk::AgentMessage>(&parsed)) {
    if (auto* submit = std::get_if<blendd::desk::SubmitMessage>(message)) {
      blendd::desk::validate_answers(questionnaire, submit->answers);
    }
  } else if (std::get<blendd::desk::ProtocolError>(parsed).message.empty()) {
    __builtin_trap();  // every refusal says why
  }
  return 0;
}
