#include "config/live_settings.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "config/section_readers.hpp"
#include "config/value_checks.hpp"

namespace blendd::config {

namespace {

const char* list_key(LiveSection s) {
  switch (s) {
    case LiveSection::group:
      return "groups";
    case LiveSection::campaign:
      return "campaigns";
    case LiveSection::product:
      return "products";
    case LiveSection::questionnaire:
      return "questionnaires";
    case LiveSection::touchpoint:
      return "touchpoints";
    case LiveSection::associations:
      return "associations";
    case LiveSection::recommendation_switches:
      return "recommendation_switches";
  }
  return "";
}

bool in_catalogue(LiveSection s) {
  return s != LiveSection::group && s != LiveSection::campaign;
}

// The field that names an entry of this list.
const char* id_key(const std::string& list) {
  return list == "touchpoints" ? "number" : "id";
}

// yaml-cpp throws on any use of a missing key's node but its truth test: check that first.
bool is_map(const YAML::Node& n) {
  return n && n.IsMap();
}
bool is_seq(const YAML::Node& n) {
  return n && n.IsSequence();
}
std::string scalar_text(const YAML::Node& n) {
  return n && n.IsScalar() ? n.Scalar() : std::string();
}

// The entry of a sequence whose id field is `id`, or -1.
int find_entry(const YAML::Node& seq, const std::string& list, const std::string& id) {
  if (!is_seq(seq)) return -1;
  for (std::size_t i = 0; i < seq.size(); ++i) {
    if (is_map(seq[i]) && scalar_text(seq[i][id_key(list)]) == id) return static_cast<int>(i);
  }
  return -1;
}

void json_string(std::ostringstream& out, const std::string& s) {
  out << '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out << '\\' << c;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out << buf;
    } else {
      out << c;
    }
  }
  out << '"';
}

// Plain scalars that read as numbers, booleans or null keep that type; quoted ones are strings.
void json_scalar(std::ostringstream& out, const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() != "!") {
    if (s == "true" || s == "false" || s == "null") {
      out << s;
      return;
    }
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size() && s.find_first_of("xXnN") == std::string::npos) {
      out << s;
      return;
    }
  }
  json_string(out, s);
}

void to_json(std::ostringstream& out, const YAML::Node& n, int depth) {
  const std::string pad(static_cast<std::size_t>(depth + 1) * 2, ' ');
  const std::string end_pad(static_cast<std::size_t>(depth) * 2, ' ');
  if (n.IsMap()) {
    if (n.size() == 0) {
      out << "{}";
      return;
    }
    out << "{\n";
    bool first = true;
    for (const auto& kv : n) {
      if (!first) out << ",\n";
      first = false;
      out << pad;
      json_string(out, kv.first.Scalar());
      out << ": ";
      to_json(out, kv.second, depth + 1);
    }
    out << "\n" << end_pad << '}';
  } else if (n.IsSequence()) {
    out << '[';
    for (std::size_t i = 0; i < n.size(); ++i) {
      if (i != 0) out << ", ";
      to_json(out, n[i], depth + 1);
    }
    out << ']';
  } else if (n.IsScalar()) {
    json_scalar(out, n);
  } else {
    out << "null";
  }
}

// Written as JSON (which YAML reads too) so quoted strings stay strings: "+4930..." is a number
// to a YAML emitter's plain style.
std::string emit(const YAML::Node& root) {
  std::ostringstream out;
  to_json(out, root, 0);
  out << "\n";
  return out.str();
}

// Every mapping key of a node, at any depth.
std::vector<std::string> keys_of(const YAML::Node& n) {
  std::vector<std::string> keys;
  if (n.IsMap()) {
    for (const auto& kv : n) {
      keys.push_back(kv.first.IsScalar() ? kv.first.Scalar() : std::string(129, '?'));
      for (auto& k : keys_of(kv.second)) keys.push_back(std::move(k));
    }
  } else if (n.IsSequence()) {
    for (const auto& item : n)
      for (auto& k : keys_of(item)) keys.push_back(std::move(k));
  }
  return keys;
}

// parent[key] as a mapping, made one if it is not.
YAML::Node map_child(YAML::Node parent, const std::string& key) {
  if (!parent[key].IsMap()) parent[key] = YAML::Node(YAML::NodeType::Map);
  return parent[key];
}

// Replaces "groups[2]" by "groups.sales" (and so on) at the start of an error key.
struct KeyNames {
  std::map<std::string, std::string> by_position;
  std::vector<std::string> from_live;  // prefixes whose values came from the live settings

