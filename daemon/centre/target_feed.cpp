#include "daemon/centre/target_feed.hpp"

#include "log/log.hpp"

#include <limits>

#include "policy/outcome_planner.hpp"

namespace blendd::daemon {

TargetFeed::TargetFeed(queue::TargetStore& store,
                       const std::vector<config::CampaignConfig>& campaigns)
    : store_(store),
      zones_("/usr/share/zoneinfo", [](const std::string& zone, const std::string& reason) {
        log::warn("targets: time zone '{}' unusable: {}", zone, reason);
      }) {
  update_campaigns(campaigns);
}

void TargetFeed::update_campaigns(const std::vector<config::CampaignConfig>& campaigns) {
  rules_.clear();
  for (const auto& c : campaigns) {
    Rules r;
    r.window.weekdays = c.weekdays;
    r.window.start_minute = c.window_start_minute;
    r.window.end_minute = c.window_end_minute;
    r.retry.max_attempts = c.max_attempts;
    r.retry.after_machine = std::chrono::minutes(c.amd.retry_after_machine_min);
    r.retry.after_voicemail_left = std::chrono::hours(c.amd.retry_after_voicemail_h);
    rules_[c.id] = r;
  }
}

policy::CallingWindow TargetFeed::window(const std::string& campaign) const {
  auto it = rules_.find(campaign);
  return it == rules_.end() ? policy::CallingWindow{} : it->second.window;
}

void TargetFeed::claim(
    const std::string& campaign, int count, std::int64_t now_ms,
    std::function<void(std::error_code, std::vector<queue::ClaimedTarget>)> done) {
  store_.claim(campaign, count, now_ms, kLeaseMs, std::move(done));
}

void TargetFeed::claim_manual(
    const std::string& campaign, const std::string& number, const std::string& zone,
    const std::string& agent, std::int64_t now_ms,
    std::function<void(std::error_code, std::string, std::optional<queue::ClaimedTarget>)> done) {
  queue::StoredTarget t;
  t.number = number;
  t.zone = zone;
  t.import_tag = "manual:" + agent;  // who added it, where an import names its file and line
  store_.claim_manual(campaign, number, t.encode(), now_ms, kLeaseMs, std::move(done));
}

void TargetFeed::finish(const FinishedAttempt& a, std::int64_t now_ms,
                        std::function<void(std::error_code, const policy::OutcomePlan&)> done) {
  auto it = rules_.find(a.campaign);
  const Rules rules = it == rules_.end() ? Rules{} : it->second;
  policy::OutcomePlan plan;
  if (a.never_again) {
    plan.reason = a.never_reason;
  } else {
    plan = policy::plan_after_outcome(a.claimed.target.attempts, a.outcome, a.completed,
                                      a.callback_ms, rules.retry, rules.window,
                                      zones(a.claimed.target.zone), now_ms, false);
  }
  const std::string label =
      a.outcome_label.empty() ? std::string(policy::to_string(a.outcome)) : a.outcome_label;
  write({a.campaign,
         a.claimed.attempt_id,
         label,
         plan.next_ms,
         plan.reason,
         now_ms,
         a.agent,
         {a.amd, a.amd_ms}},
        [plan, done = std::move(done)](std::error_code ec) {
          if (done) done(ec, plan);
        });
}

void TargetFeed::write(OutcomeWrite w, std::function<void(std::error_code)> done) {
  store_.record_outcome(
      w.campaign, w.attempt_id, w.label, w.next_ms, w.reason, w.now_ms, w.agent,
      [unwritten = unwritten_, w, done = std::move(done)](std::error_code ec, bool) {
        if (ec) unwritten->push_back(w);  // kept: written again later
        if (done) done(ec);
      },
      w.amd);
}

void TargetFeed::retry_unwritten() {
  auto todo = std::move(*unwritten_);
  unwritten_->clear();
  for (auto& w : todo) write(std::move(w), nullptr);
}

void TargetFeed::confirm(
    const std::string& campaign, const queue::ClaimedTarget& claimed, std::int64_t now_ms,
    std::function<void(std::error_code, queue::TargetStore::Confirmation)> done) {
  auto it = rules_.find(campaign);
  const Rules rules = it == rules_.end() ? Rules{} : it->second;
  std::string window;
  std::string window_reason;
  const policy::TimePoint now{std::chrono::milliseconds(now_ms)};
  if (const auto& z = zones(claimed.target.zone); z.empty()) {
    window = "never";
    window_reason = "unknown time zone '" + claimed.target.zone + "'";
  } else if (auto open = policy::next_in_window(rules.window, z, now); !open) {
    window = "never";
    window_reason = "the campaign's calling window never opens";
  } else if (*open > now) {
    window = std::to_string(
        std::chrono::duration_cast<std::chrono::milliseconds>(open->time_since_epoch()).count());
  }
  // A manual dial is the agent's decision: the list's attempt cap is for the dialler.
  store_.confirm(campaign, claimed.attempt_id, now_ms,
                 claimed.manual ? 0 : rules.retry.max_attempts, window, window_reason,
                 std::move(done));
}

void TargetFeed::withdraw(const std::string& campaign, const queue::ClaimedTarget& claimed,
                          const std::string& reason, std::int64_t now_ms) {
  write({campaign, claimed.attempt_id, "withdrawn", std::nullopt, reason, now_ms, ""},
        [campaign](std::error_code ec) {
          if (ec) log::warn("targets: withdrawal in {} not stored yet: {}", campaign, ec.message());
        });
}

void TargetFeed::release(const std::string& campaign, const queue::ClaimedTarget& claimed,
                         std::int64_t now_ms) {
  write({campaign, claimed.attempt_id, "released", now_ms, "", now_ms, ""},
        [campaign](std::error_code ec) {
          if (ec) log::warn("targets: release in {} not stored yet: {}", campaign, ec.message());
        });
}

void TargetFeed::store_result(const std::string& campaign,
                              const std::map<std::string, std::string>& fields,
                              std::function<void(std::error_code)> done) {
  store_.add_result(campaign, fields, std::move(done));
}

void TargetFeed::store_late_result(const std::string& campaign, const std::string& number,
                                   const std::string& attempt, const std::string& note,
                                   const std::map<std::string, std::string>& fields,
                                   std::function<void(std::error_code, bool)> done) {
  store_.add_late_result(campaign, number, attempt, note, fields, std::move(done));
}

void TargetFeed::customer_history(
    const std::string& number,
    std::function<void(std::error_code, std::vector<std::string>)> done) {
  store_.customer_history(number, std::move(done));
}

void TargetFeed::add_dnc(const std::string& campaign, const std::string& number) {
  store_.dnc_add(campaign, number, [campaign, number](std::error_code ec) {
    if (ec) log::error("targets: DNC add of {} to {} failed: {}", number, campaign, ec.message());
  });
}

void TargetFeed::dnc_listed(const std::string& campaign, const std::string& number,
                            std::function<void(std::error_code, std::string)> done) {
  store_.dnc_check(
      "", number,
      [this, campaign, number, done = std::move(done)](std::error_code ec, bool global) mutable {
        if (ec || global) return done(ec, global ? "dnc_global" : "");
        store_.dnc_check(campaign, number,
                         [done = std::move(done)](std::error_code ec, bool listed) {
                           done(ec, listed ? "dnc_campaign" : "");
                         });
      });
}

void TargetFeed::reconcile_all(std::int64_t now_ms, std::function<void(bool, std::size_t)> done) {
  if (rules_.empty()) return done(true, 0);
  struct Progress {
    std::size_t remaining;
    std::size_t total = 0;
    bool ok = true;
  };
  auto progress = std::make_shared<Progress>(Progress{rules_.size()});
  for (const auto& [campaign, rules] : rules_) {
    store_.reconcile(campaign, std::numeric_limits<std::int64_t>::max() / 2, now_ms,
                     [progress, done, campaign = campaign](
                         std::error_code ec, std::vector<std::pair<std::string, std::string>> ids) {
                       if (ec) {
                         progress->ok = false;
                         log::warn("targets: reconciling {} failed: {}", campaign, ec.message());
                       }
                       progress->total += ids.size();
                       if (--progress->remaining == 0) done(progress->ok, progress->total);
                     });
  }
}

}  // namespace blendd::daemon
