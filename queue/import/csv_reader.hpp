#pragma once
// A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, commas and line breaks inside
// quotes, CRLF or LF). Reads one record at a time, so a file of any length needs only one
// record's memory. Reports the line a record starts on.
#include <istream>
#include <string>
#include <vector>

namespace blendd::queue {

class CsvReader {
 public:
  explicit CsvReader(std::istream& in, std::size_t max_record_bytes = 64 * 1024)
      : in_(in), max_bytes_(max_record_bytes) {}

  enum class Status { record, end, error };
  // On `record`, fields holds the record; on `error`, error() says why (the reader then skips
  // to the next line, so one bad record does not lose the rest).
  Status next(std::vector<std::string>& fields);
  int line() const { return record_line_; }  // 1-based line where the last record started
  const std::string& error() const { return error_; }

 private:
  std::istream& in_;
  std::size_t max_bytes_;
  int current_line_ = 1;
  int record_line_ = 0;
  std::string error_;
};

}  // namespace blendd::queue
