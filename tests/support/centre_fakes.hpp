#pragma once
// Fakes of the call centre's four neighbours — the SIP side, the target lists, the desktops and
// the clock — for driving a real CallCentre on simulated time. Each records what it was asked
// and holds the replies until the test gives them (late, failed or never).
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "daemon/centre/call_centre.hpp"
#include "daemon/centre/target_lists.hpp"
#include "sip/call_control.hpp"

namespace blendd::test {

class FakeCallControl final : public sip::CallControl {
 public:
  void originate(sip::OriginateRequest request) override { originated.push_back(request); }
  void connect_agent(sip::CallId call, const std::string& uri) override {
    connected.emplace_back(call, uri);
  }
  void cancel_agent(sip::CallId call) override { cancelled.push_back(call); }
  void hang_up(sip::CallId call) override { hung_up.push_back(call); }
  void overflow_inbound(sip::CallId call, const std::string& uri) override {
    overflowed.emplace_back(call, uri);
  }
  void record(sip::CallId call) override { recorded.push_back(call); }
  void announce_and_hang_up(sip::CallId call, const std::string& file) override {
    announced.emplace_back(call, file);
  }
  void play_while_queued(sip::CallId call, const std::string& file) override {
    queue_messages.emplace_back(call, file);
  }
  void hold_customer(sip::CallId call, bool on, const std::string& file) override {
    holds.push_back({call, on, file});
  }
  void leave_voicemail(sip::CallId call, const std::string& file) override {
    voicemails.emplace_back(call, file);
  }
  void connect_browser(sip::CallId call) override { browsers.push_back(call); }
  void browser_answer(sip::CallId call, const std::string& sdp) override {
    browser_answers.emplace_back(call, sdp);
  }
  void browser_reoffer(sip::CallId call, const std::string& sdp) override {
    browser_reoffers.emplace_back(call, sdp);
  }
  void browser_hang_up(sip::CallId call) override { browser_hang_ups.push_back(call); }
  void refuse_phone_call(sip::CallId call, int status, const std::string& why) override {
    phone_refusals.push_back({call, status, why});
  }
  struct PhoneRefusal {
    sip::CallId call;
    int status;
    std::string why;
  };
  std::vector<PhoneRefusal> phone_refusals;
  void connect_number(sip::CallId call, const std::string& uri,
                      const std::string& from_uri) override {
    numbers.push_back({call, uri, from_uri});
  }
  void answer_transfer(sip::CallId call, int status, const std::string& why) override {
    transfer_answers.push_back({call, status, why});
  }
  struct NumberLeg {
    sip::CallId call;
    std::string uri, from_uri;
  };
  std::vector<NumberLeg> numbers;
  std::vector<PhoneRefusal> transfer_answers;  // the NOTIFY verdicts on phones' REFERs

  struct Hold {
    sip::CallId call;
    bool on;
    std::string file;
  };

  std::vector<sip::OriginateRequest> originated;
  std::vector<std::pair<sip::CallId, std::string>> connected;  // call → agent URI
  std::vector<sip::CallId> cancelled;
  std::vector<sip::CallId> hung_up;
  std::vector<std::pair<sip::CallId, std::string>> overflowed;
  std::vector<sip::CallId> recorded;
  std::vector<std::pair<sip::CallId, std::string>> announced;       // call → WAV file
  std::vector<std::pair<sip::CallId, std::string>> voicemails;      // call → WAV file
  std::vector<std::pair<sip::CallId, std::string>> queue_messages;  // call → WAV file
  std::vector<Hold> holds;
  std::vector<sip::CallId> browsers;  // connect_browser
  std::vector<std::pair<sip::CallId, std::string>> browser_answers;
  std::vector<std::pair<sip::CallId, std::string>> browser_reoffers;
  std::vector<sip::CallId> browser_hang_ups;
};

class FakeTargetLists final : public daemon::TargetLists {
 public:
  using ClaimDone = std::function<void(std::error_code, std::vector<queue::ClaimedTarget>)>;
  using ConfirmDone = std::function<void(std::error_code, queue::TargetStore::Confirmation)>;
  using Done = std::function<void(std::error_code)>;
  struct Claim {
    std::string campaign;
    int count = 0;
    ClaimDone done;
  };
  struct Confirm {
    std::string campaign;
    queue::ClaimedTarget claimed;
    ConfirmDone done;
  };
  struct Finish {
    daemon::FinishedAttempt attempt;
    std::function<void(std::error_code, const policy::OutcomePlan&)> done;
  };
  struct Result {
    std::string campaign;
    std::map<std::string, std::string> fields;
    Done done;
  };

