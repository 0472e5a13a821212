#pragma once
// Imports a campaign's target list from CSV, streaming: header row; columns number (required),
// name, timezone, product; every other column is a free custom field. Numbers are normalised to
// E.164; each bad row is reported with its line and reason; duplicates within the file and
// against the campaign are reported; targets that can never be dialled (unknown time zone) are
// stored and reported. Strict mode checks the whole file first and commits nothing on any problem.
// Memory stays bounded: batches of `batch_size` rows, at most `window` batches in flight.
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "policy/target_eligibility.hpp"
#include "queue/target_store.hpp"

namespace boost::asio {
class io_context;
}

namespace blendd::queue {

class CsvReader;

struct ImportOptions {
  std::string campaign;
  std::string import_id;             // tags every stored row ("<id>:<line>")
  std::string default_country;       // calling code for national numbers, e.g. "49"
  std::string default_zone = "UTC";  // for rows without a timezone column value
  bool strict = false;
  policy::CallingWindow window;
  std::int64_t now_ms = 0;
  std::size_t batch_size = 500;
  std::size_t window_batches = 4;
  std::size_t max_listed_problems = 1000;  // counts are always complete
  // Resolves a row's zone: a tz name, or "country:CC" for all of a country's clocks (the daemon
  // loads them once and keeps them). An empty set: unknown, the row is never dialled.
  std::function<const policy::CallingZones&(const std::string&)> zone_lookup;
  // Whether a `product` column value is in the catalogue (unset: any is taken).
  std::function<bool(const std::string&)> product_known;
  // Why a number (E.164, number-plan type) may never be dialled by this campaign (premium,
  // blocked range), or "".
  std::function<std::string(const std::string& e164, const std::string& type)> number_refusal;
  // The zone of a row without one, from its number's region: its one zone, or "country:CC"
  // when its zones keep different clocks (unset: the default zone).
  std::function<std::string(const std::string& region)> zone_for_region;
};

struct ImportProblem {
  int line = 0;
  std::string reason;
};

struct ImportReport {
  std::size_t rows = 0;
  std::size_t imported = 0;
  std::size_t bad = 0;
  std::size_t duplicates_in_file = 0;
  std::size_t duplicates_in_campaign = 0;
  std::size_t never_dialable = 0;
  bool committed = false;
  std::string fatal;                    // header missing, Redis failure: nothing more was done
  std::vector<ImportProblem> problems;  // the first max_listed_problems, in line order per kind
  std::string summary() const;
};

class TargetImporter : public std::enable_shared_from_this<TargetImporter> {
 public:
  // `open` must return a fresh stream at the start of the file (strict mode reads it twice).
  TargetImporter(TargetStore& store, ImportOptions options,
                 std::function<std::unique_ptr<std::istream>()> open);
  ~TargetImporter();
  void start(std::function<void(const ImportReport&)> done);

 private:
  struct Pending {
    int line;
    ImportItem item;
  };
  bool read_header();
  void pump();
  bool next_batch(std::vector<Pending>& batch);
  void finish_pass();
  void problem(int line, std::string reason);

  TargetStore& store_;
  ImportOptions options_;
  std::function<std::unique_ptr<std::istream>()> open_;
  std::function<void(const ImportReport&)> done_;
  std::unique_ptr<std::istream> in_;
  std::unique_ptr<CsvReader> csv_;
  std::vector<std::string> header_;
  int col_number_ = -1, col_name_ = -1, col_zone_ = -1, col_product_ = -1;
  bool commit_pass_ = true;
  bool eof_ = false;
  bool failed_ = false;
  std::size_t in_flight_ = 0;
  ImportReport report_;
};

}  // namespace blendd::queue
