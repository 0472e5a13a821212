#pragma once
// Exports call results (rows read from a campaign's results stream) as CSV or JSON. Columns are
// the union of all fields, in first-seen order, with "id" (the stream id) first. The stored
// questionnaire answers are a JSON object in JSON and one column per question ("answer.<id>",
// after the other fields) in CSV; times (`at_ms`, `*_ms`) are numbers in JSON.
#include <map>
#include <string>
#include <vector>

namespace blendd::queue {

using ResultRow = std::map<std::string, std::string>;

std::string results_to_csv(const std::vector<ResultRow>& rows);
// One CSV field (RFC 4180 quoting); a leading =, +, -, @ is defused for spreadsheets.
std::string csv_field(const std::string& s);
std::string results_to_json(const std::vector<ResultRow>& rows);

}  // namespace blendd::queue
