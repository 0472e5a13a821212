// Campaign targets in a real redis-server: import, DNC, claims, outcomes, reconciliation, leads.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "config/country_zones.hpp"
#include "config/zone_cache.hpp"
#include "config/zoneinfo.hpp"
#include "daemon/centre/import_options.hpp"
#include "daemon/centre/target_feed.hpp"
#include "policy/outcome_planner.hpp"
#include "queue/import/target_importer.hpp"
#include "queue/results_export.hpp"
#include "tests/support/redis_server_process.hpp"
#include "tests/support/sanitizer.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

std::int64_t ms(int y, int mo, int d, int h, int mi = 0) {
  return (policy::days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60) * 1000LL;
}

class TargetStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    client_ = make_client();
    store_ = std::make_unique<queue::TargetStore>(*client_, "test-a");
  }

  std::unique_ptr<queue::RedisClient> make_client() {
    queue::RedisClient::Options o;
    std::string reason;
    queue::parse_redis_url(server_.url(), o.endpoint, reason);
    o.command_timeout = 5s;
    auto c = std::make_unique<queue::RedisClient>(io_, o);
    c->start();
    run_until([&] { return c->connected(); });
    return c;
  }

  // A liveness bound, not a timing check: generous enough for ASan with another test beside it.
  template <class Pred>
  void run_until(Pred pred, std::chrono::seconds limit = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!pred() && std::chrono::steady_clock::now() < deadline) {
      io_.run_for(2ms);
      if (io_.stopped()) io_.restart();
    }
    ASSERT_TRUE(pred());
  }

  queue::ImportReport import(const std::string& csv, bool strict = false,
                             const std::string& id = "imp1",
                             std::int64_t now_ms = ms(2026, 6, 10, 10),
                             std::function<void(queue::ImportOptions&)> adjust = {}) {
    queue::ImportOptions o;
    o.campaign = "spring";
    o.import_id = id;
    o.default_country = "49";
    o.default_zone = "Europe/Berlin";
    o.strict = strict;
    o.now_ms = now_ms;
    o.window = {0x7f, 9 * 60, 20 * 60};
    o.zone_lookup = [this](const std::string& name) -> const policy::CallingZones& {
      return zones_.zones(name);
    };
    if (adjust) adjust(o);
    std::optional<queue::ImportReport> report;
    auto importer = std::make_shared<queue::TargetImporter>(
        *store_, o, [csv] { return std::make_unique<std::istringstream>(csv); });
    importer->start([&](const queue::ImportReport& r) { report = r; });
    run_until([&] { return report.has_value(); });
    return *report;
  }

  std::vector<queue::ClaimedTarget> claim(int n, std::int64_t now_ms,
                                          queue::TargetStore* store = nullptr,
                                          std::int64_t lease_ms = 60000) {
    std::optional<std::vector<queue::ClaimedTarget>> out;
    (store ? store : store_.get())
        ->claim("spring", n, now_ms, lease_ms, [&](std::error_code ec, auto t) {
          EXPECT_FALSE(ec) << ec.message();
          out = std::move(t);
        });
    run_until([&] { return out.has_value(); });
    return *out;
  }

  long long count(const char* what) {
    std::optional<long long> n;
    store_->count("spring", what, [&](std::error_code, long long v) { n = v; });
    run_until([&] { return n.has_value(); });
    return *n;
  }

  queue::RedisValue call(std::vector<std::string> argv) {
    std::optional<queue::RedisReply> r;
    client_->command(std::move(argv), [&](queue::RedisReply x) { r = std::move(x); });
    run_until([&] { return r.has_value(); });
    return r->value;
  }

  test::RedisServerProcess server_;
  boost::asio::io_context io_;
  std::unique_ptr<queue::RedisClient> client_;
  std::unique_ptr<queue::TargetStore> store_;
  config::ZoneCache zones_;
};

const char* kCsv =
    "number,name,timezone,product,segment\n"
    "030 1234567,Anna Schmidt,,data-pack,gold\n"
    "+44 20 7946 0958,\"Smith, John\",Europe/London,family-plan,silver\n"
    "0049 89 12345678,Jörg,Europe/Berlin,data-pack,\"multi\nline\"\n";

}  // namespace

TEST_F(TargetStoreTest, ImportNormalisesNumbersAndKeepsCustomFields) {
  auto r = import(kCsv);
  EXPECT_EQ(r.summary(),
            "3 rows: 3 imported, 0 bad, 0 duplicate in the file, 0 already in the campaign, 0 "
            "never dialable");
  EXPECT_TRUE(r.committed);
  EXPECT_EQ(count("targets"), 3);
  EXPECT_EQ(count("due"), 3);
  auto rec = call({"HGET", "{c:spring}:targets", "+442079460958"});
  auto t = queue::StoredTarget::decode("+442079460958", rec.str);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->name, "Smith, John");
  EXPECT_EQ(t->zone, "Europe/London");
  EXPECT_EQ(t->product, "family-plan");
  EXPECT_EQ(t->custom_json, R"({"segment":"silver"})");
  EXPECT_EQ(t->import_tag, "imp1:3");
  EXPECT_FALSE(call({"HGET", "{c:spring}:targets", "+49301234567"}).is_nil());
  EXPECT_FALSE(call({"HGET", "{c:spring}:targets", "+498912345678"}).is_nil());
}

