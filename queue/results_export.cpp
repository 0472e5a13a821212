#include "queue/results_export.hpp"

#include "queue/json_escape.hpp"

#include <algorithm>

namespace blendd::queue {

namespace {

std::vector<std::string> columns(const std::vector<ResultRow>& rows) {
  std::vector<std::string> cols{"id"};
  for (const auto& row : rows) {
    for (const auto& [k, v] : row) {
      if (std::find(cols.begin(), cols.end(), k) == cols.end()) cols.push_back(k);
    }
  }
  return cols;
}

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

std::string json_string(const std::string& s) {
  return "\"" + json_escape(s) + "\"";
}

}  // namespace

std::string results_to_csv(const std::vector<ResultRow>& rows) {
  const auto cols = columns(rows);
  std::string out;
  for (std::size_t i = 0; i < cols.size(); ++i) out += (i ? "," : "") + csv_field(cols[i]);
  out += "\r\n";
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < cols.size(); ++i) {
      auto it = row.find(cols[i]);
      out += (i ? "," : "") + (it == row.end() ? std::string() : csv_field(it->second));
    }
    out += "\r\n";
  }
  return out;
}

std::string results_to_json(const std::vector<ResultRow>& rows) {
  std::string out = "[";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out += r ? ",{" : "{";
    bool first = true;
    for (const auto& [k, v] : rows[r]) {
      out += (first ? "" : ",") + json_string(k) + ":" + json_string(v);
      first = false;
    }
    out += "}";
  }
  return out + "]";
}

}  // namespace blendd::queue
