#include "config/config_editor.hpp"

#include "log/log.hpp"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

namespace blendd::config {

namespace {

bool read_text(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream out;
  out << in.rdbuf();
  text = out.str();
  return true;
}

EditOutcome invalid(const std::vector<config::ConfigError>& errors) {
  EditOutcome out{422, "invalid", "", errors};
  for (const auto& e : errors)
    out.message += (out.message.empty() ? "" : "; ") + e.key + ": " + e.reason;
  return out;
}

}  // namespace

ConfigEditor::ConfigEditor(std::string config_path, std::string state_dir, Apply apply)
    : config_path_(std::move(config_path)),
      state_dir_(std::move(state_dir)),
      live_path_(state_dir_ + "/live-settings.json"),
      apply_(std::move(apply)) {}

std::variant<config::BlenddConfig, std::vector<config::ConfigError>> ConfigEditor::compose(
    const std::string& base_text, const config::LiveSettings& live) const {
  auto result = live.over(base_text, config_path_);
  if (auto* cfg = std::get_if<config::BlenddConfig>(&result)) {
    cfg->state_dir = state_dir_;  // a --state-dir override outlives reloads and edits
  }
  return result;
}

config::BlenddConfig ConfigEditor::start(config::BlenddConfig from_file) {
  if (!read_text(config_path_, base_text_)) return from_file;  // the caller read it a moment ago
  auto stored = config::LiveSettings::read_file(live_path_);
  std::vector<config::ConfigError> problems;
  if (auto* reason = std::get_if<std::string>(&stored)) {
    problems.push_back({live_path_, 0, 0, "(file)", *reason});
  } else {
    live_ = std::get<config::LiveSettings>(std::move(stored));
    if (live_.empty()) return from_file;
    auto composed = compose(base_text_, live_);
    if (auto* cfg = std::get_if<config::BlenddConfig>(&composed)) {
      log::info("config: live settings from {} in force", live_path_);
      return std::move(*cfg);
    }
    problems = std::get<std::vector<config::ConfigError>>(std::move(composed));
  }
  const std::string aside = live_path_ + ".rejected-" + std::to_string(std::time(nullptr));
  std::rename(live_path_.c_str(), aside.c_str());
  log::error("config: live settings no longer fit {}; set aside as {}; running on the file",
             config_path_, aside);
  for (const auto& e : problems) log::error("config: {}", e.to_string());
  live_ = {};
  return from_file;
}

std::vector<config::ConfigError> ConfigEditor::reload() {
  std::string text;
  if (!read_text(config_path_, text)) {
    return {{config_path_, 0, 0, "(file)", "cannot be opened for reading"}};
  }
  auto composed = compose(text, live_);
  if (auto* errors = std::get_if<std::vector<config::ConfigError>>(&composed)) return *errors;
  base_text_ = std::move(text);
  apply_(std::get<config::BlenddConfig>(std::move(composed)));
  return {};
}

EditOutcome ConfigEditor::edit(const config::LiveChange& change) {
  std::string reason;
  auto next = live_.with(change, reason);
  if (!next) return {400, "bad_body", reason, {}};
  return adopt(std::move(*next));
}

std::variant<config::BlenddConfig, EditOutcome> ConfigEditor::preview(
    const std::vector<config::LiveChange>& changes) const {
  config::LiveSettings next = live_;
  for (const auto& change : changes) {
    std::string reason;
    auto with = next.with(change, reason);
    if (!with) return EditOutcome{400, "bad_body", reason, {}};
    next = std::move(*with);
  }
  auto composed = compose(base_text_, next);
  if (auto* errors = std::get_if<std::vector<config::ConfigError>>(&composed))
    return invalid(*errors);
  return std::get<config::BlenddConfig>(std::move(composed));
}

EditOutcome ConfigEditor::clear() {
  return adopt(config::LiveSettings{});
}

EditOutcome ConfigEditor::replace(const std::string& live_json) {
  auto parsed = config::LiveSettings::from_text(live_json, "live settings from the store");
  if (auto* reason = std::get_if<std::string>(&parsed)) return {400, "bad_shape", *reason, {}};
  return adopt(std::get<config::LiveSettings>(std::move(parsed)));
}

EditOutcome ConfigEditor::adopt(config::LiveSettings next) {
  auto composed = compose(base_text_, next);
  if (auto* errors = std::get_if<std::vector<config::ConfigError>>(&composed))
    return invalid(*errors);
  // Saved first: a change that took effect but is lost at the next restart would surprise.
  if (std::string err = next.write_file(live_path_); !err.empty()) {
    log::error("config: {}", err);
    return {500, "not_saved", err + "; nothing changed", {}};
  }
  live_ = std::move(next);
  apply_(std::get<config::BlenddConfig>(std::move(composed)));
  return {};
}

}  // namespace blendd::config