TEST_F(TargetStoreTest, BadRowsAreReportedWithLineAndReasonAndGoodRowsStored) {
  auto r = import(
      "number,name\n"
      "030 1234567,ok\n"
      "12ab34,letters\n"
      "030 1234568\n"
      "+1 555,short\n"
      "\"030 1234569,unclosed\n");
  EXPECT_EQ(r.imported, 1u);
  EXPECT_EQ(r.bad, 4u);
  ASSERT_EQ(r.problems.size(), 4u);
  EXPECT_EQ(r.problems[0].line, 3);
  EXPECT_EQ(r.problems[0].reason, "number '12ab34': unexpected character 'a'");
  EXPECT_EQ(r.problems[1].line, 4);
  EXPECT_EQ(r.problems[1].reason, "has 1 fields, the header has 2");
  EXPECT_EQ(r.problems[2].line, 5);
  EXPECT_EQ(r.problems[2].reason, "number '+1 555': too short for a number of US");
  EXPECT_EQ(r.problems[3].line, 6);
  EXPECT_EQ(r.problems[3].reason, "quoted field not closed before the end of the file");
}

TEST_F(TargetStoreTest, DuplicatesInTheFileAndInTheCampaignAreReported) {
  auto r = import("number\n030 1234567\n+49 30 1234567\n");
  EXPECT_EQ(r.imported, 1u);
  EXPECT_EQ(r.duplicates_in_file, 1u);
  EXPECT_EQ(r.problems[0].reason, "duplicate of line 2 (+49301234567)");
  auto again = import("number\n0301234567\n030 7654321\n", false, "imp2");
  EXPECT_EQ(again.imported, 1u);
  EXPECT_EQ(again.duplicates_in_campaign, 1u);
  EXPECT_EQ(again.problems[0].line, 2);
  EXPECT_EQ(again.problems[0].reason, "+49301234567 is already in the campaign");
}

TEST_F(TargetStoreTest, StrictModeCommitsNothingOnAnyProblemAndEverythingOtherwise) {
  auto bad = import("number\n030 1234567\nnot-a-number\n030 2222222\n", true);
  EXPECT_FALSE(bad.committed);
  EXPECT_EQ(bad.bad, 1u);
  EXPECT_EQ(count("targets"), 0);
  auto dup = import("number\n030 1234567\n030 1234567\n", true, "imp2");
  EXPECT_FALSE(dup.committed);
  EXPECT_EQ(dup.duplicates_in_file, 1u);
  EXPECT_EQ(count("targets"), 0);
  auto good = import("number\n030 1234567\n030 2222222\n", true, "imp3");
  EXPECT_TRUE(good.committed);
  EXPECT_EQ(good.imported, 2u);
  EXPECT_EQ(count("targets"), 2);
}

TEST_F(TargetStoreTest, UnknownTimeZoneIsStoredAndReportedNeverDialled) {
  auto r = import("number,timezone\n030 1234567,Mars/Olympus\n");
  EXPECT_EQ(r.never_dialable, 1u);
  EXPECT_EQ(r.problems[0].reason,
            "stored but never dialable: time zone unknown: calling hours cannot be checked");
  EXPECT_EQ(count("due"), 0);
  EXPECT_EQ(count("never"), 1);
}

TEST_F(TargetStoreTest, RowsWithoutAZoneAreCalledInTheirCountrysAndBlockedTypesRefused) {
  auto r = import("number\n+33123456789\n+12025550123\n030 1234567\n+499001234567\n+49900123456\n",
                  false, "imp1", ms(2026, 6, 10, 10), [](queue::ImportOptions& o) {
                    o.zone_for_region = [](const std::string& region) {
                      return config::zone_for_region(region, "Europe/Berlin");
                    };
                    o.number_refusal = [](const std::string&, const std::string& type) {
                      return type == "premium_rate"
                                 ? std::string("blocked number type premium_rate")
                                 : std::string();
                    };
                  });
  auto zone_of = [&](const std::string& number) {
    auto t = queue::StoredTarget::decode(number, call({"HGET", "{c:spring}:targets", number}).str);
    return t ? t->zone : std::string("(none)");
  };
  EXPECT_EQ(zone_of("+33123456789"), "Europe/Paris");
  EXPECT_EQ(zone_of("+49301234567"), "Europe/Berlin");
  // The US keeps several clocks: the row stands for all of them and is due when the window is
  // open in every one — at 09:00 in Honolulu (19:00 UTC), not at 09:00 in Washington, D.C.
  EXPECT_EQ(zone_of("+12025550123"), "country:US");
  EXPECT_EQ(call({"ZSCORE", "{c:spring}:due", "+12025550123"}).str,
            std::to_string(ms(2026, 6, 10, 19)));
  EXPECT_EQ(r.imported, 3u);
  EXPECT_EQ(r.bad, 2u);
  auto problem_at = [&r](int line) {
    for (const auto& p : r.problems)
      if (p.line == line) return p.reason;
    return std::string("(none)");
  };
  EXPECT_NE(problem_at(5).find("blocked number type premium_rate"), std::string::npos)
      << problem_at(5);
  // Too short for a German premium number: no number at all.
  EXPECT_NE(problem_at(6).find("DE"), std::string::npos) << problem_at(6);
}

TEST_F(TargetStoreTest, ClaimWritesTheAttemptRecordAndLease) {
  import(kCsv);
  auto claimed = claim(2, ms(2026, 6, 10, 10));
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_EQ(count("due"), 1);
  EXPECT_EQ(count("leases"), 2);
  auto attempt = call({"HGET", "{c:spring}:attempts", claimed[0].attempt_id});
  EXPECT_EQ(attempt.str.substr(0, claimed[0].target.number.size()), claimed[0].target.number);
  EXPECT_NE(attempt.str.find("test-a"), std::string::npos);
}

