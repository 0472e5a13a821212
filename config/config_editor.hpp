#pragma once
// The configuration in force = blendd.yaml with the live settings (what supervisors changed over
// the API) laid over it. Start, SIGHUP reload and every API change go through here, so all three
// validate the same way and a change is saved before it takes effect.
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "config/live_settings.hpp"

namespace blendd::config {

struct EditOutcome {
  int status = 200;  // 200 done, 400 body of the wrong shape, 422 invalid, 500 not saved
  std::string code;
  std::string message;
  std::vector<config::ConfigError> errors;  // 422: every problem, keyed by id
};

class ConfigEditor {
 public:
  // Called with the next configuration once it is valid and saved.
  using Apply = std::function<void(config::BlenddConfig next)>;
  ConfigEditor(std::string config_path, std::string state_dir, Apply apply);

  // At start: `from_file` (already valid) with the live settings over it. Live settings that no
  // longer fit the file are set aside (renamed *.rejected) with every reason logged: blendd then
  // starts on the file alone rather than not at all.
  config::BlenddConfig start(config::BlenddConfig from_file);
  // SIGHUP: the file re-read, the live settings over it. On errors nothing changes.
  std::vector<config::ConfigError> reload();
  EditOutcome edit(const config::LiveChange& change);
  // The configuration these changes would make, validated like edit() but neither saved nor
  // applied (the what-if's proposals); the refusal edit() would give otherwise.
  std::variant<config::BlenddConfig, EditOutcome> preview(
      const std::vector<config::LiveChange>& changes) const;
  // Drops every live setting: the file alone is in force again.
  EditOutcome clear();
  // Every live setting replaced by `live_json` (the active node's, from the store), validated
  // against this node's file like any change.
  EditOutcome replace(const std::string& live_json);
  std::string live_json() const { return live_.json(); }
  const std::string& live_path() const { return live_path_; }

 private:
  std::variant<config::BlenddConfig, std::vector<config::ConfigError>> compose(
      const std::string& base_text, const config::LiveSettings& live) const;
  EditOutcome adopt(config::LiveSettings next);

  std::string config_path_;
  std::string state_dir_;
  std::string live_path_;
  Apply apply_;
  std::string base_text_;  // the file's text in force
  config::LiveSettings live_;
};

}  // namespace blendd::config
