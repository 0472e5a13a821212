#include "queue/import/target_importer.hpp"

#include "queue/import/csv_reader.hpp"
#include "queue/import/phone_number.hpp"
#include "queue/json_escape.hpp"

namespace blendd::queue {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string clean(const std::string& s) {
  std::string out = s;
  for (auto& c : out) {
    if (c == '\x1f') c = ' ';  // the record separator may not appear inside a field
  }
  return out;
}

}  // namespace

std::string ImportReport::summary() const {
  std::string s = std::to_string(rows) + " rows: " + std::to_string(imported) + " imported, " +
                  std::to_string(bad) + " bad, " + std::to_string(duplicates_in_file) +
                  " duplicate in the file, " + std::to_string(duplicates_in_campaign) +
                  " already in the campaign, " + std::to_string(never_dialable) + " never dialable";
  if (!committed) s += " (nothing committed)";
  if (!fatal.empty()) s += "; " + fatal;
  return s;
}

TargetImporter::TargetImporter(TargetStore& store, ImportOptions options,
                               std::function<std::unique_ptr<std::istream>()> open)
    : store_(store), options_(std::move(options)), open_(std::move(open)) {}

TargetImporter::~TargetImporter() = default;

void TargetImporter::problem(int line, std::string reason) {
  if (report_.problems.size() < options_.max_listed_problems) {
    report_.problems.push_back({line, std::move(reason)});
  }
}

bool TargetImporter::read_header() {
  in_ = open_();
  if (!in_ || !*in_) {
    report_.fatal = "cannot read the file";
    return false;
  }
  csv_ = std::make_unique<CsvReader>(*in_);
  std::vector<std::string> fields;
  if (csv_->next(fields) != CsvReader::Status::record) {
    report_.fatal = "line 1: no header row";
    return false;
  }
  header_ = fields;
  col_number_ = col_name_ = col_zone_ = col_product_ = -1;
  for (int i = 0; i < static_cast<int>(fields.size()); ++i) {
    const std::string h = lower(fields[i]);
    if (h == "number" || h == "phone")
      col_number_ = i;
    else if (h == "name")
      col_name_ = i;
    else if (h == "timezone" || h == "time_zone" || h == "tz")
      col_zone_ = i;
    else if (h == "product")
      col_product_ = i;
  }
  if (col_number_ < 0) {
    report_.fatal = "line 1: header has no 'number' column";
    return false;
  }
  eof_ = false;
  return true;
}

void TargetImporter::start(std::function<void(const ImportReport&)> done) {
  done_ = std::move(done);
  commit_pass_ = !options_.strict;
  if (!read_header()) return done_(report_);
  pump();
}