TEST_F(TargetStoreTest, AFencedNodeCanNeitherClaimNorRecordNorStore) {
  import(kCsv);
  auto claimed = claim(1, ms(2026, 6, 10, 10));  // epoch 0: no fencing, one node
  ASSERT_EQ(claimed.size(), 1u);
  // The lease moved on to epoch 6 while this node still believes in epoch 5.
  call({"HSET", "lease:centre", "node", "node-b", "epoch", "6"});
  store_->fence_with("lease:centre", 5);
  std::optional<std::error_code> claim_ec;
  store_->claim("spring", 1, ms(2026, 6, 10, 10), 60000,
                [&](std::error_code ec, auto) { claim_ec = ec; });
  run_until([&] { return claim_ec.has_value(); });
  EXPECT_EQ(*claim_ec, queue::make_error_code(queue::RedisErrc::fenced)) << claim_ec->message();
  std::optional<std::error_code> outcome_ec;
  store_->record_outcome("spring", claimed[0].attempt_id, "answered", std::nullopt, "done",
                         ms(2026, 6, 10, 11), "a01",
                         [&](std::error_code ec, bool) { outcome_ec = ec; });
  run_until([&] { return outcome_ec.has_value(); });
  EXPECT_EQ(*outcome_ec, queue::make_error_code(queue::RedisErrc::fenced));
  std::optional<std::error_code> result_ec;
  store_->add_result("spring", {{"call", "7"}, {"outcome", "success"}},
                     [&](std::error_code ec) { result_ec = ec; });
  run_until([&] { return result_ec.has_value(); });
  EXPECT_EQ(*result_ec, queue::make_error_code(queue::RedisErrc::fenced));
  // Plain writes a woken node could still have queued: campaign state, points, a DNC removal.
  call({"SADD", "dnc:global", "+442079460958"});
  std::optional<queue::RedisReply> state_reply;
  store_->write_fenced({"HSET", "campaign-states", "spring", "stale"},
                       [&](queue::RedisReply r) { state_reply = std::move(r); });
  run_until([&] { return state_reply.has_value(); });
  EXPECT_EQ(state_reply->error, queue::make_error_code(queue::RedisErrc::fenced));
  std::optional<std::error_code> dnc_ec;
  store_->dnc_remove("", "+442079460958", [&](std::error_code ec) { dnc_ec = ec; });
  run_until([&] { return dnc_ec.has_value(); });
  EXPECT_EQ(*dnc_ec, queue::make_error_code(queue::RedisErrc::fenced));
  EXPECT_EQ(store_->fenced_refusals(), 5u);
  // Nothing was written: the attempt is still open, no result, the due list untouched.
  EXPECT_EQ(count("leases"), 1);
  EXPECT_EQ(call({"XLEN", "{c:spring}:results"}).integer, 0);
  EXPECT_EQ(count("due"), 2);
  EXPECT_EQ(call({"HEXISTS", "campaign-states", "spring"}).integer, 0);
  EXPECT_EQ(call({"SISMEMBER", "dnc:global", "+442079460958"}).integer, 1);
  // The holder of epoch 6 writes as usual.
  store_->fence_with("lease:centre", 6);
  outcome_ec.reset();
  store_->record_outcome("spring", claimed[0].attempt_id, "answered", std::nullopt, "done",
                         ms(2026, 6, 10, 11), "a01",
                         [&](std::error_code ec, bool) { outcome_ec = ec; });
  run_until([&] { return outcome_ec.has_value(); });
  EXPECT_FALSE(*outcome_ec) << outcome_ec->message();
  EXPECT_EQ(count("leases"), 0);
  state_reply.reset();
  store_->write_fenced({"HSET", "campaign-states", "spring", "fresh"},
                       [&](queue::RedisReply r) { state_reply = std::move(r); });
  run_until([&] { return state_reply.has_value(); });
  EXPECT_TRUE(state_reply->ok()) << state_reply->value.str;
  EXPECT_EQ(call({"HGET", "campaign-states", "spring"}).str, "fresh");
}

TEST_F(TargetStoreTest, DncAddedAfterLoadingIsNeverClaimed) {
  import(kCsv);
  std::optional<std::error_code> done;
  store_->dnc_add("", "+442079460958", [&](std::error_code ec) { done = ec; });
  run_until([&] { return done.has_value(); });
  done.reset();
  store_->dnc_add("spring", "+49301234567", [&](std::error_code ec) { done = ec; });
  run_until([&] { return done.has_value(); });
  auto claimed = claim(10, ms(2026, 6, 10, 10));
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].target.number, "+498912345678");
  EXPECT_EQ(call({"HGET", "{c:spring}:never", "+442079460958"}).str, "on a do-not-call list");
  std::optional<bool> on;
  store_->dnc_check("spring", "+49301234567", [&](std::error_code, bool v) { on = v; });
  run_until([&] { return on.has_value(); });
  EXPECT_TRUE(*on);
}

TEST_F(TargetStoreTest, ClaimsKeepWorkingAfterTheScriptCacheIsEmptied) {
  import(kCsv);
  ASSERT_EQ(claim(1, ms(2026, 6, 10, 10)).size(), 1u);
  call({"SCRIPT", "FLUSH"});
  ASSERT_EQ(claim(1, ms(2026, 6, 10, 10)).size(), 1u);
  server_.restart();  // a restarted Redis (no persistence here) has no scripts either
  run_until([&] { return !client_->connected(); });
  run_until([&] { return client_->connected(); });
  EXPECT_EQ(import("number\n030 5555555\n", false, "imp9").imported, 1u);
  EXPECT_EQ(claim(5, ms(2026, 6, 10, 10)).size(), 1u);
}

