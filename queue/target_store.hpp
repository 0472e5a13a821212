#pragma once
// The auto-dial queue (the design card's name for it): each campaign's targets in Redis, the
// order they are due in, and import batches, atomic claims with a durable attempt record written
// before the INVITE, outcomes, reconciliation after a crash, DNC, leads and results.
// Every call is asynchronous on the RedisClient's io_context and costs one round trip.
// Key layout (hash tag per campaign for Redis Cluster) is in docs/store.md.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "queue/redis_client.hpp"
#include "queue/replica_wait.hpp"
#include "queue/script_runner.hpp"

namespace blendd::queue {

struct StoredTarget {
  std::string number;  // E.164; also the target's id within its campaign
  int attempts = 0;
  std::string last_outcome;
  std::int64_t last_ms = 0;
  std::string import_tag;  // "<import id>:<line>"
  std::string name;
  std::string zone;
  std::string product;
  std::string custom_json;

  std::string encode() const;
  static std::optional<StoredTarget> decode(const std::string& number, const std::string& record);
};

struct ClaimedTarget {
  std::string attempt_id;
  StoredTarget target;
  bool manual = false;  // an agent dialled it by hand: the attempt cap does not apply
};

struct ImportItem {
  std::string number;
  std::string record;
  std::string schedule;  // score in ms, or "!reason" when it can never be dialled
};

// An attempt's answering-machine detection: its verdict ("machine/long_greeting"; "" if the
// call was not analysed) and how long after the answer it came.
struct AttemptAmd {
  std::string verdict;
  int ms = -1;
};

class TargetStore {
 public:
  TargetStore(RedisClient& redis, std::string instance);

  static std::string key(const std::string& campaign, const char* what);
  // This process's name on its attempts ("host:pid:start-ms"); also its node name for the lease.
  const std::string& instance() const { return instance_; }
  // With replicas: claims, outcomes and results are reported done only after a WAIT
  // (lua scripts' writes on the master reach `replicas` replicas, or the wait is counted short).
  void confirm_writes_with(std::shared_ptr<ReplicaWait> wait) { wait_ = std::move(wait); }
  const ReplicaWait* replica_wait() const { return wait_.get(); }
  static constexpr const char* kGlobalDnc = "dnc:global";

  using ErrorCallback = std::function<void(std::error_code)>;

  // commit=false checks only (duplicates within the file via `scratch`); returns per item ""
  // or the import tag of the record it duplicates.
  void import_batch(const std::string& campaign, bool commit, const std::string& scratch,
                    const std::vector<ImportItem>& items,
                    std::function<void(std::error_code, std::vector<std::string>)> done);
  void claim(const std::string& campaign, int max_count, std::int64_t now_ms, std::int64_t lease_ms,
             std::function<void(std::error_code, std::vector<ClaimedTarget>)> done);
  // An agent's manual dial of `number` (lua::kManualClaim): `record` stores it when the list
  // lacks it. `refusal` is "" (claimed) or dnc_global, dnc_campaign, in_progress.
  void claim_manual(
      const std::string& campaign, const std::string& number, const std::string& record,
      std::int64_t now_ms, std::int64_t lease_ms,
      std::function<void(std::error_code, std::string refusal, std::optional<ClaimedTarget>)> done);
  // next_ms empty = never again (never_reason says why). known=false: attempt already finished.
  // `amd`: the attempt's AMD verdict and decision time, for its log entry.
  void record_outcome(const std::string& campaign, const std::string& attempt_id,
                      const std::string& outcome, std::optional<std::int64_t> next_ms,
                      const std::string& never_reason, std::int64_t now_ms,
                      const std::string& agent,
                      std::function<void(std::error_code, bool known)> done,
                      const AttemptAmd& amd = {});
  // Attempts of other processes whose lease ran out by `cutoff_ms`: their targets go to review,
  // never redialled automatically; `now_ms` is what the attempt log records.
  void reconcile(
      const std::string& campaign, std::int64_t cutoff_ms, std::int64_t now_ms,
      std::function<void(std::error_code, std::vector<std::pair<std::string, std::string>>)> done);

  // The last word right before the INVITE (one round trip, atomic): see lua::kConfirm.
  // `window` is "" when the target's calling window is open now, else the score it opens at,
  // or "never" with `window_reason`.
  struct Confirmation {
    std::string verdict;  // "ok", dnc_global, dnc_campaign, exhausted, outside_window,
                          // lease_lost, gone
    std::string detail;
    bool ok() const { return verdict == "ok"; }
  };
  void confirm(const std::string& campaign, const std::string& attempt_id, std::int64_t now_ms,
               int max_attempts, const std::string& window, const std::string& window_reason,
               std::function<void(std::error_code, Confirmation)> done);