bool TargetImporter::next_batch(std::vector<Pending>& batch) {
  std::vector<std::string> f;
  while (batch.size() < options_.batch_size && !eof_) {
    const auto status = csv_->next(f);
    if (status == CsvReader::Status::end) {
      eof_ = true;
      break;
    }
    const int line = csv_->line();
    ++report_.rows;
    if (status == CsvReader::Status::error) {
      ++report_.bad;
      problem(line, csv_->error());
      continue;
    }
    if (f.size() == 1 && f[0].empty()) {  // blank line
      --report_.rows;
      continue;
    }
    if (f.size() != header_.size()) {
      ++report_.bad;
      problem(line, "has " + std::to_string(f.size()) + " fields, the header has " +
                        std::to_string(header_.size()));
      continue;
    }
    auto number = normalise_number(f[col_number_], options_.default_country);
    if (number.e164.empty()) {
      ++report_.bad;
      problem(line, "number '" + f[col_number_] + "': " + number.reason);
      continue;
    }
    if (options_.number_refusal) {
      if (std::string why = options_.number_refusal(number.e164, number.type); !why.empty()) {
        ++report_.bad;
        problem(line, "number '" + f[col_number_] + "': " + why);
        continue;
      }
    }
    StoredTarget t;
    t.number = number.e164;
    t.import_tag = options_.import_id + ":" + std::to_string(line);
    t.name = col_name_ >= 0 ? clean(f[col_name_]) : "";
    t.zone = col_zone_ >= 0 && !f[col_zone_].empty() ? clean(f[col_zone_]) : options_.default_zone;
    if ((col_zone_ < 0 || f[col_zone_].empty()) && options_.zone_for_region)
      t.zone = options_.zone_for_region(number.region);
    t.product = col_product_ >= 0 ? clean(f[col_product_]) : "";
    if (!t.product.empty() && options_.product_known && !options_.product_known(t.product)) {
      ++report_.bad;
      problem(line, "product '" + t.product + "' is not in the catalogue");
      continue;
    }
    std::string custom = "{";
    for (int i = 0; i < static_cast<int>(f.size()); ++i) {
      if (i == col_number_ || i == col_name_ || i == col_zone_ || i == col_product_) continue;
      if (custom.size() > 1) custom += ",";
      custom += "\"" + json_escape(header_[i]) + "\":\"" + json_escape(f[i]) + "\"";
    }
    t.custom_json = custom + "}";
    std::string schedule;
    static const policy::CallingZones kUnknown;
    const auto e = policy::next_eligible(
        {}, {}, options_.window, options_.zone_lookup ? options_.zone_lookup(t.zone) : kUnknown,
        policy::TimePoint(std::chrono::milliseconds(options_.now_ms)), false);
    if (e.never) {
      schedule = "!" + e.reason;
    } else {
      schedule = std::to_string(
          std::chrono::duration_cast<std::chrono::milliseconds>(e.at.time_since_epoch()).count());
    }
    batch.push_back({line, {t.number, t.encode(), schedule}});
  }
  return !batch.empty();
}

void TargetImporter::pump() {
  while (!failed_ && in_flight_ < options_.window_batches) {
    std::vector<Pending> batch;
    if (!next_batch(batch)) break;
    std::vector<ImportItem> items;
    items.reserve(batch.size());
    for (auto& p : batch) items.push_back(p.item);
    ++in_flight_;
    store_.import_batch(
        options_.campaign, commit_pass_, options_.import_id, items,
        [self = shared_from_this(), batch = std::move(batch)](std::error_code ec,
                                                              std::vector<std::string> dups) {
          --self->in_flight_;
          if (ec || dups.size() != batch.size()) {
            if (!self->failed_) self->report_.fatal = "Redis: " + (ec ? ec.message() : "bad reply");
            self->failed_ = true;
          } else {
            for (std::size_t i = 0; i < batch.size(); ++i) {
              const auto& tag = dups[i];
              const bool never = batch[i].item.schedule.front() == '!';
              if (tag.empty()) {
                if (never) {
                  ++self->report_.never_dialable;
                  self->problem(batch[i].line,
                                "stored but never dialable: " + batch[i].item.schedule.substr(1));
                }
                if (self->commit_pass_) ++self->report_.imported;
              } else if (tag.rfind(self->options_.import_id + ":", 0) == 0) {
                ++self->report_.duplicates_in_file;
                self->problem(batch[i].line, "duplicate of line " +
                                                 tag.substr(self->options_.import_id.size() + 1) +
                                                 " (" + batch[i].item.number + ")");
              } else {
                ++self->report_.duplicates_in_campaign;
                self->problem(batch[i].line, batch[i].item.number + " is already in the campaign");
              }
            }
          }
          self->pump();
        });
  }
  if (in_flight_ == 0 && (eof_ || failed_)) finish_pass();
}

void TargetImporter::finish_pass() {
  if (failed_ || commit_pass_) {
    report_.committed = commit_pass_ && !failed_;
    return done_(report_);
  }
  // Strict mode, check pass done.
  if (report_.bad + report_.duplicates_in_file + report_.duplicates_in_campaign +
          report_.never_dialable >
      0) {
    report_.committed = false;
    return done_(report_);
  }
  ImportReport checked = report_;
  report_ = ImportReport{};
  commit_pass_ = true;
  // Each pass tags rows with the same import id: give the commit pass its own scratch.
  if (!read_header()) return done_(report_);
  (void)checked;
  pump();
}

}  // namespace blendd::queue