TEST_F(TargetStoreTest, OutcomeReschedulesRetiresAndIsIdempotent) {
  import(kCsv);
  auto claimed = claim(2, ms(2026, 6, 10, 10));
  std::optional<bool> known;
  store_->record_outcome("spring", claimed[0].attempt_id, "busy", ms(2026, 6, 10, 11), "",
                         ms(2026, 6, 10, 10, 1), "", [&](std::error_code, bool k) { known = k; });
  run_until([&] { return known.has_value(); });
  EXPECT_TRUE(*known);
  known.reset();
  store_->record_outcome("spring", claimed[1].attempt_id, "answered", std::nullopt, "completed",
                         ms(2026, 6, 10, 10, 2), "a01",
                         [&](std::error_code, bool k) { known = k; });
  run_until([&] { return known.has_value(); });
  known.reset();
  store_->record_outcome("spring", claimed[1].attempt_id, "answered", std::nullopt, "completed",
                         ms(2026, 6, 10, 10, 2), "a01",
                         [&](std::error_code, bool k) { known = k; });
  run_until([&] { return known.has_value(); });
  EXPECT_FALSE(*known);  // the second report of the same attempt changes nothing
  EXPECT_EQ(count("leases"), 0);
  EXPECT_EQ(count("due"), 2);  // the untouched one and the busy one
  auto t = queue::StoredTarget::decode(
      claimed[0].target.number, call({"HGET", "{c:spring}:targets", claimed[0].target.number}).str);
  EXPECT_EQ(t->attempts, 1);
  EXPECT_EQ(t->last_outcome, "busy");
  EXPECT_EQ(call({"XLEN", "{c:spring}:log"}).integer, 2);
  // Not due before its retry time.
  EXPECT_EQ(claim(5, ms(2026, 6, 10, 10, 30)).size(), 1u);
  EXPECT_EQ(claim(5, ms(2026, 6, 10, 11)).size(), 1u);
}

TEST_F(TargetStoreTest, ExpiredLeasesAreReconciledNeverRedialled) {
  import(kCsv);
  auto claimed = claim(3, ms(2026, 6, 10, 10), nullptr, 1000);
  ASSERT_EQ(claimed.size(), 3u);
  std::optional<std::vector<std::pair<std::string, std::string>>> rec;
  // The process that claimed them still runs: its attempts are its own, never reconciled.
  store_->reconcile("spring", ms(2026, 6, 10, 10) + 2000, ms(2026, 6, 10, 10) + 2000,
                    [&](std::error_code, auto v) { rec = v; });
  run_until([&] { return rec.has_value(); });
  EXPECT_TRUE(rec->empty());
  EXPECT_EQ(count("leases"), 3);
  // The next process (another instance) reconciles them, recording when it did.
  queue::TargetStore next(*client_, "test-b");
  rec.reset();
  next.reconcile("spring", ms(2026, 6, 10, 10) + 2000, ms(2026, 6, 10, 10) + 3000,
                 [&](std::error_code, auto v) { rec = v; });
  run_until([&] { return rec.has_value(); });
  EXPECT_EQ(rec->size(), 3u);
  auto log = call({"XREVRANGE", "{c:spring}:log", "+", "-", "COUNT", "1"});
  ASSERT_EQ(log.elements.size(), 1u);
  const auto& fields = log.elements[0].elements[1].elements;
  for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
    if (fields[i].str == "at_ms") {
      EXPECT_EQ(fields[i + 1].str, std::to_string(ms(2026, 6, 10, 10) + 3000));
    }
  }
  EXPECT_EQ(count("review"), 3);
  EXPECT_EQ(count("leases"), 0);
  EXPECT_TRUE(claim(10, ms(2026, 6, 11, 10)).empty());
  auto note = call({"HGET", "{c:spring}:review", claimed[0].target.number}).str;
  EXPECT_NE(note.find("has no recorded outcome"), std::string::npos) << note;
}

TEST_F(TargetStoreTest, ClosedCallingWindowDelaysTheClaimAcrossTheDstChange) {
  // Saturday 2026-03-07 21:00 in New York: the window opens Sunday 09:00 EDT = 13:00 UTC.
  auto r = import("number,timezone\n+1 212 555 0100,America/New_York\n", false, "imp1",
                  ms(2026, 3, 8, 2));
  EXPECT_EQ(r.imported, 1u);
  EXPECT_TRUE(claim(5, ms(2026, 3, 8, 12, 59)).empty());
  EXPECT_EQ(claim(5, ms(2026, 3, 8, 13)).size(), 1u);
}

TEST_F(TargetStoreTest, LeadsAreDialledBeforeOrdinaryTargets) {
  import(kCsv);
  queue::StoredTarget lead;
  lead.number = "+4915112345678";
  lead.import_tag = "lead:sms";
  lead.zone = "Europe/Berlin";
  std::optional<bool> added;
  store_->add_lead("spring", lead, 1, ms(2026, 6, 10, 10),
                   [&](std::error_code, bool a) { added = a; });
  run_until([&] { return added.has_value(); });
  EXPECT_TRUE(*added);
  auto first = claim(1, ms(2026, 6, 10, 10));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].target.number, "+4915112345678");
}

