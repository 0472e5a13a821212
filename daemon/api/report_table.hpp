#pragma once
// A report as a table: named columns, rows of numbers or text. The same table answers as JSON
// (an array of objects; a figure with nothing to count is null) or as CSV (RFC 4180; empty cell).
#include <boost/json/value.hpp>
#include <string>
#include <variant>
#include <vector>

namespace blendd::daemon {

class ReportTable {
 public:
  using Cell = std::variant<double, std::string>;
  explicit ReportTable(std::vector<std::string> columns) : columns_(std::move(columns)) {}
  // A row with a cell per column (missing cells are empty).
  void add(std::vector<Cell> row) { rows_.push_back(std::move(row)); }
  // A column added after rows were: every earlier row has it empty.
  std::size_t column(const std::string& name);
  void set(std::size_t row, std::size_t column, Cell value);
  std::size_t size() const { return rows_.size(); }

  boost::json::value json() const;
  std::string csv() const;

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<Cell>> rows_;
};

}  // namespace blendd::daemon
