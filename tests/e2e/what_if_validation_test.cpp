// The what-if's validation (#21 section 4): a real centre — blendd, sipp callers and customers,
// twenty simulated desks whose phones take a moment to pick up — runs a busy period and an idle one
// for fourteen minutes; the what-if of the settings that were in force, replayed from the history
// it kept, must give back its service level within 3 points and its outbound calls per hour within
// 5 %. Long (16 min): it runs once, in the release build, beside the sanitizer build
// (scripts/test.sh, label "validation").
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>
#include <ctime>

#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;
namespace json = boost::json;
using Centre = test::CallCentreRun;

namespace {

constexpr int kBase = 29300;

// The centre's local (UTC) minute holding `t`, as the API takes it: "2026-12-02T04:31".
std::string minute_text(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M", &tm);
  return buf;
}

// sipp callers to the group's number with nearly Poisson arrivals: `calls` per `period_ms`.
std::unique_ptr<test::ChildProcess> callers(Centre& run, int port, int calls, int period_ms,
                                            const std::string& log) {
  return std::make_unique<test::ChildProcess>(
      std::vector<std::string>{"sipp", "127.0.0.1:" + std::to_string(run.sip_port()), "-sf",
                               BLENDD_SOURCE_DIR "/tests/sip/uac_inbound_poisson.xml", "-i",
                               "127.0.0.1", "-p", std::to_string(port), "-s", "8005550100", "-r",
                               std::to_string(calls), "-rp", std::to_string(period_ms), "-l", "400",
                               "-d", "3000", "-nostdin"},
      run.dir().file(log));
}

double num(const json::value& v, const char* key) {
  const auto* x = v.as_object().if_contains(key);
  return x != nullptr && x->is_number() ? x->to_number<double>() : -1;
}

// The minutes of [from, to) summed from the what-if's intervals: measured or predicted.
struct Sums {
  double offered = 0, sl_weighted = 0, outbound_per_hour = 0;
  int minutes = 0;
};
Sums sums(const json::array& intervals, const char* which, std::size_t from, std::size_t to) {
  Sums s;
  for (std::size_t i = from; i < to && i < intervals.size(); ++i) {
    const auto& f = intervals[i].at(which);
    const double offered = num(f, "offered");
    s.offered += offered;
    if (num(f, "service_level") >= 0) s.sl_weighted += offered * num(f, "service_level");
    s.outbound_per_hour += num(f, "outbound_per_hour");
    ++s.minutes;
  }
  if (s.minutes > 0) s.outbound_per_hour /= s.minutes;
  return s;
}

}  // namespace

