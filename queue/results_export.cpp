#include "queue/results_export.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <optional>

namespace blendd::queue {

namespace json = boost::json;

namespace {

constexpr const char* kAnswers = "answers";
constexpr const char* kAnswerPrefix = "answer.";

// The stored questionnaire answers: a JSON object, or nothing when the text is not one.
std::optional<json::object> answers_of(const ResultRow& row) {
  auto it = row.find(kAnswers);
  if (it == row.end()) return std::nullopt;
  json::error_code ec;
  json::value v = json::parse(it->second, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::string answer_text(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_null()) return {};
  if (v.is_array()) {  // several choices: one cell, ';' between them
    std::string out;
    for (const auto& x : v.as_array()) out += (out.empty() ? "" : ";") + answer_text(x);
    return out;
  }
  return json::serialize(v);
}

// Fields stored as text that are numbers (times in ms, durations in s): exported as numbers.
bool numeric_field(const std::string& key) {
  auto ends = [&key](const char* tail) {
    const std::string t(tail);
    return key.size() > t.size() && key.compare(key.size() - t.size(), t.size(), t) == 0;
  };
  return ends("_ms") || ends("_s");
}

// CSV: the answers become one column each ("answer.<question>"), after the other fields.
std::vector<std::string> columns(const std::vector<ResultRow>& rows) {
  std::vector<std::string> cols{"id"};
  std::vector<std::string> answer_cols;
  for (const auto& row : rows) {
    for (const auto& [k, v] : row) {
      if (k == kAnswers) continue;
      if (std::find(cols.begin(), cols.end(), k) == cols.end()) cols.push_back(k);
    }
    if (auto answers = answers_of(row)) {
      for (const auto& [k, v] : *answers) {
        const std::string col = kAnswerPrefix + std::string(k);
        if (std::find(answer_cols.begin(), answer_cols.end(), col) == answer_cols.end())
          answer_cols.push_back(col);
      }
    }
  }
  cols.insert(cols.end(), answer_cols.begin(), answer_cols.end());
  return cols;
}

}  // namespace

std::string csv_field(const std::string& s) {
  // Quote when needed; a leading =,+,-,@ is defused so spreadsheets do not run it as a formula.
  std::string v = s;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string results_to_csv(const std::vector<ResultRow>& rows) {
  const auto cols = columns(rows);
  std::string out;
  for (std::size_t i = 0; i < cols.size(); ++i) out += (i ? "," : "") + csv_field(cols[i]);
  out += "\r\n";
  for (const auto& row : rows) {
    const auto answers = answers_of(row);
    for (std::size_t i = 0; i < cols.size(); ++i) {
      std::string cell;
      if (cols[i].rfind(kAnswerPrefix, 0) == 0) {
        const std::string question = cols[i].substr(std::string(kAnswerPrefix).size());
        if (answers && answers->contains(question)) cell = answer_text(answers->at(question));
      } else if (auto it = row.find(cols[i]); it != row.end()) {
        cell = it->second;
      }
      out += (i ? "," : "") + csv_field(cell);
    }
    out += "\r\n";
  }
  return out;
}

std::string results_to_json(const std::vector<ResultRow>& rows) {
  json::array out;
  for (const auto& row : rows) {
    json::object o;
    for (const auto& [k, v] : row) {
      std::int64_t n = 0;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (numeric_field(k) && ec == std::errc{} && end == v.data() + v.size() && !v.empty()) {
        o[k] = n;
      } else {
        o[k] = v;
      }
    }
    if (auto answers = answers_of(row)) o[kAnswers] = std::move(*answers);
    out.push_back(std::move(o));
  }
  return json::serialize(out);
}

}  // namespace blendd::queue