  void name(const YAML::Node& seq, const std::string& path, const std::string& list) {
    if (!is_seq(seq)) return;
    for (std::size_t i = 0; i < seq.size(); ++i) {
      const std::string id = scalar_text(seq[i][id_key(list)]);
      if (!id.empty()) by_position[path + "[" + std::to_string(i) + "]"] = path + "." + id;
    }
  }
  void rewrite(ConfigError& e) const {
    for (const auto& [position, name] : by_position) {
      if (e.key.rfind(position, 0) == 0) {
        e.key = name + e.key.substr(position.size());
        break;
      }
    }
    for (const auto& prefix : from_live) {
      if (e.key.rfind(prefix, 0) == 0) {
        e.file = "live settings";  // the value came from the API, not the file's lines
        e.line = e.column = 0;
      }
    }
  }
};

}  // namespace

std::variant<LiveSettings, std::string> LiveSettings::read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return LiveSettings{};  // none yet
  std::ostringstream text;
  text << in.rdbuf();
  return from_text(text.str(), path);
}

std::variant<LiveSettings, std::string> LiveSettings::from_text(const std::string& text,
                                                                const std::string& origin) {
  LiveSettings s;
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsNull() && !root.IsMap()) return origin + ": not a mapping";
    if (root.IsMap() && root.size() != 0) s.text_ = text;
  } catch (const YAML::Exception& e) {
    return origin + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg;
  }
  return s;
}

std::string LiveSettings::write_file(const std::string& path) const {
  // The state directory exists under systemd (StateDirectory=); run by hand with an external
  // Redis nothing else has created it yet.
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  const std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return "cannot write " + tmp;
  const bool written = std::fwrite(text_.data(), 1, text_.size(), f) == text_.size() &&
                       std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  std::fclose(f);
  if (!written || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return "cannot write " + path;
  }
  return {};
}

std::optional<LiveSettings> LiveSettings::with(const LiveChange& change,
                                               std::string& reason) const {
  // The id names an entry and becomes a key of the kept text: checked like the file's ids
  // (touchpoints are phone numbers, checked by their reader; here only their size).
  if (change.section != LiveSection::associations &&
      change.section != LiveSection::recommendation_switches) {
    const std::string why =
        change.section == LiveSection::touchpoint
            ? (change.id.empty() || change.id.size() > 64 ? std::string("must be 1..64 characters")
                                                          : std::string())
            : check_identifier(change.id);
    if (!why.empty()) {
      reason = std::string("'") + id_key(list_key(change.section)) + "' " + why;
      return std::nullopt;
    }
  }
  try {
    auto next = with_unchecked(change, reason);
    if (!next) return next;
    // What is kept must read back: a value that would break the next start is refused now.
    (void)YAML::Load(next->text_);
    return next;
  } catch (const YAML::Exception& e) {
    reason = "body: " + e.msg;
    return std::nullopt;
  }
}

std::optional<LiveSettings> LiveSettings::with_unchecked(const LiveChange& change,
                                                         std::string& reason) const {
  YAML::Node root = text_.empty() ? YAML::Node(YAML::NodeType::Map) : YAML::Load(text_);
  YAML::Node body = YAML::Load(change.body);
  for (const auto& key : keys_of(body)) {
    if (key.size() > 128) {
      reason = "body: a key of " + std::to_string(key.size()) + " characters (at most 128)";
      return std::nullopt;
    }
  }
  const std::string list = list_key(change.section);
  const bool whole_list = change.section == LiveSection::associations ||
                          change.section == LiveSection::recommendation_switches;
  if (whole_list ? !body.IsSequence() : !body.IsMap()) {
    reason = whole_list ? "body must be a list" : "body must be an object";
    return std::nullopt;
  }
  if (!whole_list && body[id_key(list)]) {
    if (scalar_text(body[id_key(list)]) != change.id) {
      reason = std::string("'") + id_key(list) + "' in the body differs from the one in the path";
      return std::nullopt;
    }
    body.remove(id_key(list));
  }
  YAML::Node section = in_catalogue(change.section) ? map_child(root, "catalogue") : root;
  if (whole_list) {
    section[list] = body;
  } else if (change.section == LiveSection::group || change.section == LiveSection::campaign) {
    // Keys merge into what the live settings already hold for this entry.
    YAML::Node entry = map_child(map_child(section, list), change.id);
    for (const auto& kv : body) {
      const std::string key = kv.first.Scalar();
      if (key == "idle" && kv.second.IsMap()) {
        YAML::Node idle = map_child(entry, "idle");
        for (const auto& sub : kv.second) idle[sub.first.Scalar()] = sub.second;
      } else {
        entry[key] = kv.second;
      }
    }
  } else {
    map_child(section, list)[change.id] = body;
  }
  LiveSettings next;
  next.text_ = emit(root);
  return next;
}

