#pragma once
#include <string>
// The Lua scripts that make target handling atomic in Redis. Every key a script touches carries
// the campaign's hash tag {c:<id>}, except the global DNC set (see docs/store.md).
namespace blendd::queue::lua {

// Put before every script that changes the store: its last key is the lease hash and its last
// argument the caller's epoch; with an epoch other than "0" the script refuses (error FENCED)
// unless the lease holds that epoch — a node that lost its lease cannot claim, record or
// release anything, even if it wakes up from a pause mid-call. "0": no fencing (one node).
std::string fenced(const char* script);

// KEYS: targets, due, never. ARGV: [1] mode ("commit" | "check"), [2] check-scratch key suffix
// unused in commit mode, then triples (number, record, schedule) where schedule is a score or
// "!reason" for a target that can never be dialled.
// Returns per triple "" (stored/new) or the import tag of the existing record (duplicate).
extern const char* const kImport;

// KEYS: due, targets, leases, dnc_campaign, dnc_global, attempts, never.
// ARGV: now_ms, max_count, lease_ms, instance, claim token.
// Returns flat triples (attempt_id, number, record). DNC targets are moved to `never`.
// Attempt records are "number \x1f instance \x1f started_ms [\x1f claim token]".
extern const char* const kClaim;

// KEYS: targets, due, leases, dnc_campaign, dnc_global, attempts.
// ARGV: number, now_ms, lease_ms, instance, the record of a new target.
// An agent's manual dial: the number (added to the list when it is not in it) is claimed at once
// unless it is on a DNC list or another attempt of it is open. Returns {"ok", attempt_id,
// record} or {refusal}: dnc_global, dnc_campaign, in_progress.
extern const char* const kManualClaim;

// KEYS: attempts, leases, due. ARGV: claim token, now_ms.
// A claim whose reply never came (timeout) may still have run: its attempts are undone (due
// again now, not counted). Returns how many. Open attempts are few (a process's lines).
extern const char* const kUndoClaim;

// KEYS: targets, due, leases, attempts, log, never.
// ARGV: attempt_id, outcome, next_score ("" = never), never_reason, now_ms, agent.
// Returns 1, or 0 when the attempt is unknown (already finished: idempotent).
extern const char* const kOutcome;

// KEYS: leases, attempts, review, log. ARGV: lease cutoff score, now_ms, own instance.
// Attempts whose lease expired by the cutoff and that another process opened (their blendd
// died): target moved to review, never redialled. Returns flat pairs (attempt_id, number).
extern const char* const kReconcile;

// KEYS: results stream, stored-results set, and (optional) the customer's history list
// `cust:<number>`. ARGV: the result's key (instance:call), the list's name (campaign or
// inbound-<group>), then field, value pairs. Stores a result once: a retry after a lost reply
// changes nothing. The history keeps the newest 20 results (JSON: list, at_ms, agent,
// disposition, product, direction). Returns 1 when stored now, 0 when it already was.
extern const char* const kAddResult;
// KEYS: review, results stream, stored-results set. ARGV: number, the result's key
// ("attempt:<id>"), a note, then field, value pairs. A result registered after a failover for an
// attempt the store holds in review: stored once (1; 0 when it already was), the review note
// says so; -1 when the number is not in review (nothing stored).
extern const char* const kLateResult;
// KEYS: none (the fence's lease key is added). ARGV: a plain write command and its arguments
// (SADD, HSET, XADD, ZINCRBY, SET ...), run only while the fence holds — so what a node woken
// from a pause still had queued (state, audit, points, DNC) cannot overwrite the new active's.
extern const char* const kFencedCommand;
// KEYS: none (the fence's key is added). ARGV: [1] a key that marks the batch applied ("" =
// none), then commands one after another, each as its argument count then the command and its
// arguments. All of them or (fenced) none, in one round trip; with a mark, at most once (a retry
// after a reply that never came changes nothing: returns 0) — what the history adds up.
extern const char* const kFencedBatch;
// KEYS: hashes. Returns each one's HGETALL packed in one string "f v f v ..." (empty for a
// missing key), in order: a report's intervals in one round trip, as strings, not 250,000 replies.
extern const char* const kReadHashes;

// KEYS: targets, due, never, review, dnc_campaign, dnc_global. ARGV: number.
// Returns {record, due score, never reason, review note, on campaign DNC, on global DNC}
// ("" / "0" when absent): one consistent reading of a target for "why not dialled".
extern const char* const kInspect;

// KEYS: targets, due, never, review, dnc_campaign, leases. ARGV: now_ms, cursor, count.
// Returns {targets, due now, due later, never, in review, on the campaign's DNC list, dialling,
// next cursor, attempts, targets, attempts, targets, …}: the list's penetration, with how many
// attempts the targets of one HSCAN step (from `cursor`) had — a read in steps, never a scan
// of a million records in one script.
extern const char* const kPenetration;

// KEYS: attempts, targets, dnc_campaign, dnc_global, leases, never, log, due.
// ARGV: attempt_id, instance, now_ms, max_attempts (0 = no cap), window ("" = open now, a score
// = closed until then, "never" = no window ever), the reason when "never".
// Right before the INVITE: the attempt is still this process's, the number is on no DNC list,
// attempts are under the cap, the window is open. Returns {verdict, detail}: "ok", or why not
// (the attempt is then closed without counting, the target rescheduled or set aside).
extern const char* const kConfirm;

}  // namespace blendd::queue::lua
