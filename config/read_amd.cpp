// campaigns[].amd: answering-machine detection — its actions, message, rates and parameters.
#include "config/section_readers.hpp"

namespace blendd::config {

namespace {

struct IntParam {
  const char* key;
  int amd::AmdParams::*field;
  int min, max;
};

// Each with the range that still makes sense on a telephone line (docs/amd.md says why each
// default is what it is).
constexpr IntParam kParams[] = {
    {"initial_silence_ms", &amd::AmdParams::initial_silence_ms, 500, 10000},
    {"greeting_ms", &amd::AmdParams::greeting_ms, 500, 10000},
    {"after_greeting_silence_ms", &amd::AmdParams::after_greeting_silence_ms, 200, 3000},
    {"total_analysis_ms", &amd::AmdParams::total_analysis_ms, 1000, 30000},
    {"min_word_ms", &amd::AmdParams::min_word_ms, 20, 1000},
    {"between_words_silence_ms", &amd::AmdParams::between_words_silence_ms, 20, 1000},
    {"max_words", &amd::AmdParams::max_words, 2, 50},
    {"max_word_ms", &amd::AmdParams::max_word_ms, 500, 30000},
    {"silence_threshold", &amd::AmdParams::silence_threshold, 0, 32767},
    {"voicemail_silence_ms", &amd::AmdParams::voicemail_silence_ms, 300, 10000},
    {"voicemail_max_wait_ms", &amd::AmdParams::voicemail_max_wait_ms, 1000, 120000},
};

}  // namespace

void read_amd(const YAML::Node& node, const std::string& path, ErrorSink& errors, AmdConfig& out) {
  if (!node.IsDefined()) return;
  YamlMapReader r(node, path, errors);
  if (auto v = r.boolean("enabled", Need::optional)) out.enabled = *v;
  if (auto v = r.string("on_machine", Need::optional)) {
    if (*v == "hang_up")
      out.on_machine = AmdConfig::OnMachine::hang_up;
    else if (*v == "voicemail_drop")
      out.on_machine = AmdConfig::OnMachine::voicemail_drop;
    else if (*v == "to_agent")
      out.on_machine = AmdConfig::OnMachine::to_agent;
    else
      errors.add(r.child("on_machine", Need::optional).Mark(), path + ".on_machine",
                 "must be hang_up, voicemail_drop or to_agent (got '" + *v + "')");
  }
  if (auto v = r.string("on_unsure", Need::optional)) {
    if (*v == "to_agent")
      out.on_unsure = AmdConfig::OnUnsure::to_agent;
    else if (*v == "hang_up")
      out.on_unsure = AmdConfig::OnUnsure::hang_up;
    else
      errors.add(r.child("on_unsure", Need::optional).Mark(), path + ".on_unsure",
                 "must be to_agent or hang_up (got '" + *v + "')");
  }
  if (auto v = r.string("voicemail_message", Need::optional)) {
    if (v->empty() || v->front() != '/') {
      errors.add(r.child("voicemail_message", Need::optional).Mark(), path + ".voicemail_message",
                 "must be an absolute path to a WAV file (rtpengine opens it), not '" + *v + "'");
    }
    out.voicemail_message = *v;
  }
  if (out.on_machine == AmdConfig::OnMachine::voicemail_drop && out.voicemail_message.empty()) {
    errors.add(mark_of(r.child("on_machine", Need::optional), r.mark()),
               path + ".voicemail_message",
               "is required with on_machine: voicemail_drop (the message to leave)");
  }
  if (auto v = r.number("false_positive_rate", Need::optional, 0.0, 1.0))
    out.false_positive_rate = *v;
  if (auto v = r.integer("retry_after_machine_min", Need::optional, 1, 10080))
    out.retry_after_machine_min = static_cast<int>(*v);
  if (auto v = r.integer("retry_after_voicemail_h", Need::optional, 1, 720))
    out.retry_after_voicemail_h = static_cast<int>(*v);
  for (const auto& p : kParams) {
    if (auto v = r.integer(p.key, Need::optional, p.min, p.max))
      out.params.*p.field = static_cast<int>(*v);
  }
  if (auto v = r.number("noise_margin_db", Need::optional, 0.0, 30.0))
    out.params.noise_margin_db = *v;
  const amd::AmdParams& a = out.params;
  auto relation = [&](const char* key, bool holds, const std::string& reason) {
    if (!holds)
      errors.add(mark_of(r.child(key, Need::optional), r.mark()), path + "." + key, reason);
  };
  relation("total_analysis_ms", a.total_analysis_ms > a.greeting_ms,
           "must be longer than greeting_ms (" + std::to_string(a.greeting_ms) +
               "): a long greeting could never be told");
  relation("between_words_silence_ms", a.between_words_silence_ms < a.after_greeting_silence_ms,
           "must be shorter than after_greeting_silence_ms (" +
               std::to_string(a.after_greeting_silence_ms) + ")");
  relation("max_word_ms", a.max_word_ms > a.min_word_ms,
           "must be longer than min_word_ms (" + std::to_string(a.min_word_ms) + ")");
}

}  // namespace blendd::config