LoadResult LiveSettings::over(const std::string& base_text, const std::string& file_name) const {
  try {
    return over_unchecked(base_text, file_name);
  } catch (const YAML::Exception& e) {
    // Kept text written by an older blendd, or edited by hand: an error, never the process.
    return std::vector<ConfigError>{
        {"live settings", e.mark.line + 1, e.mark.column + 1, "(live settings)", e.msg}};
  }
}

LoadResult LiveSettings::over_unchecked(const std::string& base_text,
                                        const std::string& file_name) const {
  ErrorSink errors(file_name);
  YAML::Node base;
  if (!parse_yaml(base_text, errors, base)) return errors.errors();
  if (text_.empty()) return load_config_node(base, file_name);
  if (!is_map(base)) return load_config_node(base, file_name);  // reports the file's problem
  const YAML::Node live = YAML::Load(text_);
  KeyNames names;
  std::vector<ConfigError> stale;
  auto lay_entries = [&](YAML::Node parent, const std::string& path, const std::string& list,
                         const YAML::Node& entries, bool merge_keys, bool may_add) {
    if (!is_map(entries)) return;
    for (const auto& kv : entries) {
      const std::string id = kv.first.Scalar();
      YAML::Node seq = parent[list];
      const int at = find_entry(seq, list, id);
      names.from_live.push_back(path + "." + id);
      if (at < 0 && !may_add) {
        stale.push_back(
            {"live settings", 0, 0, path + "." + id,
             "names a " + list.substr(0, list.size() - 1) + " " + file_name + " no longer has"});
        continue;
      }
      if (at < 0) {
        YAML::Node entry(YAML::NodeType::Map);
        entry[id_key(list)] = id;
        for (const auto& f : kv.second) entry[f.first.Scalar()] = f.second;
        if (!is_seq(seq)) parent[list] = YAML::Node(YAML::NodeType::Sequence);
        parent[list].push_back(entry);
        continue;
      }
      YAML::Node entry = seq[static_cast<std::size_t>(at)];
      if (!merge_keys) {
        YAML::Node replaced(YAML::NodeType::Map);
        replaced[id_key(list)] = id;
        for (const auto& f : kv.second) replaced[f.first.Scalar()] = f.second;
        seq[static_cast<std::size_t>(at)] = replaced;
        continue;
      }
      for (const auto& f : kv.second) {
        const std::string key = f.first.Scalar();
        if (key == "idle" && is_map(f.second) && is_map(entry["idle"])) {
          for (const auto& sub : f.second) entry["idle"][sub.first.Scalar()] = sub.second;
        } else {
          entry[key] = f.second;
        }
      }
    }
  };
  lay_entries(base, "groups", "groups", live["groups"], true, false);
  lay_entries(base, "campaigns", "campaigns", live["campaigns"], true, true);
  if (const YAML::Node cat = live["catalogue"]; is_map(cat)) {
    map_child(base, "catalogue");
    for (const char* list : {"products", "questionnaires", "touchpoints"}) {
      lay_entries(base["catalogue"], std::string("catalogue.") + list, list, cat[list], false,
                  true);
    }
    for (const char* list : {"associations", "recommendation_switches"}) {
      if (cat[list]) {
        base["catalogue"][list] = cat[list];
        names.from_live.push_back(std::string("catalogue.") + list);
      }
    }
  }
  names.name(base["groups"], "groups", "groups");
  names.name(base["campaigns"], "campaigns", "campaigns");
  if (is_map(base["catalogue"])) {
    for (const char* list : {"products", "questionnaires", "touchpoints"}) {
      names.name(base["catalogue"][list], std::string("catalogue.") + list, list);
    }
  }
  LoadResult result = load_config_node(base, file_name);
  if (auto* errs = std::get_if<std::vector<ConfigError>>(&result)) {
    for (auto& e : *errs) names.rewrite(e);
    errs->insert(errs->begin(), stale.begin(), stale.end());
    return result;
  }
  if (!stale.empty()) return stale;
  return result;
}

std::string LiveSettings::json() const {
  return text_.empty() ? "{}\n" : text_;
}

}  // namespace blendd::config
