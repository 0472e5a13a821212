// libFuzzer: the streaming CSV reader (target-list uploads) never crashes, never loops, and
// always makes progress to the end of its input.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "queue/import/csv_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  blendd::queue::CsvReader reader(in, 4096);
  std::vector<std::string> fields;
  for (std::size_t records = 0; records <= size + 1; ++records) {
    if (reader.next(fields) == blendd::queue::CsvReader::Status::end) return 0;
  }
  __builtin_trap();  // more records than bytes: the reader stopped advancing
}