TEST_F(TargetStoreTest, AReleasedLeadKeepsItsPlaceBeforeOrdinaryTargets) {
  import(kCsv);
  queue::StoredTarget lead;
  lead.number = "+4915112345678";
  lead.import_tag = "lead:sms";
  std::optional<bool> added;
  store_->add_lead("spring", lead, 1, ms(2026, 6, 10, 10),
                   [&](std::error_code, bool a) { added = a; });
  run_until([&] { return added.has_value(); });
  auto first = claim(1, ms(2026, 6, 10, 10));
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(first[0].target.number, lead.number);
  // Released two hours later (a pause, a governor stop, a logout): not behind the three
  // ordinary targets that were due at 10:00.
  std::optional<bool> known;
  store_->record_outcome("spring", first[0].attempt_id, "released", ms(2026, 6, 10, 12), "",
                         ms(2026, 6, 10, 12), "", [&](std::error_code, bool k) { known = k; });
  run_until([&] { return known.has_value(); });
  auto again = claim(4, ms(2026, 6, 10, 12));
  ASSERT_EQ(again.size(), 4u);
  EXPECT_EQ(again[0].target.number, lead.number);
  // An ordinary target released keeps its import-time place too.
  std::optional<bool> known2;
  store_->record_outcome("spring", again[3].attempt_id, "released", ms(2026, 6, 10, 13), "",
                         ms(2026, 6, 10, 13), "", [&](std::error_code, bool k) { known2 = k; });
  run_until([&] { return known2.has_value(); });
  EXPECT_EQ(call({"ZSCORE", "{c:spring}:due", again[3].target.number}).str,
            std::to_string(ms(2026, 6, 10, 10)));
}

TEST_F(TargetStoreTest, TwoClaimersRacingOver100000TargetsNeverShareOne) {
  std::string csv = "number\n";
  for (int i = 0; i < 100000; ++i) csv += "+4930" + std::to_string(1000000 + i) + "\n";
  auto r = import(csv);
  ASSERT_EQ(r.imported, 100000u);
  auto other_client = make_client();
  queue::TargetStore other(*other_client, "test-b");
  std::set<std::string> seen;
  std::size_t total = 0;
  bool a_done = false, b_done = false;
  std::function<void(queue::TargetStore*, bool*)> loop = [&](queue::TargetStore* s, bool* done) {
    s->claim("spring", 50, ms(2026, 6, 10, 10), 60000,
             [&, s, done](std::error_code ec, auto claimed) {
               ASSERT_FALSE(ec);
               if (claimed.empty()) {
                 *done = true;
                 return;
               }
               for (auto& c : claimed) {
                 seen.insert(c.target.number);
                 ++total;
               }
               loop(s, done);
             });
  };
  loop(store_.get(), &a_done);
  loop(&other, &b_done);
  run_until([&] { return a_done && b_done; });
  EXPECT_EQ(total, 100000u);        // none lost
  EXPECT_EQ(seen.size(), 100000u);  // none twice
  EXPECT_EQ(count("leases"), 100000);
}

TEST_F(TargetStoreTest, AMillionRowFileImportsCompletely) {
  // Streamed from a file on disk: the importer holds only a few batches at a time. Under the
  // sanitizers the same paths with a fifth of the rows (the million is the release build's).
  const int rows = test::kUnderSanitizer ? 200000 : 1000000;
  test::TempDir dir;
  {
    std::ofstream out(dir.file("big.csv"));
    out << "number,name,timezone,product,segment\n";
    for (int i = 0; i < rows; ++i) {
      out << "030 " << (2000000 + i) << ",K" << i << ",Europe/Berlin,dp,s" << (i % 3) << "\n";
    }
    out << "030 2000000,dup,Europe/Berlin,dp,s\n";
  }
  queue::ImportOptions o;
  o.campaign = "spring";
  o.import_id = "big";
  o.default_country = "49";
  o.now_ms = ms(2026, 6, 10, 10);
  policy::TimeZone berlin = policy::TimeZone::fixed("Europe/Berlin", 7200);
  const policy::CallingZones in_berlin{&berlin};
  o.zone_lookup = [&](const std::string&) -> const policy::CallingZones& { return in_berlin; };
  std::optional<queue::ImportReport> report;
  auto importer = std::make_shared<queue::TargetImporter>(
      *store_, o, [&] { return std::make_unique<std::ifstream>(dir.file("big.csv")); });
  importer->start([&](const queue::ImportReport& r) { report = r; });
  run_until([&] { return report.has_value(); }, 110s);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->imported, static_cast<std::size_t>(rows));
  EXPECT_EQ(report->duplicates_in_file, 1u);
  EXPECT_EQ(report->problems[0].line, rows + 2);
  EXPECT_EQ(count("targets"), rows);
  EXPECT_EQ(count("due"), rows);
}

