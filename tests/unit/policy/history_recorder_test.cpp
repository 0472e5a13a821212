// The history per 15-minute interval: IntervalTally's arithmetic, and what the core records as
// calls and stays happen (on simulated time).
#include <gtest/gtest.h>

#include <map>

#include "policy/blend_core.hpp"
#include "policy/interval_tally.hpp"
#include "tests/unit/policy/one_group_centre.hpp"

using namespace blendd::policy;
using blendd::test::at;
using blendd::test::only;

namespace {

const std::int64_t kStart = interval_start(at(0));

// Everything taken so far, summed: scope/id/interval → fields.
struct History {
  std::map<std::string, TallyFields> by_key;
  void add(const std::vector<TallyRecord>& records) {
    for (const auto& r : records) {
      auto& f = by_key[std::string(to_string(r.scope)) + "/" + r.id + "/" +
                       std::to_string((r.start_s - kStart) / kIntervalSeconds)];
      for (const auto& [k, v] : r.fields) f[k] += v;
    }
  }
  double get(const std::string& key, const std::string& field) const {
    auto it = by_key.find(key);
    if (it == by_key.end()) return 0;
    auto f = it->second.find(field);
    return f == it->second.end() ? 0 : f->second;
  }
};

struct Centre {
  explicit Centre(CoreSettings s) : core(std::move(s)) {}
  std::vector<Action> send(const Event& e, double t) {
    auto actions = core.handle(e, at(t));
    history.add(core.take_tallies());
    for (const auto& o : only<Originate>(actions)) dialled.push_back(o.call);
    return actions;
  }
  BlendCore core;
  History history;
  std::vector<CallId> dialled;
};

CoreSettings inbound_only(int agents) {
  CoreSettings s = blendd::test::one_group_centre(agents);
  s.groups[0].wrap_up_limit = seconds(60);
  s.campaigns[0].enabled = false;
  return s;
}

}  // namespace

TEST(IntervalTally, ASpanIsSplitOverTheIntervalsItCovers) {
  IntervalTally t;
  t.add_span(TallyScope::agent, "a0", "s_idle", at(800), at(2000), 2.0);
  auto records = t.take();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].start_s, kStart);
  EXPECT_DOUBLE_EQ(records[0].fields["s_idle"], 2 * 100.0);
  EXPECT_DOUBLE_EQ(records[1].fields["s_idle"], 2 * 900.0);
  EXPECT_DOUBLE_EQ(records[2].fields["s_idle"], 2 * 200.0);
  EXPECT_TRUE(t.empty());
  // What a store could not take goes back and adds up with what came since.
  t.put(records[1]);
  t.add(TallyScope::agent, "a0", "s_idle", 1, at(1000));
  auto again = t.take();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_DOUBLE_EQ(again[0].fields["s_idle"], 1801.0);
}

TEST(IntervalTally, WaitsFallInTheFirstBucketThatHoldsThem) {
  EXPECT_EQ(wait_bucket(0), "in_wait_le_5");
  EXPECT_EQ(wait_bucket(5), "in_wait_le_5");
  EXPECT_EQ(wait_bucket(5.01), "in_wait_le_10");
  EXPECT_EQ(wait_bucket(300), "in_wait_le_300");
  EXPECT_EQ(wait_bucket(301), "in_wait_gt_300");
  EXPECT_EQ(interval_start(at(899.999)), kStart);
  EXPECT_EQ(interval_start(at(900)), kStart + 900);
}