TEST(WhatIfValidation, TheSettingsInForceReproduceAMeasuredRun) {
  // Calls of 3 s, wrap-ups of 1 s, agents picking up after 2 s on average (exponential); the
  // service level read at 5 s, a bound of the history's waits histogram (between bounds it would
  // be interpolated, not measured). Twenty agents: a single run's service level is then known
  // to about a point (its spread between replications), so 3 points can tell a wrong replay.
  auto spec = test::centre_spec(20, 9000, 3000);
  spec.phone_scenario = "uas_agent_slow_pickup.xml";
  spec.start_threshold = 0.3;
  spec.stop_threshold = 0.2;
  spec.wrap_up_s = 30;
  spec.redis_extra = {"history_interval_s: 60"};
  spec.group_extra = {"sl_target: { share: 0.8, within_s: 5 }"};
  Centre run(spec, kBase);
  ASSERT_TRUE(run.up()) << run.log();
  auto bots = run.start_agents(spec.agents, 1000ms, 0.3);
  const std::time_t began = std::time(nullptr);

  // Seven busy minutes (2 calls/s: about 12 of the 20 agents on inbound), seven quiet ones
  // (0.4 calls/s).
  auto busy = callers(run, kBase + 6, 10, 5000, "busy.log");
  std::this_thread::sleep_for(7min);
  busy->signal(SIGUSR1);  // no new calls; those in their pause still come
  const std::time_t switched = std::time(nullptr);
  auto quiet = callers(run, kBase + 7, 2, 5000, "quiet.log");
  std::this_thread::sleep_for(7min);
  const std::time_t ended = std::time(nullptr);

  // Whole minutes only, the first one (agents logging in, callers still in their pause) left out.
  const std::time_t from = (began / 60 + 2) * 60;
  const std::time_t to = (ended / 60) * 60;
  ASSERT_GE(to - from, 10 * 60);
  // The last minute's stays are settled at its end and written within a second or two.
  while (std::time(nullptr) < to + 4) std::this_thread::sleep_for(500ms);
  const std::string range = "?from=" + minute_text(from) + "&to=" + minute_text(to);
  auto r = run.api("POST", "/api/v1/groups/sales/what-if" + range, Centre::kSupervisor,
                   R"({"replications": 12, "seed": 5})");
  quiet->signal(SIGUSR1);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value answer = json::parse(r.body);
  EXPECT_EQ(num(answer, "replications"), 12) << "within the time limit";
  const auto& intervals = answer.at("intervals").as_array();
  ASSERT_EQ(intervals.size(), static_cast<std::size_t>((to - from) / 60));

  const auto& total = answer.at("total");
  const double sl_m = num(total.at("measured"), "service_level");
  const double sl_p = num(total.at("predicted"), "service_level");
  const double out_m = num(total.at("measured"), "outbound_per_hour");
  const double out_p = num(total.at("predicted"), "outbound_per_hour");
  std::printf(
      "what-if validation over %lld min: SL(5 s) measured %.3f predicted %.3f (sd %.3f); "
      "outbound/h measured %.0f predicted %.0f (sd %.0f); ASA measured %.2f s predicted "
      "%.2f s\n",
      static_cast<long long>((to - from) / 60), sl_m, sl_p,
      num(total.at("predicted_sd"), "service_level"), out_m, out_p,
      num(total.at("predicted_sd"), "outbound_per_hour"), num(total.at("measured"), "asa_s"),
      num(total.at("predicted"), "asa_s"));

  // A busy and an idle period there were: the measured halves differ as such.
  const std::size_t split = static_cast<std::size_t>((switched - from) / 60);
  const Sums busy_m = sums(intervals, "measured", 1, split);
  const Sums quiet_m = sums(intervals, "measured", split + 1, intervals.size());
  const Sums busy_p = sums(intervals, "predicted", 1, split);
  const Sums quiet_p = sums(intervals, "predicted", split + 1, intervals.size());
  std::printf(
      "busy: SL %.3f / %.3f, outbound/h %.0f / %.0f; quiet: SL %.3f / %.3f, outbound/h "
      "%.0f / %.0f (measured / predicted)\n",
      busy_m.sl_weighted / busy_m.offered, busy_p.sl_weighted / busy_p.offered,
      busy_m.outbound_per_hour, busy_p.outbound_per_hour, quiet_m.sl_weighted / quiet_m.offered,
      quiet_p.sl_weighted / quiet_p.offered, quiet_m.outbound_per_hour, quiet_p.outbound_per_hour);
  EXPECT_GT(busy_m.offered / busy_m.minutes, 2.5 * quiet_m.offered / quiet_m.minutes);
  EXPECT_LT(busy_m.outbound_per_hour, 0.6 * quiet_m.outbound_per_hour);
  EXPECT_LT(sl_m, 0.97) << "the phones' pickup must strain the service level";
  EXPECT_LT(num(total.at("predicted_sd"), "service_level"), 0.015)
      << "a single run this long must be known to better than the 3 points";

  EXPECT_NEAR(sl_p, sl_m, 0.03);
  EXPECT_NEAR(out_p, out_m, 0.05 * out_m);
  bots.clear();
}
