#include "queue/import/csv_reader.hpp"

namespace blendd::queue {

CsvReader::Status CsvReader::next(std::vector<std::string>& fields) {
  fields.clear();
  error_.clear();
  record_line_ = current_line_;
  if (in_.peek() == std::char_traits<char>::eof()) return Status::end;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field started with a quote
  std::size_t bytes = 0;
  auto fail = [&](std::string why) {
    error_ = std::move(why);
    // Resynchronise at the next line break outside what we have read.
    int c;
    while ((c = in_.get()) != std::char_traits<char>::eof() && c != '\n') {
    }
    if (c == '\n') ++current_line_;
    return Status::error;
  };
  while (true) {
    const int c = in_.get();
    if (c == std::char_traits<char>::eof()) {
      if (quoted) return fail("quoted field not closed before the end of the file");
      fields.push_back(std::move(field));
      return Status::record;
    }
    if (++bytes > max_bytes_)
      return fail("record longer than " + std::to_string(max_bytes_) + " bytes");
    const char ch = static_cast<char>(c);
    if (quoted) {
      if (ch == '"') {
        if (in_.peek() == '"') {
          in_.get();
          field.push_back('"');
        } else {
          quoted = false;
        }
      } else {
        if (ch == '\n') ++current_line_;
        field.push_back(ch);
      }
      continue;
    }
    if (ch == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && in_.peek() == '\n') in_.get();
      ++current_line_;
      fields.push_back(std::move(field));
      return Status::record;
    } else if (ch == '"') {
      if (!field.empty() || was_quoted) return fail("quote inside an unquoted field");
      quoted = true;
      was_quoted = true;
    } else {
      if (was_quoted) return fail("text after a closing quote");
      field.push_back(ch);
    }
  }
}

}  // namespace blendd::queue