  // Everything the store knows of one target, read atomically (see lua::kInspect).
  struct TargetState {
    std::optional<StoredTarget> target;  // nullopt: not in this campaign
    std::optional<std::int64_t> due_ms;  // scheduled; nullopt: claimed, in review or never
    std::string never_reason;
    std::string review_note;
    bool dnc_campaign = false;
    bool dnc_global = false;
  };
  void inspect(const std::string& campaign, const std::string& number,
               std::function<void(std::error_code, TargetState)> done);

  // campaign empty = the global list.
  void dnc_add(const std::string& campaign, const std::string& number, ErrorCallback done);
  void dnc_remove(const std::string& campaign, const std::string& number, ErrorCallback done);
  void dnc_check(const std::string& campaign, const std::string& number,
                 std::function<void(std::error_code, bool)> done);

  // A lead's external id (the web form's or SMS gateway's own): "" the first time (the id is
  // kept with `number`), else the number it came with first — a retry adds nothing.
  void claim_external_id(const std::string& campaign, const std::string& external_id,
                         const std::string& number,
                         std::function<void(std::error_code, std::string first_number)> done);

  // A pre-registered lead: dialled before ordinary targets (higher priority, earlier score).
  void add_lead(const std::string& campaign, const StoredTarget& target, int priority,
                std::int64_t now_ms, std::function<void(std::error_code, bool added)> done);

  // Stored once per (this instance, fields["call"]): a retry after a lost reply adds nothing.
  void add_result(const std::string& campaign, const std::map<std::string, std::string>& fields,
                  ErrorCallback done);
  // The customer's newest 20 results at this centre, newest first (JSON objects: list, at_ms,
  // agent, disposition, product, direction), from every campaign and inbound group.
  static std::string customer_history_key(const std::string& number) { return "cust:" + number; }
  void customer_history(const std::string& number,
                        std::function<void(std::error_code, std::vector<std::string>)> done);
  void results(
      const std::string& campaign,
      std::function<void(std::error_code, std::vector<std::map<std::string, std::string>>)> done);
  // A campaign list's penetration (lua::kPenetration): the counts, and one step of the count of
  // targets by attempts made; `next` is "0" once every target has been counted.
  struct Penetration {
    long long targets = 0, due_now = 0, due_later = 0, never = 0, review = 0, dnc_listed = 0,
              dialling = 0;
    std::map<long long, long long> by_attempts;
  };
  void penetration_step(const std::string& campaign, std::int64_t now_ms, const std::string& cursor,
                        std::function<void(std::error_code, Penetration, std::string next)> done);
  void count(const std::string& campaign, const char* what,
             std::function<void(std::error_code, long long)> done);

  // Every script that changes the store carries this node's lease epoch and is refused
  // (RedisErrc::fenced) unless `lease_key` holds it; epoch 0 (the default): not fenced.
  // A result for an attempt of a node that failed (its attempt is in review here): stored once,
  // noted in the review entry. `known` false: the number is not in review (nothing stored).
  void add_late_result(const std::string& campaign, const std::string& number,
                       const std::string& attempt_id, const std::string& note,
                       const std::map<std::string, std::string>& fields,
                       std::function<void(std::error_code, bool known)> done);
  void fence_with(std::string lease_key, std::uint64_t epoch);
  // A plain write (argv: command and arguments), fenced like the scripts: refused with
  // RedisErrc::fenced once this node's epoch no longer holds the lease.
  void write_fenced(std::vector<std::string> argv, RedisCallback done);
  // Several plain writes at once, fenced together (all or none); with `once_key`, applied at
  // most once (the key marks it for an hour: retries come long before).
  void write_fenced_batch(const std::vector<std::vector<std::string>>& commands,
                          const std::string& once_key, RedisCallback done);
  std::uint64_t fenced_refusals() const { return *refusals_; }

 private:
  void run_fenced(ScriptRunner& script, std::vector<std::string> keys,
                  std::vector<std::string> args, RedisCallback done, bool durable = false);
  RedisClient& redis_;
  std::string instance_;
  ScriptRunner import_;
  ScriptRunner claim_;
  ScriptRunner manual_claim_;
  ScriptRunner outcome_;
  ScriptRunner reconcile_;
  ScriptRunner confirm_;
  ScriptRunner inspect_;
  ScriptRunner penetration_;
  ScriptRunner undo_claim_;
  ScriptRunner add_result_;
  ScriptRunner fenced_command_;
  ScriptRunner fenced_batch_;
  ScriptRunner late_result_;
  struct UndoClaim {
    std::string campaign;
    std::string token;
  };
  // Claims that got no answer, to be undone; shared with the replies still in flight.
  std::shared_ptr<std::vector<UndoClaim>> undo_ = std::make_shared<std::vector<UndoClaim>>();
  std::uint64_t claims_ = 0;
  void undo_pending(std::int64_t now_ms);
  std::string fence_key_ = "lease:centre";
  std::uint64_t epoch_ = 0;
  std::shared_ptr<ReplicaWait> wait_;  // durable writes wait for replicas when set
  std::shared_ptr<std::uint64_t> refusals_ = std::make_shared<std::uint64_t>(0);
};

}  // namespace blendd::queue