TEST_F(TargetStoreTest, ResultsAreStoredAndExportedAsCsvAndJson) {
  std::optional<std::error_code> ok;
  store_->add_result("spring",
                     {{"number", "+49301234567"},
                      {"agent", "a01"},
                      {"disposition", "success"},
                      {"answers", R"({"q1":"yes, please","q2":["a","b"],"q3":4})"},
                      {"product", "data-pack"},
                      {"at_ms", "1767571200000"},
                      {"talk_s", "184"}},
                     [&](std::error_code ec) { ok = ec; });
  run_until([&] { return ok.has_value(); });
  ok.reset();
  store_->add_result("spring",
                     {{"number", "+442079460958"}, {"agent", "a02"}, {"disposition", "=complaint"}},
                     [&](std::error_code ec) { ok = ec; });
  run_until([&] { return ok.has_value(); });
  std::optional<std::vector<queue::ResultRow>> rows;
  store_->results("spring", [&](std::error_code, auto r) { rows = r; });
  run_until([&] { return rows.has_value(); });
  ASSERT_EQ(rows->size(), 2u);
  for (auto& row : *rows) row["id"] = "X";  // stream ids depend on the clock
  // CSV: one column per question, after the other fields; JSON: the answers as an object and
  // times as numbers.
  EXPECT_EQ(queue::results_to_csv(*rows),
            "id,agent,at_ms,disposition,number,product,talk_s,answer.q1,answer.q2,answer.q3\r\n"
            "X,a01,1767571200000,success,'+49301234567,data-pack,184,\"yes, please\",a;b,4\r\n"
            "X,a02,,'=complaint,'+442079460958,,,,,\r\n");
  EXPECT_EQ(queue::results_to_json(*rows),
            R"([{"agent":"a01","answers":{"q1":"yes, please","q2":["a","b"],"q3":4},)"
            R"("at_ms":1767571200000,"disposition":"success","id":"X","number":"+49301234567",)"
            R"("product":"data-pack","talk_s":184},)"
            R"({"agent":"a02","disposition":"=complaint","id":"X","number":"+442079460958"}])");
}

TEST_F(TargetStoreTest, EachResultJoinsTheCustomersHistoryOnceNewestFirst) {
  auto add = [&](const std::string& campaign, const std::string& call,
                 const std::string& disposition) {
    std::optional<std::error_code> ok;
    store_->add_result(campaign,
                       {{"call", call},
                        {"number", "+49301234567"},
                        {"agent", "a01"},
                        {"disposition", disposition},
                        {"answers", "{}"},
                        {"at_ms", "1767571200000"}},
                       [&](std::error_code ec) { ok = ec; });
    run_until([&] { return ok.has_value(); });
    EXPECT_FALSE(*ok) << ok->message();
  };
  add("spring", "1", "callback");
  add("inbound-sales", "2", "complaint");
  add("inbound-sales", "2", "complaint");  // a retry after a lost reply: no second entry
  for (int i = 3; i < 30; ++i) add("spring", std::to_string(i), "refused");
  std::optional<std::vector<std::string>> history;
  store_->customer_history("+49301234567", [&](std::error_code ec, std::vector<std::string> h) {
    EXPECT_FALSE(ec);
    history = std::move(h);
  });
  run_until([&] { return history.has_value(); });
  ASSERT_EQ(history->size(), 20u) << "the newest 20 are kept";
  EXPECT_NE(history->front().find("\"disposition\":\"refused\""), std::string::npos)
      << history->front();
  EXPECT_NE(history->front().find("\"list\":\"spring\""), std::string::npos) << history->front();
  EXPECT_EQ(history->front().find("answers"), std::string::npos)
      << "the answers stay in the stream";
  std::optional<std::vector<std::string>> none;
  store_->customer_history("+44000",
                           [&](std::error_code, std::vector<std::string> h) { none = h; });
  run_until([&] { return none.has_value(); });
  EXPECT_TRUE(none->empty());
}

TEST_F(TargetStoreTest, OutcomesAreScheduledByTheRetryRulesAndTheAttemptLimit) {
  import("number\n030 1234567\n");
  policy::RetryRules rules;
  rules.max_attempts = 2;
  const policy::CallingWindow window{0x7f, 9 * 60, 20 * 60};
  std::string reason;
  auto berlin = config::load_zone("Europe/Berlin", reason);
  auto report = [&](const queue::ClaimedTarget& c, policy::DialOutcome o, std::int64_t now) {
    auto plan = policy::plan_after_outcome(c.target.attempts, o, false, std::nullopt, rules, window,
                                           {&*berlin}, now, false);
    std::optional<bool> known;
    store_->record_outcome("spring", c.attempt_id, policy::to_string(o), plan.next_ms, plan.reason,
                           now, "", [&](std::error_code, bool k) { known = k; });
    run_until([&] { return known.has_value(); });
    return plan;
  };
  auto first = claim(1, ms(2026, 6, 10, 10));
  ASSERT_EQ(first.size(), 1u);
  auto plan = report(first[0], policy::DialOutcome::busy, ms(2026, 6, 10, 10));
  EXPECT_EQ(*plan.next_ms, ms(2026, 6, 10, 10, 10));  // busy: 10 minutes later
  auto second = claim(1, ms(2026, 6, 10, 10, 10));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].target.attempts, 1);
  plan = report(second[0], policy::DialOutcome::no_answer, ms(2026, 6, 10, 10, 10));
  EXPECT_FALSE(plan.next_ms.has_value());
  EXPECT_EQ(plan.reason, "attempt limit of 2 reached");
  EXPECT_EQ(call({"HGET", "{c:spring}:never", "+49301234567"}).str, "attempt limit of 2 reached");
  EXPECT_TRUE(claim(5, ms(2026, 6, 20, 10)).empty());
}

