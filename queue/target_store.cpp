#include "queue/target_store.hpp"

#include <cstdlib>

#include "queue/lua_scripts.hpp"

namespace blendd::queue {

namespace {

constexpr char kSep = '\x1f';

std::vector<std::string> split(const std::string& s, char sep, std::size_t max_parts) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (parts.size() + 1 < max_parts) {
    const auto pos = s.find(sep, start);
    if (pos == std::string::npos) break;
    parts.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
  parts.push_back(s.substr(start));
  return parts;
}

std::error_code reply_error(const RedisReply& r) {
  return r.error;
}

}  // namespace

std::string StoredTarget::encode() const {
  return std::to_string(attempts) + kSep + last_outcome + kSep + std::to_string(last_ms) + kSep +
         import_tag + kSep + name + kSep + zone + kSep + product + kSep + custom_json;
}

std::optional<StoredTarget> StoredTarget::decode(const std::string& number,
                                                 const std::string& record) {
  auto p = split(record, kSep, 8);
  if (p.size() != 8) return std::nullopt;
  StoredTarget t;
  t.number = number;
  try {
    t.attempts = std::stoi(p[0]);
    t.last_ms = p[2].empty() ? 0 : std::stoll(p[2]);
  } catch (...) {
    return std::nullopt;
  }
  t.last_outcome = p[1];
  t.import_tag = p[3];
  t.name = p[4];
  t.zone = p[5];
  t.product = p[6];
  t.custom_json = p[7];
  return t;
}

TargetStore::TargetStore(RedisClient& redis, std::string instance)
    : redis_(redis),
      instance_(std::move(instance)),
      import_(redis, lua::fenced(lua::kImport)),
      claim_(redis, lua::fenced(lua::kClaim)),
      manual_claim_(redis, lua::fenced(lua::kManualClaim)),
      outcome_(redis, lua::fenced(lua::kOutcome)),
      reconcile_(redis, lua::fenced(lua::kReconcile)),
      confirm_(redis, lua::fenced(lua::kConfirm)),
      inspect_(redis, lua::kInspect),
      penetration_(redis, lua::kPenetration),
      undo_claim_(redis, lua::fenced(lua::kUndoClaim)),
      add_result_(redis, lua::fenced(lua::kAddResult)),
      fenced_command_(redis, lua::fenced(lua::kFencedCommand)),
      fenced_batch_(redis, lua::fenced(lua::kFencedBatch)),
      late_result_(redis, lua::fenced(lua::kLateResult)) {}

void TargetStore::add_late_result(const std::string& campaign, const std::string& number,
                                  const std::string& attempt_id, const std::string& note,
                                  const std::map<std::string, std::string>& fields,
                                  std::function<void(std::error_code, bool)> done) {
  std::vector<std::string> args{number, "attempt:" + attempt_id, note};
  for (const auto& [k, v] : fields) {
    args.push_back(k);
    args.push_back(v);
  }
  run_fenced(
      late_result_,
      {key(campaign, "review"), key(campaign, "results"), key(campaign, "results-stored")},
      std::move(args),
      [done = std::move(done)](RedisReply r) {
        done(reply_error(r), r.ok() && r.value.integer >= 0);
      },
      true);
}

void TargetStore::write_fenced(std::vector<std::string> argv, RedisCallback done) {
  run_fenced(fenced_command_, {}, std::move(argv), std::move(done));
}

void TargetStore::write_fenced_batch(const std::vector<std::vector<std::string>>& commands,
                                     const std::string& once_key, RedisCallback done) {
  std::vector<std::string> args{once_key};
  for (const auto& c : commands) {
    args.push_back(std::to_string(c.size()));
    args.insert(args.end(), c.begin(), c.end());
  }
  run_fenced(fenced_batch_, {}, std::move(args), std::move(done));
}

void TargetStore::fence_with(std::string lease_key, std::uint64_t epoch) {
  fence_key_ = std::move(lease_key);
  epoch_ = epoch;
}

void TargetStore::run_fenced(ScriptRunner& script, std::vector<std::string> keys,
                             std::vector<std::string> args, RedisCallback done, bool durable) {
  keys.push_back(fence_key_);
  args.push_back(std::to_string(epoch_));
  std::shared_ptr<ReplicaWait> wait = durable ? wait_ : nullptr;
  script.run(
      keys, args, [refusals = refusals_, wait, done = std::move(done)](RedisReply r) mutable {
        if (r.error == RedisErrc::server_error && r.value.str.rfind("FENCED", 0) == 0) {
          ++*refusals;
          r.error = make_error_code(RedisErrc::fenced);
        }
        if (!wait || !r.ok()) return done(std::move(r));
        // Reported done once the replicas have it (or the wait timed out, counted): a result the
        // desk was told is stored survives a master failover.
        wait->after_write(
            [r = std::move(r), done = std::move(done)](bool) mutable { done(std::move(r)); });
      });
}

std::string TargetStore::key(const std::string& campaign, const char* what) {
  return "{c:" + campaign + "}:" + what;
}

void TargetStore::import_batch(
    const std::string& campaign, bool commit, const std::string& scratch,
    const std::vector<ImportItem>& items,
    std::function<void(std::error_code, std::vector<std::string>)> done) {
  std::vector<std::string> args{commit ? "commit" : "check", ""};
  args.reserve(2 + 3 * items.size());
  for (const auto& it : items) {
    args.push_back(it.number);
    args.push_back(it.record);
    args.push_back(it.schedule);
  }
  const std::string third =
      commit ? key(campaign, "never") : key(campaign, ("import:" + scratch).c_str());
  run_fenced(import_, {key(campaign, "targets"), key(campaign, "due"), third}, args,
             [done = std::move(done)](RedisReply r) {
               std::vector<std::string> out;
               if (r.ok()) {
                 for (auto& e : r.value.elements) out.push_back(std::move(e.str));
               }
               done(reply_error(r), std::move(out));
             });
}

void TargetStore::claim(const std::string& campaign, int max_count, std::int64_t now_ms,
                        std::int64_t lease_ms,
                        std::function<void(std::error_code, std::vector<ClaimedTarget>)> done) {
  undo_pending(now_ms);
  const std::string token = instance_ + "#" + std::to_string(++claims_);
  run_fenced(
      claim_,
      {key(campaign, "due"), key(campaign, "targets"), key(campaign, "leases"),
       key(campaign, "dnc"), kGlobalDnc, key(campaign, "attempts"), key(campaign, "never")},
      {std::to_string(now_ms), std::to_string(max_count), std::to_string(lease_ms), instance_,
       token},
      [undo = undo_, campaign, token, done = std::move(done)](RedisReply r) {
        // No answer is not "nothing happened": the script may have run. It is undone before
        // the next claim (and again until Redis takes it), so no attempt waits for review.
        if (!r.ok()) undo->push_back({campaign, token});
        std::vector<ClaimedTarget> out;
        const auto& e = r.value.elements;
        for (std::size_t i = 0; r.ok() && i + 2 < e.size(); i += 3) {
          auto t = StoredTarget::decode(e[i + 1].str, e[i + 2].str);
          if (t) out.push_back({e[i].str, std::move(*t)});
        }
        done(reply_error(r), std::move(out));
      },
      true);
}

void TargetStore::claim_manual(
    const std::string& campaign, const std::string& number, const std::string& record,
    std::int64_t now_ms, std::int64_t lease_ms,
    std::function<void(std::error_code, std::string, std::optional<ClaimedTarget>)> done) {
  run_fenced(
      manual_claim_,
      {key(campaign, "targets"), key(campaign, "due"), key(campaign, "leases"),
       key(campaign, "dnc"), kGlobalDnc, key(campaign, "attempts")},
      {number, std::to_string(now_ms), std::to_string(lease_ms), instance_, record},
      [number, done = std::move(done)](RedisReply r) {
        const auto& e = r.value.elements;
        if (!r.ok() || e.empty()) return done(reply_error(r), "", std::nullopt);
        if (e[0].str != "ok" || e.size() < 3) return done({}, e[0].str, std::nullopt);
        auto t = StoredTarget::decode(number, e[2].str);
        if (!t) return done({}, "damaged", std::nullopt);
        ClaimedTarget claimed{e[1].str, std::move(*t), true};
        done({}, "", std::move(claimed));
      },
      true);
}

void TargetStore::undo_pending(std::int64_t now_ms) {
  auto todo = std::move(*undo_);
  undo_->clear();
  for (auto& u : todo) {
    run_fenced(undo_claim_,
               {key(u.campaign, "attempts"), key(u.campaign, "leases"), key(u.campaign, "due")},
               {u.token, std::to_string(now_ms)}, [undo = undo_, u](RedisReply r) {
                 if (!r.ok()) undo->push_back(u);  // the next claim tries again
               });
  }
}

void TargetStore::record_outcome(const std::string& campaign, const std::string& attempt_id,
                                 const std::string& outcome, std::optional<std::int64_t> next_ms,
                                 const std::string& never_reason, std::int64_t now_ms,
                                 const std::string& agent,
                                 std::function<void(std::error_code, bool)> done,
                                 const AttemptAmd& amd) {
  run_fenced(
      outcome_,
      {key(campaign, "targets"), key(campaign, "due"), key(campaign, "leases"),
       key(campaign, "attempts"), key(campaign, "log"), key(campaign, "never")},
      {attempt_id, outcome, next_ms ? std::to_string(*next_ms) : std::string(), never_reason,
       std::to_string(now_ms), agent, amd.verdict, std::to_string(amd.ms)},
      [done = std::move(done)](RedisReply r) { done(reply_error(r), r.value.integer == 1); }, true);
}

void TargetStore::reconcile(
    const std::string& campaign, std::int64_t cutoff_ms, std::int64_t now_ms,
    std::function<void(std::error_code, std::vector<std::pair<std::string, std::string>>)> done) {
  run_fenced(reconcile_,
             {key(campaign, "leases"), key(campaign, "attempts"), key(campaign, "review"),
              key(campaign, "log")},
             {std::to_string(cutoff_ms), std::to_string(now_ms), instance_},
             [done = std::move(done)](RedisReply r) {
               std::vector<std::pair<std::string, std::string>> out;
               const auto& e = r.value.elements;
               for (std::size_t i = 0; r.ok() && i + 1 < e.size(); i += 2) {
                 out.emplace_back(e[i].str, e[i + 1].str);
               }
               done(reply_error(r), std::move(out));
             });
}

void TargetStore::confirm(const std::string& campaign, const std::string& attempt_id,
                          std::int64_t now_ms, int max_attempts, const std::string& window,
                          const std::string& window_reason,
                          std::function<void(std::error_code, Confirmation)> done) {
  run_fenced(
      confirm_,
      {key(campaign, "attempts"), key(campaign, "targets"), key(campaign, "dnc"), kGlobalDnc,
       key(campaign, "leases"), key(campaign, "never"), key(campaign, "log"), key(campaign, "due")},
      {attempt_id, instance_, std::to_string(now_ms), std::to_string(max_attempts), window,
       window_reason},
      [done = std::move(done)](RedisReply r) {
        Confirmation c;
        const auto& e = r.value.elements;
        if (r.ok() && e.size() == 2) {
          c.verdict = e[0].str;
          c.detail = e[1].str;
        } else if (r.ok()) {
          c.verdict = "error";
          c.detail = "unexpected reply from the confirm script";
        }
        done(reply_error(r), std::move(c));
      });
}

void TargetStore::inspect(const std::string& campaign, const std::string& number,
                          std::function<void(std::error_code, TargetState)> done) {
  inspect_.run({key(campaign, "targets"), key(campaign, "due"), key(campaign, "never"),
                key(campaign, "review"), key(campaign, "dnc"), kGlobalDnc},
               {number}, [number, done = std::move(done)](RedisReply r) {
                 TargetState s;
                 const auto& e = r.value.elements;
                 if (r.ok() && e.size() == 6) {
                   if (!e[0].str.empty()) s.target = StoredTarget::decode(number, e[0].str);
                   if (!e[1].str.empty()) {
                     // Scores are whole ms; Redis may print them in exponent form.
                     s.due_ms = static_cast<std::int64_t>(std::strtod(e[1].str.c_str(), nullptr));
                   }
                   s.never_reason = e[2].str;
                   s.review_note = e[3].str;
                   s.dnc_campaign = e[4].str == "1";
                   s.dnc_global = e[5].str == "1";
                 }
                 done(reply_error(r), std::move(s));
               });
}

void TargetStore::dnc_add(const std::string& campaign, const std::string& number,
                          ErrorCallback done) {
  redis_.command({"SADD", campaign.empty() ? kGlobalDnc : key(campaign, "dnc"), number},
                 [done = std::move(done)](RedisReply r) { done(r.error); });
}

void TargetStore::dnc_remove(const std::string& campaign, const std::string& number,
                             ErrorCallback done) {
  // Fenced (a removal makes a number callable again); additions are not: only ever safer.
  write_fenced({"SREM", campaign.empty() ? kGlobalDnc : key(campaign, "dnc"), number},
               [done = std::move(done)](RedisReply r) { done(r.error); });
}

void TargetStore::claim_external_id(const std::string& campaign, const std::string& external_id,
                                    const std::string& number,
                                    std::function<void(std::error_code, std::string)> done) {
  const std::string ids = key(campaign, "lead-ids");
  redis_.command({"HSETNX", ids, external_id, number},
                 [redis = &redis_, ids, external_id, done = std::move(done)](RedisReply r) mutable {
                   if (!r.ok()) return done(r.error, "");
                   if (r.value.integer == 1) return done({}, "");
                   redis->command({"HGET", ids, external_id},
                                  [done = std::move(done)](RedisReply first) {
                                    done(first.error, first.ok() ? first.value.str : "");
                                  });
                 });
}

void TargetStore::dnc_check(const std::string& campaign, const std::string& number,
                            std::function<void(std::error_code, bool)> done) {
  // The second command goes through the client answering the first: it is alive then.
  redis_.command(
      {"SMISMEMBER", kGlobalDnc, number},
      [redis = &redis_, campaign, number, done = std::move(done)](RedisReply global) mutable {
        if (!global.ok()) return done(global.error, false);
        if (!global.value.elements.empty() && global.value.elements[0].integer == 1) {
          return done({}, true);
        }
        redis->command({"SISMEMBER", key(campaign, "dnc"), number},
                       [done = std::move(done)](RedisReply r) {
                         done(r.error, r.ok() && r.value.integer == 1);
                       });
      });
}

void TargetStore::add_lead(const std::string& campaign, const StoredTarget& target, int priority,
                           std::int64_t now_ms, std::function<void(std::error_code, bool)> done) {
  // Leads sort before every ordinary target that is due: a day earlier per priority step.
  const std::int64_t score = now_ms - static_cast<std::int64_t>(priority) * 86400000LL;
  run_fenced(import_, {key(campaign, "targets"), key(campaign, "due"), key(campaign, "never")},
             {"commit", "", target.number, target.encode(), std::to_string(score)},
             [done = std::move(done)](RedisReply r) {
               const bool added =
                   r.ok() && !r.value.elements.empty() && r.value.elements[0].str.empty();
               done(r.error, added);
             });
}

void TargetStore::add_result(const std::string& campaign,
                             const std::map<std::string, std::string>& fields, ErrorCallback done) {
  auto call = fields.find("call");
  // Without a call id (never from the call centre) there is nothing to be idempotent by.
  std::vector<std::string> args{call != fields.end() ? instance_ + ":" + call->second : "",
                                campaign};
  for (const auto& [k, v] : fields) {
    args.push_back(k);
    args.push_back(v);
  }
  std::vector<std::string> keys{key(campaign, "results"), key(campaign, "results-stored")};
  if (auto number = fields.find("number"); number != fields.end() && !number->second.empty()) {
    keys.push_back(customer_history_key(number->second));
  }
  run_fenced(
      add_result_, keys, args, [done = std::move(done)](RedisReply r) { done(reply_error(r)); },
      true);
}

void TargetStore::customer_history(
    const std::string& number,
    std::function<void(std::error_code, std::vector<std::string>)> done) {
  redis_.command({"LRANGE", customer_history_key(number), "0", "19"},
                 [done = std::move(done)](RedisReply r) {
                   if (!r.ok()) return done(r.error, {});
                   std::vector<std::string> out;
                   for (const auto& e : r.value.elements) out.push_back(e.str);
                   done({}, std::move(out));
                 });
}

void TargetStore::results(
    const std::string& campaign,
    std::function<void(std::error_code, std::vector<std::map<std::string, std::string>>)> done) {
  redis_.command({"XRANGE", key(campaign, "results"), "-", "+"},
                 [done = std::move(done)](RedisReply r) {
                   std::vector<std::map<std::string, std::string>> out;
                   for (const auto& entry : r.value.elements) {
                     if (entry.elements.size() != 2) continue;
                     std::map<std::string, std::string> row{{"id", entry.elements[0].str}};
                     const auto& kv = entry.elements[1].elements;
                     for (std::size_t i = 0; i + 1 < kv.size(); i += 2)
                       row[kv[i].str] = kv[i + 1].str;
                     out.push_back(std::move(row));
                   }
                   done(r.error, std::move(out));
                 });
}

void TargetStore::penetration_step(
    const std::string& campaign, std::int64_t now_ms, const std::string& cursor,
    std::function<void(std::error_code, Penetration, std::string)> done) {
  penetration_.run({key(campaign, "targets"), key(campaign, "due"), key(campaign, "never"),
                    key(campaign, "review"), key(campaign, "dnc"), key(campaign, "leases")},
                   {std::to_string(now_ms), cursor, "2000"},
                   [done = std::move(done)](RedisReply r) {
                     Penetration p;
                     const auto& e = r.value.elements;
                     if (!r.ok() || e.size() < 8 || e.size() % 2 != 0) {
                       auto ec = reply_error(r);
                       return done(ec ? ec : make_error_code(RedisErrc::server_error), p, "0");
                     }
                     long long* counts[] = {&p.targets, &p.due_now,    &p.due_later, &p.never,
                                            &p.review,  &p.dnc_listed, &p.dialling};
                     for (int i = 0; i < 7; ++i)
                       *counts[i] = e[static_cast<std::size_t>(i)].integer;
                     for (std::size_t i = 8; i + 1 < e.size(); i += 2)
                       p.by_attempts[e[i].integer] += e[i + 1].integer;
                     done({}, std::move(p), e[7].str);
                   });
}

void TargetStore::count(const std::string& campaign, const char* what,
                        std::function<void(std::error_code, long long)> done) {
  const std::string k = key(campaign, what);
  const bool zset = std::string(what) == "due" || std::string(what) == "leases";
  redis_.command({zset ? "ZCARD" : "HLEN", k},
                 [done = std::move(done)](RedisReply r) { done(r.error, r.value.integer); });
}

}  // namespace blendd::queue