TEST(HistoryRecorder, AnInboundCallIsCountedWhereEachOfItsMomentsHappened) {
  Centre c(inbound_only(1));
  c.send(AgentLoggedIn{"a0"}, 0);
  c.send(AgentReady{"a0"}, 10);
  c.send(InboundArrived{7, "sales"}, 880);  // interval 0
  c.send(AgentLegAnswered{7}, 892);         // waited 12 s
  c.send(CallEnded{7}, 1000);               // interval 1: talked 108 s
  c.send(AgentReady{"a0"}, 1020);           // wrap-up 20 s
  const History& h = c.history;
  EXPECT_EQ(h.get("group/sales/0", "in_offered"), 1);
  EXPECT_EQ(h.get("group/sales/0", "in_answered"), 1);
  EXPECT_DOUBLE_EQ(h.get("group/sales/0", "in_wait_s"), 12);
  EXPECT_EQ(h.get("group/sales/0", "in_wait_le_15"), 1);
  EXPECT_EQ(h.get("agent/a0/0", "in_calls"), 1);
  EXPECT_EQ(h.get("group/sales/1", "in_talks"), 1);
  EXPECT_DOUBLE_EQ(h.get("group/sales/1", "in_talk_s"), 108);
  EXPECT_DOUBLE_EQ(h.get("group/sales/1", "in_talk_s2"), 108.0 * 108.0);
  EXPECT_EQ(h.get("group/sales/1", "in_handles"), 1);
  EXPECT_DOUBLE_EQ(h.get("group/sales/1", "in_handle_s"), 128);
  // The stays: not ready 10 s, idle 870 s, reserved while the phone rang 12 s, talking 8 s in
  // interval 0 and 100 s in interval 1, then wrap-up 20 s.
  EXPECT_DOUBLE_EQ(h.get("agent/a0/0", "s_not_ready"), 10);
  EXPECT_DOUBLE_EQ(h.get("agent/a0/0", "nr_logged_in"), 10);
  EXPECT_DOUBLE_EQ(h.get("agent/a0/0", "s_idle"), 870);
  EXPECT_DOUBLE_EQ(h.get("agent/a0/0", "s_reserved"), 12);
  EXPECT_DOUBLE_EQ(h.get("agent/a0/0", "s_on_inbound"), 8);
  EXPECT_DOUBLE_EQ(h.get("agent/a0/1", "s_on_inbound"), 100);
  EXPECT_DOUBLE_EQ(h.get("agent/a0/1", "s_wrap_up"), 20);
  EXPECT_DOUBLE_EQ(h.get("group/sales/1", "s_wrap_up"), 20);
}

TEST(HistoryRecorder, ARunningStayIsCountedUpToEachBoundaryTheCoreIsWokenAt) {
  Centre c(inbound_only(1));
  c.send(AgentLoggedIn{"a0"}, 0);
  c.send(AgentReady{"a0"}, 50);
  c.send(AgentNotReady{"a0", "lunch break"}, 100);
  // Nothing happens for an hour but the wake-ups the core asks for.
  double t = 100;
  for (int i = 0; i < 10 && t < 3600; ++i) {
    auto next = c.core.next_deadline();
    ASSERT_TRUE(next.has_value());
    t = std::chrono::duration<double>(*next - at(0)).count();
    c.send(Tick{}, t);
  }
  EXPECT_DOUBLE_EQ(t, 3600);  // a wake at every boundary, none in between
  EXPECT_DOUBLE_EQ(c.history.get("agent/a0/0", "nr_lunch_break"), 800);
  EXPECT_DOUBLE_EQ(c.history.get("agent/a0/1", "nr_lunch_break"), 900);
  EXPECT_DOUBLE_EQ(c.history.get("agent/a0/2", "s_not_ready"), 900);
  EXPECT_DOUBLE_EQ(c.history.get("group/sales/3", "nr_lunch_break"), 900);
  EXPECT_DOUBLE_EQ(c.history.get("agent/a0/4", "s_not_ready"), 0);  // not yet reached
  // The stay's end counts only what the boundaries did not.
  c.send(AgentReady{"a0"}, 3700);
  EXPECT_DOUBLE_EQ(c.history.get("agent/a0/4", "nr_lunch_break"), 100);
  // The core's own figures and the history agree on the whole stay.
  double total = 0;
  for (int i = 0; i < 5; ++i)
    total += c.history.get("agent/a0/" + std::to_string(i), "nr_lunch_break");
  EXPECT_DOUBLE_EQ(total, 3600);
  EXPECT_DOUBLE_EQ(c.core.group_figures(0).agent_seconds[static_cast<int>(AgentState::not_ready)],
                   50 + 3600);
}