// The last word before the INVITE: DNC entries made since the claim, the cap, the window and
// the lease are seen; a refused target is settled without counting an attempt.
TEST_F(TargetStoreTest, ConfirmRefusesWhatChangedSinceTheClaimAndSettlesIt) {
  import(kCsv);
  auto claimed = claim(3, ms(2026, 6, 10, 10));
  ASSERT_EQ(claimed.size(), 3u);
  auto confirm = [&](const queue::ClaimedTarget& t, int cap, const std::string& window,
                     queue::TargetStore* store = nullptr) {
    std::optional<queue::TargetStore::Confirmation> out;
    (store ? store : store_.get())
        ->confirm("spring", t.attempt_id, ms(2026, 6, 10, 10, 1), cap, window, "no window",
                  [&](std::error_code ec, queue::TargetStore::Confirmation c) {
                    EXPECT_FALSE(ec) << ec.message();
                    out = c;
                  });
    run_until([&] { return out.has_value(); });
    return *out;
  };
  // 1. On the global list since the claim: refused, set aside, no attempt counted.
  call({"SADD", "dnc:global", claimed[0].target.number});
  EXPECT_EQ(confirm(claimed[0], 4, "").verdict, "dnc_global");
  // 2. Window closed: rescheduled for when it opens, the attempt not counted.
  const std::int64_t opens = ms(2026, 6, 11, 7);
  EXPECT_EQ(confirm(claimed[1], 4, std::to_string(opens)).verdict, "outside_window");
  EXPECT_EQ(call({"ZSCORE", "{c:spring}:due", claimed[1].target.number}).str,
            std::to_string(opens));
  // 3. Another process cannot confirm (or dial) this process's attempt.
  queue::TargetStore other(*client_, "test-b");
  EXPECT_EQ(confirm(claimed[2], 4, "", &other).verdict, "lease_lost");
  // 4. This one may go.
  EXPECT_TRUE(confirm(claimed[2], 4, "").ok());
  // 5. The rescheduled one is claimed again when its window opens and may go (cap 0: none).
  auto again = claim(3, opens);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].target.number, claimed[1].target.number);
  EXPECT_TRUE(confirm(again[0], 0, "").ok());
  EXPECT_EQ(count("leases"), 2);  // claimed[2] and again[0] stay open: they were confirmed
  auto t = queue::StoredTarget::decode(
      claimed[0].target.number, call({"HGET", "{c:spring}:targets", claimed[0].target.number}).str);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->attempts, 0);
  EXPECT_NE(call({"HGET", "{c:spring}:never", claimed[0].target.number}).str.find("do-not-call"),
            std::string::npos);
  for (const auto& later : claim(10, ms(2026, 6, 12, 10)))
    EXPECT_NE(later.target.number, claimed[0].target.number) << "a DNC number was claimed again";
}

TEST_F(TargetStoreTest, ConfirmRefusesATargetWhoseAttemptsAreUsedUp) {
  import(kCsv);
  auto claimed = claim(1, ms(2026, 6, 10, 10));
  ASSERT_EQ(claimed.size(), 1u);
  // Another system counted attempts meanwhile (or the cap was lowered): 2 of 2 used.
  auto rec = call({"HGET", "{c:spring}:targets", claimed[0].target.number}).str;
  call(
      {"HSET", "{c:spring}:targets", claimed[0].target.number, "2" + rec.substr(rec.find('\x1f'))});
  std::optional<queue::TargetStore::Confirmation> out;
  store_->confirm("spring", claimed[0].attempt_id, ms(2026, 6, 10, 10, 1), 2, "", "",
                  [&](std::error_code, queue::TargetStore::Confirmation c) { out = c; });
  run_until([&] { return out.has_value(); });
  EXPECT_EQ(out->verdict, "exhausted");
  EXPECT_EQ(count("leases"), 0);
}

// A claim whose reply does not come in time may still have run in Redis: its attempts are undone
// before the next claim (due again, not counted), never left for review.
TEST_F(TargetStoreTest, AClaimWhoseReplyTimedOutIsUndoneNotLeftOpen) {
  import(kCsv);
  queue::RedisClient::Options o;
  std::string reason;
  queue::parse_redis_url(server_.url(), o.endpoint, reason);
  o.command_timeout = 300ms;  // the pause below is shorter than the 3 deadlines that drop it
  queue::RedisClient slow_client(io_, o);
  slow_client.start();
  run_until([&] { return slow_client.connected(); });
  queue::TargetStore slow(slow_client, "test-a");
  call({"CLIENT", "PAUSE", "600", "ALL"});  // Redis holds every command for 600 ms
  std::optional<std::error_code> failed;
  slow.claim("spring", 3, ms(2026, 6, 10, 10), 60000,
             [&](std::error_code ec, auto) { failed = ec; });
  run_until([&] { return failed.has_value(); });
  EXPECT_TRUE(*failed) << "the claim's reply should have timed out";
  // Once Redis runs again the claim has happened: three attempts open that nobody knows of.
  const auto resumed = std::chrono::steady_clock::now() + 500ms;
  run_until([&] { return std::chrono::steady_clock::now() > resumed; });
  EXPECT_EQ(count("leases"), 3);
  // The next claim undoes it first; the three are due again, no attempt counted.
  std::optional<std::size_t> got;
  slow.claim("spring", 3, ms(2026, 6, 10, 10, 1), 60000, [&](std::error_code ec, auto t) {
    EXPECT_FALSE(ec) << ec.message();
    got = t.size();
  });
  run_until([&] { return got.has_value(); });
  EXPECT_EQ(*got, 3u);  // claimed again, as fresh attempts
  EXPECT_EQ(count("leases"), 3);
  for (const char* undone : {"1", "2", "3"})  // the timed-out claim's attempts are gone
    EXPECT_EQ(call({"HEXISTS", "{c:spring}:attempts", undone}).integer, 0) << undone;
  EXPECT_EQ(count("review"), 0);
}

