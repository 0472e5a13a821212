#include "daemon/api/report_table.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>

#include "queue/results_export.hpp"

namespace blendd::daemon {

namespace json = boost::json;

namespace {

// Four decimals: shares and seconds read well, sums of whole counts print as integers.
double rounded(double v) {
  return std::round(v * 1e4) / 1e4;
}

std::string csv_text(const ReportTable::Cell& cell) {
  if (const auto* d = std::get_if<double>(&cell)) {
    if (!std::isfinite(*d)) return {};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.4f", rounded(*d));
    std::string s(buf);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
  }
  return queue::csv_field(std::get<std::string>(cell));
}

}  // namespace

std::size_t ReportTable::column(const std::string& name) {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i] == name) return i;
  columns_.push_back(name);
  return columns_.size() - 1;
}

void ReportTable::set(std::size_t row, std::size_t column, Cell value) {
  auto& cells = rows_.at(row);
  if (cells.size() <= column) cells.resize(column + 1, Cell{std::string()});
  cells[column] = std::move(value);
}

json::value ReportTable::json() const {
  json::array rows;
  for (const auto& cells : rows_) {
    json::object o;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (i >= cells.size()) {
        o[columns_[i]] = nullptr;
      } else if (const auto* d = std::get_if<double>(&cells[i])) {
        if (std::isfinite(*d)) {
          o[columns_[i]] = rounded(*d);
        } else {
          o[columns_[i]] = nullptr;
        }
      } else {
        o[columns_[i]] = std::get<std::string>(cells[i]);
      }
    }
    rows.push_back(std::move(o));
  }
  return rows;
}

std::string ReportTable::csv() const {
  std::string out;
  for (std::size_t i = 0; i < columns_.size(); ++i)
    out += (i ? "," : "") + csv_text(Cell{columns_[i]});
  out += "\r\n";
  for (const auto& cells : rows_) {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (i) out += ',';
      if (i < cells.size()) out += csv_text(cells[i]);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace blendd::daemon
