#pragma once
// The daemon's view of campaign target lists: claims for the core, the outcome of every attempt
// planned into the target's next due time, released claims, and start-up reconciliation.
// Wraps queue::TargetStore and policy::plan_after_outcome with each campaign's rules and the
// time-zone database.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "config/blendd_config.hpp"
#include "config/zone_cache.hpp"
#include "daemon/centre/target_lists.hpp"
#include "policy/events.hpp"
#include "policy/target_eligibility.hpp"
#include "queue/target_store.hpp"

namespace blendd::daemon {

class TargetFeed final : public TargetLists {
 public:
  TargetFeed(queue::TargetStore& store, const std::vector<config::CampaignConfig>& campaigns);

  void update_campaigns(const std::vector<config::CampaignConfig>& campaigns) override;
  void claim_manual(
      const std::string& campaign, const std::string& number, const std::string& zone,
      const std::string& agent, std::int64_t now_ms,
      std::function<void(std::error_code, std::string, std::optional<queue::ClaimedTarget>)> done)
      override;
  void claim(const std::string& campaign, int count, std::int64_t now_ms,
             std::function<void(std::error_code, std::vector<queue::ClaimedTarget>)> done) override;
  void finish(const FinishedAttempt& attempt, std::int64_t now_ms,
              std::function<void(std::error_code, const policy::OutcomePlan&)> done) override;
  // Right before the INVITE: may this claimed target be dialled now? The calling window (its
  // zone, DST) is computed here, the rest (lease, DNC, attempt cap) is one atomic Redis step;
  // a refused target is settled by it (rescheduled or set aside, no attempt counted).
  void confirm(
      const std::string& campaign, const queue::ClaimedTarget& claimed, std::int64_t now_ms,
      std::function<void(std::error_code, queue::TargetStore::Confirmation)> done) override;
  // Claimed but never dialled: due again at once, the attempt not counted.
  void release(const std::string& campaign, const queue::ClaimedTarget& claimed,
               std::int64_t now_ms) override;
  void store_result(const std::string& campaign, const std::map<std::string, std::string>& fields,
                    std::function<void(std::error_code)> done) override;
  void store_late_result(const std::string& campaign, const std::string& number,
                         const std::string& attempt, const std::string& note,
                         const std::map<std::string, std::string>& fields,
                         std::function<void(std::error_code, bool)> done) override;
  void customer_history(
      const std::string& number,
      std::function<void(std::error_code, std::vector<std::string>)> done) override;
  void add_dnc(const std::string& campaign, const std::string& number) override;
  void dnc_listed(const std::string& campaign, const std::string& number,
                  std::function<void(std::error_code, std::string)> done) override;
  // A claimed target that must not be dialled (put on a DNC list since its claim): closed
  // without counting an attempt and set aside with the reason.
  void withdraw(const std::string& campaign, const queue::ClaimedTarget& claimed,
                const std::string& reason, std::int64_t now_ms) override;
  // After a restart every open attempt belongs to a dead process: all go to review.
  // `ok` is false when any campaign could not be reconciled (Redis not answering yet).
  void reconcile_all(std::int64_t now_ms,
                     std::function<void(bool ok, std::size_t reconciled)> done);

  // Outcome, release and withdrawal writes Redis did not take are kept and written again here
  // (the call centre calls it when Redis answers again); each is idempotent by attempt.
  void retry_unwritten() override;
  std::size_t unwritten() const { return unwritten_->size(); }

  // The zones a target's stored zone stands for: a tz name gives one, "country:CC" every
  // clock of the country (see config/country_zones.hpp); empty when unknown. Loaded once.
  const policy::CallingZones& zones(const std::string& name) { return zones_.zones(name); }
  policy::CallingWindow window(const std::string& campaign) const;

  // Attempts cover a whole call including talk time; they outlive it only if blendd dies.
  static constexpr std::int64_t kLeaseMs = 4 * 3600 * 1000;

 private:
  struct Rules {
    policy::CallingWindow window;
    policy::RetryRules retry;
  };
  struct OutcomeWrite {
    std::string campaign;
    std::string attempt_id;
    std::string label;
    std::optional<std::int64_t> next_ms;
    std::string reason;
    std::int64_t now_ms = 0;
    std::string agent;
    queue::AttemptAmd amd{};
  };
  void write(OutcomeWrite w, std::function<void(std::error_code)> done);

  queue::TargetStore& store_;
  std::shared_ptr<std::vector<OutcomeWrite>> unwritten_ =
      std::make_shared<std::vector<OutcomeWrite>>();
  std::map<std::string, Rules> rules_;
  config::ZoneCache zones_;
};

}  // namespace blendd::daemon
