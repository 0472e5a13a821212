#include "daemon/recordings/recorder.hpp"

#include <sys/statvfs.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <ctime>
#include <filesystem>

#include "log/log.hpp"

namespace blendd::daemon {

namespace asio = boost::asio;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "2026-12-02": one directory a day keeps directories small and retention simple to see.
std::string day_of(std::int64_t at_ms) {
  const std::time_t t = static_cast<std::time_t>(at_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::int64_t started_of(const std::string& id) {
  return std::strtoll(id.c_str(), nullptr, 10);  // ids are "<started_ms>-<call>"
}

}  // namespace

struct Recorder::Timers {
  explicit Timers(asio::io_context& io) : disk(io), sweep(io) {}
  asio::steady_timer disk;
  asio::steady_timer sweep;
};

Recorder::Recorder(asio::io_context& io, RecordingStore& store, Options options)
    : io_(io),
      store_(store),
      options_(std::move(options)),
      timers_(std::make_unique<Timers>(io)),
      converter_(std::make_unique<CaptureConverter>(
          [this, alive = std::weak_ptr<int>(alive_)](ConversionResult r) {
            // On the converter's thread: the result crosses to the event loop as a value.
            asio::post(io_, [this, alive, r = std::move(r)]() mutable {
              if (!alive.expired()) converted(std::move(r));
            });
          })) {}

Recorder::~Recorder() {
  alive_.reset();      // what the converter posts from now on does nothing
  converter_.reset();  // joined
}

void Recorder::start() {
  std::error_code ec;
  std::filesystem::create_directories(options_.dir, ec);
  if (ec) log::error("recordings: cannot create {}: {}", options_.dir, ec.message());
  check_disk();
  schedule();
  sweep_now();
  schedule_sweep();
}

void Recorder::schedule() {
  timers_->disk.expires_after(options_.disk_check);
  timers_->disk.async_wait(guard([this](const std::error_code& ec) {
    if (ec) return;
    check_disk();
    schedule();
  }));
}

void Recorder::schedule_sweep() {
  timers_->sweep.expires_after(options_.sweep);
  timers_->sweep.async_wait(guard([this](const std::error_code& ec) {
    if (ec) return;
    sweep_now();
    schedule_sweep();
  }));
}

void Recorder::check_disk() {
  struct statvfs fs {};
  if (statvfs(options_.dir.c_str(), &fs) != 0) {
    if (!disk_full_) log::error("recordings: cannot read the free space of {}", options_.dir);
    disk_full_ = true;
    return;
  }
  free_mb_ = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize / (1024 * 1024);
  const bool full = free_mb_ < options_.min_free_mb;
  if (full != disk_full_) {
    if (full) {
      log::error("recordings: {} MiB free on {} (below {} MiB): new calls are not recorded",
                 free_mb_, options_.dir, options_.min_free_mb);
    } else {
      log::info("recordings: {} MiB free on {}: recording again", free_mb_, options_.dir);
    }
  }
  disk_full_ = full;
}

void Recorder::note(const RecordingNote& n) {
  using K = RecordingNote::Kind;
  switch (n.kind) {
    case K::started: {
      Pending p;
      p.id = std::to_string(n.at_ms) + "-" + n.call;
      p.fields = {{"call", n.call},     {"direction", n.direction},
                  {"group", n.group},   {"campaign", n.campaign},
                  {"number", n.number}, {"started_ms", std::to_string(n.at_ms)},
                  {"plays", "0"}};
      ids_[n.call] = p.id;
      pending_[n.call] = std::move(p);
      break;
    }
    case K::agent:
      if (auto it = pending_.find(n.call); it != pending_.end())
        it->second.fields["agent"] = n.agent;
      break;
    case K::result: {
      auto id = ids_.find(n.call);
      if (id == ids_.end()) break;
      RecordingFields result{
          {"disposition", n.disposition}, {"product", n.product}, {"answers", n.answers}};
      if (auto it = pending_.find(n.call); it != pending_.end()) {
        for (auto& [k, v] : result) it->second.fields[k] = v;
      } else {
        store_.save(id->second, result, [id = id->second](std::error_code ec) {
          if (ec) log::warn("recording {}: result not stored: {}", id, ec.message());
        });
      }
      ids_.erase(id);
      break;
    }
    case K::captured: {
      auto it = pending_.find(n.call);
      if (it == pending_.end()) break;
      Pending p = std::move(it->second);
      pending_.erase(it);
      const std::string relative = day_of(started_of(p.id)) + "/" + p.id + ".wav";
      p.fields["file"] = relative;
      ConversionJob job{p.id, n.capture, n.customer_port, n.agent_port,
                        options_.dir + "/" + relative};
      // The metadata waits for the WAV: a search never finds a recording without its audio.
      converting_[p.id] = std::move(p.fields);
      converter_->submit(std::move(job));
      break;
    }
  }
}

void Recorder::converted(ConversionResult r) {
  auto it = converting_.find(r.id);
  if (it == converting_.end()) return;
  RecordingFields fields = std::move(it->second);
  converting_.erase(it);
  if (!r.error.empty()) {
    ++counters_.failed;
    if (r.disk_full) disk_full_ = true;
    log::error("recording {}: not kept: {}", r.id, r.error);
    return;
  }
  ++counters_.recorded;
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.2f", r.duration_s);
  fields["duration_s"] = duration;
  fields["bytes"] = std::to_string(r.bytes);
  store_.save(r.id, fields, [id = r.id](std::error_code ec) {
    if (ec) log::error("recording {}: metadata not stored: {}", id, ec.message());
  });
  log::info("recording {}: {:.1f} s, {} + {} packets", r.id, r.duration_s, r.customer_packets,
            r.agent_packets);
}

std::string Recorder::path_of(const RecordingFields& fields) const {
  auto f = fields.find("file");
  if (f == fields.end() || f->second.empty() || f->second.find("..") != std::string::npos)
    return {};
  return options_.dir + "/" + f->second;
}

void Recorder::remove(const std::string& id, const RecordingFields& fields,
                      std::function<void(std::error_code)> done) {
  std::error_code ec;
  if (const std::string path = path_of(fields); !path.empty()) std::filesystem::remove(path, ec);
  store_.remove(id, std::move(done));
}

void Recorder::sweep_now() {
  const std::int64_t before =
      now_ms() - static_cast<std::int64_t>(options_.retention_days) * 86'400'000;
  // Results that never came (abandoned calls, a result lost with a node) are not waited for
  // beyond a day.
  for (auto it = ids_.begin(); it != ids_.end();) {
    it = started_of(it->second) < now_ms() - 86'400'000 ? ids_.erase(it) : std::next(it);
  }
  store_.older_than(
      before, 500, guard([this](std::error_code ec, std::vector<std::string> ids) {
        if (ec) return log::warn("recordings: retention sweep: {}", ec.message());
        for (const auto& id : ids) {
          store_.get(id, guard([this, id](std::error_code e, std::optional<RecordingFields> f) {
                       if (e) return;
                       ++counters_.expired;
                       remove(id, f.value_or(RecordingFields{}), {});
                     }));
        }
      }));
}

RecorderCounters Recorder::counters() const {
  RecorderCounters c = counters_;
  c.disk_full = disk_full_;
  c.free_mb = free_mb_;
  c.converting = converting_.size();
  return c;
}

}  // namespace blendd::daemon
