#include "daemon/centre/audit_log.hpp"

#include <algorithm>

#include "log/log.hpp"

#include "queue/redis_client.hpp"

namespace blendd::daemon {

void AuditLog::append(AuditEntry e) {
  log::info("audit: {} changed {}: {} -> {} ({})", e.who, e.what, e.old_value, e.new_value, e.why);
  store(e);
  entries_->push_back(std::move(e));
  if (entries_->size() > kKept) entries_->pop_front();
}

void AuditLog::store(const AuditEntry& e) {
  redis_.command(
      {"XADD", kStream, "MAXLEN", "~", "1000000", "*", "at_ms", std::to_string(e.at_ms), "who",
       e.who, "what", e.what, "old", e.old_value, "new", e.new_value, "why", e.why},
      [unstored = unstored_, e](queue::RedisReply r) {
        if (r.ok()) return;
        log::warn("audit: not stored in Redis yet: {}", r.error.message());
        unstored->push_back(e);  // written again once Redis answers
      });
}

void AuditLog::retry_unwritten() {
  std::vector<AuditEntry> again;
  again.swap(*unstored_);
  for (const auto& e : again) store(e);
}

void AuditLog::restore(std::function<void(bool)> done) {
  redis_.command({"XREVRANGE", kStream, "+", "-", "COUNT", std::to_string(kKept)},
                 [entries = entries_, done = std::move(done)](queue::RedisReply r) {
                   if (!r.ok()) return done(false);
                   std::deque<AuditEntry> loaded;
                   for (const auto& item : r.value.elements) {
                     if (item.elements.size() < 2) continue;
                     AuditEntry e;
                     const auto& f = item.elements[1].elements;
                     for (std::size_t i = 0; i + 1 < f.size(); i += 2) {
                       const std::string& k = f[i].str;
                       const std::string& v = f[i + 1].str;
                       if (k == "at_ms") e.at_ms = std::atoll(v.c_str());
                       if (k == "who") e.who = v;
                       if (k == "what") e.what = v;
                       if (k == "old") e.old_value = v;
                       if (k == "new") e.new_value = v;
                       if (k == "why") e.why = v;
                     }
                     loaded.push_front(std::move(e));  // XREVRANGE is newest first
                   }
                   // Entries appended here and not yet in the stream stay after the restored
                   // ones (a second restore, at a takeover, finds most of them there).
                   for (auto& e : *entries) {
                     const bool stored =
                         std::any_of(loaded.begin(), loaded.end(), [&e](const AuditEntry& l) {
                           return l.at_ms == e.at_ms && l.who == e.who && l.what == e.what &&
                                  l.new_value == e.new_value;
                         });
                     if (!stored) loaded.push_back(std::move(e));
                   }
                   while (loaded.size() > kKept) loaded.pop_front();
                   *entries = std::move(loaded);
                   done(true);
                 });
}

std::vector<AuditEntry> AuditLog::recent(std::size_t limit) const {
  std::vector<AuditEntry> out;
  for (auto it = entries_->rbegin(); it != entries_->rend() && out.size() < limit; ++it)
    out.push_back(*it);
  return out;
}

}  // namespace blendd::daemon