  void update_campaigns(const std::vector<config::CampaignConfig>&) override {}
  void claim(const std::string& campaign, int count, std::int64_t, ClaimDone done) override {
    claims.push_back({campaign, count, std::move(done)});
  }
  using ManualDone =
      std::function<void(std::error_code, std::string, std::optional<queue::ClaimedTarget>)>;
  struct ManualClaim {
    std::string campaign, number, zone, agent;
    ManualDone done;
  };
  void claim_manual(const std::string& campaign, const std::string& number, const std::string& zone,
                    const std::string& agent, std::int64_t, ManualDone done) override {
    manual_claims.push_back({campaign, number, zone, agent, std::move(done)});
  }
  // Answers the oldest manual claim: claimed ("" refusal), or refused with `refusal`.
  void answer_manual(const std::string& refusal = "", std::error_code ec = {});
  std::deque<ManualClaim> manual_claims;
  void finish(const daemon::FinishedAttempt& attempt, std::int64_t,
              std::function<void(std::error_code, const policy::OutcomePlan&)> done) override {
    finished.push_back({attempt, std::move(done)});
  }
  void confirm(const std::string& campaign, const queue::ClaimedTarget& claimed, std::int64_t,
               ConfirmDone done) override {
    confirms.push_back({campaign, claimed, std::move(done)});
  }
  void release(const std::string&, const queue::ClaimedTarget& claimed, std::int64_t) override {
    released.push_back(claimed.target.number);
  }
  void store_result(const std::string& campaign, const std::map<std::string, std::string>& fields,
                    Done done) override {
    results.push_back({campaign, fields, std::move(done)});
  }
  void customer_history(
      const std::string& number,
      std::function<void(std::error_code, std::vector<std::string>)> done) override {
    histories.emplace_back(number, std::move(done));
  }
  // Answers the oldest history request with these entries.
  void answer_history(std::vector<std::string> entries) {
    if (histories.empty()) return;
    auto done = std::move(histories.front().second);
    histories.erase(histories.begin());
    done({}, std::move(entries));
  }
  std::vector<
      std::pair<std::string, std::function<void(std::error_code, std::vector<std::string>)>>>
      histories;
  void store_late_result(const std::string& campaign, const std::string& number,
                         const std::string& attempt, const std::string&,
                         const std::map<std::string, std::string>& fields,
                         std::function<void(std::error_code, bool)> done) override {
    late_results.push_back({campaign, number, attempt, fields});
    done({}, in_review.count(number) != 0);
  }
  struct LateResult {
    std::string campaign, number, attempt;
    std::map<std::string, std::string> fields;
  };
  std::vector<LateResult> late_results;
  std::set<std::string> in_review;  // numbers the fake store holds in review
  void add_dnc(const std::string& campaign, const std::string& number) override {
    dnc.emplace_back(campaign, number);
  }
  void dnc_listed(const std::string& campaign, const std::string& number,
                  std::function<void(std::error_code, std::string)> done) override {
    const bool global = listed_dnc.count({"", number}) != 0;
    done({}, global                                      ? "dnc_global"
             : listed_dnc.count({campaign, number}) != 0 ? "dnc_campaign"
                                                         : "");
  }
  std::set<std::pair<std::string, std::string>> listed_dnc;  // (campaign or "", number)
  void withdraw(const std::string&, const queue::ClaimedTarget& claimed, const std::string&,
                std::int64_t) override {
    withdrawn.push_back(claimed.target.number);
  }
  void retry_unwritten() override { ++retries; }

  // The oldest pending claim answered with these numbers (each a fresh attempt id).
  void answer_claim(const std::vector<std::string>& numbers);
  void fail_claim();
  void answer_confirm(const std::string& verdict = "ok");
  void answer_result(std::error_code ec = {});

  std::deque<Claim> claims;
  std::deque<Confirm> confirms;
  std::vector<Finish> finished;
  std::deque<Result> results;
  std::vector<std::string> released;
  std::vector<std::string> withdrawn;
  std::vector<std::pair<std::string, std::string>> dnc;
  int retries = 0;

 private:
  int attempts_ = 0;
};

class FakeDesktops final : public daemon::DesktopSink {
 public:
  void send(const std::string& agent, const std::string& message) override {
    sent.emplace_back(agent, message);
  }
  // The messages of `type` the agent received, oldest first.
  std::vector<std::string> of(const std::string& agent, const std::string& type) const;

  std::vector<std::pair<std::string, std::string>> sent;
};

// Simulated time: the centre's clock reads `now`, and its wake-up requests are kept; advance()
// moves time forward, ticking the centre at each wake-up it asked for on the way.
class SimClock {
 public:
  explicit SimClock(policy::TimePoint start) : now_(start) {}
  daemon::CallCentreClock clock();
  void advance(policy::Duration by, daemon::CallCentre& centre);
  policy::TimePoint now() const { return now_; }

 private:
  policy::TimePoint now_;
  std::optional<policy::TimePoint> wake_;
};

// An agent's state in the centre's core ("?" for an unknown agent).
std::string agent_state(const daemon::CallCentre& centre, const std::string& agent);

// A call centre on `yaml` wired to the fakes; null (each config error reported as a test
// failure) when the configuration does not load.
std::unique_ptr<daemon::CallCentre> centre_on_fakes(const std::string& yaml, FakeCallControl& sip,
                                                    FakeTargetLists& targets, FakeDesktops& desks,
                                                    SimClock& clock, std::uint64_t seed = 7);

}  // namespace blendd::test
