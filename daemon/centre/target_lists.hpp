#pragma once
// What the call centre needs of the campaigns' target lists: claims, the confirm before each
// INVITE, outcomes, releases, withdrawals, results and DNC entries. TargetFeed does it over
// Redis; the call centre's unit test fakes it. Replies may come late or fail: every `done`
// says so with an error code.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "config/blendd_config.hpp"
#include "policy/events.hpp"
#include "policy/outcome_planner.hpp"
#include "queue/target_store.hpp"

namespace blendd::daemon {

struct FinishedAttempt {
  std::string campaign;
  queue::ClaimedTarget claimed;
  policy::DialOutcome outcome = policy::DialOutcome::unknown;
  bool completed = false;                   // reached and dispositioned
  std::optional<std::int64_t> callback_ms;  // the customer asked to be called back then
  bool never_again = false;                 // wrong number, do-not-call
  std::string never_reason;
  std::string agent;
  std::string outcome_label;  // what the results show (disposition), default the outcome
  std::string amd;            // AMD's verdict ("machine/long_greeting"); "" if not analysed
  int amd_ms = -1;            // and how long after the answer it came
};

class TargetLists {
 public:
  virtual ~TargetLists() = default;

  virtual void update_campaigns(const std::vector<config::CampaignConfig>& campaigns) = 0;
  virtual void claim(
      const std::string& campaign, int count, std::int64_t now_ms,
      std::function<void(std::error_code, std::vector<queue::ClaimedTarget>)> done) = 0;
  // An agent's manual dial of an E.164 number (added to the campaign's list, in `zone`, when it
  // is not in it): `refusal` "" and the claim, or why not (dnc_global, dnc_campaign,
  // in_progress).
  virtual void claim_manual(
      const std::string& campaign, const std::string& number, const std::string& zone,
      const std::string& agent, std::int64_t now_ms,
      std::function<void(std::error_code, std::string refusal, std::optional<queue::ClaimedTarget>)>
          done) = 0;
  // Stores the attempt's outcome with the target's next attempt (or never), planned from the
  // campaign's retry rules and window; `done` tells the plan stored.
  virtual void finish(const FinishedAttempt& attempt, std::int64_t now_ms,
                      std::function<void(std::error_code, const policy::OutcomePlan&)> done) = 0;
  // Right before the INVITE: may this claimed target be dialled now? A refused target is
  // settled by the store (rescheduled or set aside, no attempt counted).
  virtual void confirm(
      const std::string& campaign, const queue::ClaimedTarget& claimed, std::int64_t now_ms,
      std::function<void(std::error_code, queue::TargetStore::Confirmation)> done) = 0;
  // Claimed but never dialled: due again at once, the attempt not counted.
  virtual void release(const std::string& campaign, const queue::ClaimedTarget& claimed,
                       std::int64_t now_ms) = 0;
  virtual void store_result(const std::string& campaign,
                            const std::map<std::string, std::string>& fields,
                            std::function<void(std::error_code)> done) = 0;
  // A result for an attempt a failed node left (in review in the store): stored once.
  // known=false: the store holds no such attempt in review (nothing stored).
  virtual void store_late_result(const std::string& campaign, const std::string& number,
                                 const std::string& attempt, const std::string& note,
                                 const std::map<std::string, std::string>& fields,
                                 std::function<void(std::error_code, bool known)> done) = 0;
  virtual void add_dnc(const std::string& campaign, const std::string& number) = 0;
  // Whether `number` is on the global or `campaign`'s DNC list: `listed` is "" or dnc_global,
  // dnc_campaign (a transfer to a number checks it like a dial).
  virtual void dnc_listed(const std::string& campaign, const std::string& number,
                          std::function<void(std::error_code, std::string listed)> done) = 0;
  // The customer's newest results at this centre (JSON objects), newest first.
  virtual void customer_history(
      const std::string& number,
      std::function<void(std::error_code, std::vector<std::string>)> done) = 0;
  // A claimed target that must not be dialled (put on a DNC list since its claim): closed
  // without counting an attempt and set aside with the reason.
  virtual void withdraw(const std::string& campaign, const queue::ClaimedTarget& claimed,
                        const std::string& reason, std::int64_t now_ms) = 0;
  // Writes the store did not take are written again (called when it answers again).
  virtual void retry_unwritten() = 0;
};

}  // namespace blendd::daemon