// An outcome Redis never took (the connection died with the write in it) is kept by the feed and
// written when Redis is back; written once, the attempt closed.
TEST_F(TargetStoreTest, OutcomeWritesRedisDidNotTakeAreWrittenAgain) {
  import(kCsv);
  queue::RedisClient::Options o;
  std::string reason;
  queue::parse_redis_url(server_.url(), o.endpoint, reason);
  o.command_timeout = 2s;
  queue::RedisClient other_client(io_, o);
  other_client.start();
  run_until([&] { return other_client.connected(); });
  queue::TargetStore other(other_client, "test-a");
  config::CampaignConfig spring;
  spring.id = "spring";
  daemon::TargetFeed feed(other, {spring});
  auto claimed = claim(1, ms(2026, 6, 10, 10));
  ASSERT_EQ(claimed.size(), 1u);
  call({"CLIENT", "PAUSE", "3000", "WRITE"});  // the outcome waits inside Redis ...
  std::optional<std::error_code> written;
  daemon::FinishedAttempt fa;
  fa.campaign = "spring";
  fa.claimed = claimed[0];
  fa.outcome = policy::DialOutcome::busy;
  feed.finish(fa, ms(2026, 6, 10, 10, 1),
              [&](std::error_code ec, const policy::OutcomePlan&) { written = ec; });
  const auto sent = std::chrono::steady_clock::now() + 100ms;
  run_until([&] { return std::chrono::steady_clock::now() > sent; });
  call({"CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"});  // ... and dies with its connection
  call({"CLIENT", "UNPAUSE"});
  run_until([&] { return written.has_value(); });
  EXPECT_TRUE(*written);
  EXPECT_EQ(feed.unwritten(), 1u);
  EXPECT_EQ(count("leases"), 1);  // not closed yet
  run_until([&] { return other_client.connected(); });
  feed.retry_unwritten();
  run_until([&] { return feed.unwritten() == 0 && count("leases") == 0; });
  EXPECT_EQ(call({"XLEN", "{c:spring}:log"}).integer, 1);
  EXPECT_EQ(call({"ZSCORE", "{c:spring}:due", claimed[0].target.number}).str.empty(), false);
}

// A result whose reply was lost is stored again by the call centre: stored once.
TEST_F(TargetStoreTest, AResultStoredTwiceIsStoredOnce) {
  std::map<std::string, std::string> fields{{"call", "42"}, {"disposition", "success"}};
  int done = 0;
  for (int i = 0; i < 2; ++i)
    store_->add_result("spring", fields, [&](std::error_code ec) {
      EXPECT_FALSE(ec);
      ++done;
    });
  run_until([&] { return done == 2; });
  EXPECT_EQ(call({"XLEN", "{c:spring}:results"}).integer, 1);
  fields["call"] = "43";
  store_->add_result("spring", fields, [&](std::error_code) { ++done; });
  run_until([&] { return done == 3; });
  EXPECT_EQ(call({"XLEN", "{c:spring}:results"}).integer, 2);
}

TEST_F(TargetStoreTest, AManualDialClaimsANewOrListedNumberUnlessItIsOnDncOrBeingCalled) {
  import(kCsv);
  struct Answer {
    std::error_code ec;
    std::string refusal;
    std::optional<queue::ClaimedTarget> claimed;
  };
  auto manual = [&](const std::string& number) {
    std::optional<Answer> got;
    queue::StoredTarget t;
    t.number = number;
    t.zone = "Europe/Berlin";
    t.import_tag = "manual:a01";
    store_->claim_manual(
        "spring", number, t.encode(), ms(2026, 6, 10, 21), 60'000,
        [&](std::error_code ec, std::string refusal, std::optional<queue::ClaimedTarget> claimed) {
          got = Answer{ec, refusal, std::move(claimed)};
        });
    run_until([&] { return got.has_value(); });
    return *got;
  };
  // A number the list lacks joins it, claimed at once (outside the dialler's window: the agent's
  // choice, checked again at the INVITE).
  auto fresh = manual("+4940111222");
  ASSERT_FALSE(fresh.ec);
  ASSERT_TRUE(fresh.claimed) << fresh.refusal;
  EXPECT_TRUE(fresh.claimed->manual);
  EXPECT_EQ(fresh.claimed->target.import_tag, "manual:a01");
  EXPECT_NE(call({"HGET", "{c:spring}:targets", "+4940111222"}).str, "");
  // A listed, due number leaves the due set: the dialler cannot claim it beside the agent.
  auto listed = manual("+49301234567");
  ASSERT_TRUE(listed.claimed) << listed.refusal;
  EXPECT_TRUE(call({"ZSCORE", "{c:spring}:due", "+49301234567"}).is_nil());
  // Being called (its attempt open): refused; on a DNC list: refused.
  EXPECT_EQ(manual("+49301234567").refusal, "in_progress");
  std::optional<std::error_code> done;
  store_->dnc_add("", "+498912345678", [&](std::error_code ec) { done = ec; });
  run_until([&] { return done.has_value(); });
  EXPECT_EQ(manual("+498912345678").refusal, "dnc_global");
  done.reset();
  store_->dnc_add("spring", "+4940999888", [&](std::error_code ec) { done = ec; });
  run_until([&] { return done.has_value(); });
  EXPECT_EQ(manual("+4940999888").refusal, "dnc_campaign");
  EXPECT_EQ(call({"HGET", "{c:spring}:targets", "+4940999888"}).str, "") << "nothing stored";
  // The confirm before the INVITE takes no attempt cap for a manual dial's claim.
  std::optional<queue::TargetStore::Confirmation> verdict;
  store_->confirm("spring", fresh.claimed->attempt_id, ms(2026, 6, 10, 21), 0, "", "",
                  [&](std::error_code, queue::TargetStore::Confirmation v) { verdict = v; });
  run_until([&] { return verdict.has_value(); });
  EXPECT_TRUE(verdict->ok()) << verdict->verdict;
}