TEST(HistoryRecorder, OutboundDialsAnswersConnectsAndAbandonsPerCampaign) {
  CoreSettings s = blendd::test::one_group_centre(1);
  s.campaigns[0].abandon_after = seconds(2);
  s.campaigns[0].buffer_max_age = seconds(600);
  Centre c(s);
  c.send(AgentLoggedIn{"a0"}, 0);
  c.send(AgentReady{"a0"}, 0);
  c.send(Tick{}, 1);
  c.send(TargetsClaimed{"spring", {{"t1", "+4930111"}, {"t2", "+4930222"}, {"t3", "+4930333"}}}, 2);
  ASSERT_EQ(c.dialled.size(), 1u);
  c.send(OutboundAnswered{c.dialled[0]}, 8);  // rang 6 s
  c.send(AgentLegAnswered{c.dialled[0]}, 9);
  c.send(CallEnded{c.dialled[0]}, 69);
  c.send(AgentReady{"a0"}, 70);
  ASSERT_EQ(c.dialled.size(), 2u) << "the agent is idle again: the next number is dialled";
  c.send(OutboundFailed{c.dialled[1], DialOutcome::busy}, 75);
  ASSERT_EQ(c.dialled.size(), 3u);
  c.send(AgentNotReady{"a0", "coffee"}, 76);  // nobody to take the next answer
  c.send(OutboundAnswered{c.dialled[2]}, 80);
  c.send(Tick{}, 83);  // no agent for 2 s: abandoned
  const History& h = c.history;
  EXPECT_EQ(h.get("campaign/spring/0", "dials"), 3);
  EXPECT_EQ(h.get("group/sales/0", "out_dials"), 3);
  EXPECT_EQ(h.get("campaign/spring/0", "answers"), 2);
  EXPECT_DOUBLE_EQ(h.get("campaign/spring/0", "ring_s"), 6 + 5);
  EXPECT_EQ(h.get("campaign/spring/0", "busy"), 1);
  EXPECT_EQ(h.get("campaign/spring/0", "connects"), 1);
  EXPECT_EQ(h.get("agent/a0/0", "out_calls"), 1);
  EXPECT_EQ(h.get("campaign/spring/0", "abandons"), 1);
  EXPECT_EQ(h.get("group/sales/0", "out_abandons"), 1);
  EXPECT_DOUBLE_EQ(h.get("campaign/spring/0", "talk_s"), 60);
  EXPECT_DOUBLE_EQ(h.get("group/sales/0", "out_talk_s"), 60);
  EXPECT_DOUBLE_EQ(h.get("agent/a0/0", "out_talk_s"), 60);
}

TEST(HistoryRecorder, TheIdleLevelAndThresholdsAreKeptTimeWeighted) {
  CoreSettings s = inbound_only(2);
  s.groups[0].thresholds = {0.6, 0.4, true};
  Centre c(s);
  c.send(AgentLoggedIn{"a0"}, 0);
  c.send(AgentLoggedIn{"a1"}, 0);
  c.send(AgentReady{"a0"}, 0);    // level 0.5 from here
  c.send(AgentReady{"a1"}, 300);  // level 1.0 from here
  c.send(Tick{}, 900);
  const History& h = c.history;
  EXPECT_DOUBLE_EQ(h.get("group/sales/0", "level_s"), 900);
  EXPECT_DOUBLE_EQ(h.get("group/sales/0", "level_x_s"), 0.5 * 300 + 1.0 * 600);
  EXPECT_DOUBLE_EQ(h.get("group/sales/0", "start_x_s"), 0.6 * 900);
  EXPECT_DOUBLE_EQ(h.get("group/sales/0", "gate_open_s"), 600);
}
