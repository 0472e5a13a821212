#pragma once
// Changes supervisors make over the API, kept apart from blendd.yaml (which belongs to the
// operator) in state_dir/live-settings.json and laid over the file at every start and reload,
// so they survive both. Entries are keyed by id: a group's keys replace the file's (its `idle`
// keys one by one), a campaign's keys replace the file's or make a new campaign, catalogue
// entries replace the file's entry of the same id, association and switch lists replace the
// file's lists. No yaml-cpp type in this header.
#include <optional>
#include <string>
#include <variant>

#include "config/config_loader.hpp"

namespace blendd::config {

enum class LiveSection {
  group,                    // id = group id; body: {idle: {...}, schedule: [...], ...}
  campaign,                 // id = campaign id; body: campaign keys
  product,                  // id = product id; body: the whole product
  questionnaire,            // id = questionnaire id; body: the whole questionnaire
  touchpoint,               // id = the customer's number; body: {products: [...]}
  associations,             // body: the whole list
  recommendation_switches,  // body: the whole list
};

struct LiveChange {
  LiveSection section = LiveSection::group;
  std::string id;
  std::string body;  // JSON (or YAML) text
};

class LiveSettings {
 public:
  // An absent file is empty live settings; an unreadable or malformed one is an error.
  static std::variant<LiveSettings, std::string> read_file(const std::string& path);
  // The same from text (another node's, through the store); `origin` names it in errors.
  static std::variant<LiveSettings, std::string> from_text(const std::string& text,
                                                           const std::string& origin);
  // Written to a temporary file, flushed and renamed over: a crash leaves the old or the new.
  std::string write_file(const std::string& path) const;

  // A copy with the change laid in; nullopt and `reason` when the body has the wrong shape.
  std::optional<LiveSettings> with(const LiveChange& change, std::string& reason) const;
  // The file's text with these settings over it, validated like the file itself. Error keys name
  // entries by id (campaigns.spring.pacing), not by position.
  LoadResult over(const std::string& base_text, const std::string& file_name) const;

  bool empty() const { return text_.empty(); }
  std::string json() const;  // for GET /api/v1/live-settings and the file

 private:
  // Both may throw YAML::Exception; the public ones turn it into an error.
  std::optional<LiveSettings> with_unchecked(const LiveChange& change, std::string& reason) const;
  LoadResult over_unchecked(const std::string& base_text, const std::string& file_name) const;

  std::string text_;  // JSON (YAML reads it too); empty = nothing
};

}  // namespace blendd::config
