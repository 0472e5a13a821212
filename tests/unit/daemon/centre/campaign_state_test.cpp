// A campaign's run state and the governor's record: the transition function, what intensify
// does to the lines, the codec that keeps them in the store, and the start-up restore that
// retries until the store answers.
#include <gtest/gtest.h>

#include <functional>

#include "daemon/centre/campaign_standing.hpp"
#include "daemon/centre/startup_restore.hpp"
#include "policy/blend_core.hpp"
#include "policy/campaign_run.hpp"
#include "tests/unit/policy/one_group_centre.hpp"

using namespace blendd;
using blendd::test::at;
using policy::CampaignRunState;
using policy::RunCommand;

namespace {

int originated(const std::vector<policy::Action>& actions, const std::string& campaign) {
  int n = 0;
  for (const auto& a : actions)
    if (auto* o = std::get_if<policy::Originate>(&a); o && o->campaign == campaign) ++n;
  return n;
}

}  // namespace

TEST(CampaignRun, SupervisorsMoveItAnywhereTheGovernorOnlyTakesARunningOneOffline) {
  policy::CampaignRun run;
  auto t = policy::next_run(run, RunCommand::take_offline, "governor", "11 complaints", 5);
  ASSERT_TRUE(t.changed);
  EXPECT_EQ(t.run.state, CampaignRunState::offline);
  EXPECT_EQ(t.run.by, "governor");
  EXPECT_EQ(t.run.reason, "11 complaints");
  EXPECT_EQ(t.run.since_ms, 5);
  EXPECT_FALSE(t.run.dials());
  // Offline twice changes nothing (the first since-when stands).
  EXPECT_FALSE(policy::next_run(t.run, RunCommand::take_offline, "governor", "12", 9).changed);
  auto paused = policy::next_run(t.run, RunCommand::pause, "sue", "lunch", 10);
  EXPECT_EQ(paused.run.state, CampaignRunState::paused);
  // A paused campaign stays paused whatever the governor says.
  auto still = policy::next_run(paused.run, RunCommand::take_offline, "governor", "x", 11);
  EXPECT_FALSE(still.changed);
  EXPECT_EQ(still.run.by, "sue");
  auto started = policy::next_run(paused.run, RunCommand::start, "sue", "back", 12);
  EXPECT_TRUE(started.run.dials());
  EXPECT_EQ(policy::next_run(started.run, RunCommand::stop, "bob", "done", 13).run.state,
            CampaignRunState::stopped);
  EXPECT_EQ(policy::run_state_from("offline"), CampaignRunState::offline);
  EXPECT_FALSE(policy::run_state_from("Offline").has_value());
}

TEST(CampaignWeight, IntensifiedCampaignHoldsTwoLinesOfEveryThree) {
  auto settings = test::one_group_centre(6);
  policy::CampaignSettings autumn = settings.campaigns[0];
  autumn.id = "autumn";
  settings.campaigns.push_back(autumn);
  policy::BlendCore core(settings);
  core.handle(policy::SetCampaignWeight{"autumn", 2.0}, at(0));
  EXPECT_NEAR(core.campaign_share(1), 2.0 / 3.0, 1e-9);
  EXPECT_NEAR(core.campaign_share(0), 1.0 / 3.0, 1e-9);
  // Agents log in (the core asks for targets of both campaigns), the claims are answered, and
  // only then do the agents become idle: both buffers compete for every line.
  for (int i = 0; i < 6; ++i) core.handle(policy::AgentLoggedIn{"a" + std::to_string(i)}, at(1));
  for (const char* c : {"spring", "autumn"}) {
    policy::TargetsClaimed tc{c, {}};
    for (int i = 0; i < 10; ++i) {
      const std::string n = std::string("+49301") + (c[0] == 's' ? "1" : "2") + std::to_string(i);
      tc.targets.push_back({n, n});
    }
    core.handle(tc, at(1));
  }
  std::vector<policy::Action> all;
  for (int i = 0; i < 6; ++i) {
    auto out = core.handle(policy::AgentReady{"a" + std::to_string(i)}, at(2));
    all.insert(all.end(), out.begin(), out.end());
  }
  EXPECT_EQ(originated(all, "autumn"), 4);
  EXPECT_EQ(originated(all, "spring"), 2);
}

TEST(CampaignWeight, AGroupWithEveryCampaignHeldIsNotDialling) {
  policy::BlendCore core(test::one_group_centre(2));
  core.handle(policy::AgentLoggedIn{"a0"}, at(0));
  core.handle(policy::AgentReady{"a0"}, at(0));
  core.handle(policy::Tick{}, at(30));
  ASSERT_TRUE(core.group_view(0, at(30)).gate_open);
  EXPECT_TRUE(core.group_view(0, at(30)).dialling);
  core.handle(policy::SetCampaignEnabled{"spring", false}, at(31));
  EXPECT_FALSE(core.group_view(0, at(31)).dialling);
  EXPECT_EQ(core.campaign_share(0), 0.0);
}

TEST(CampaignStandingCodec, RoundTripsAndNamesTheDamagedField) {
  daemon::CampaignStanding s;
  s.run = {CampaignRunState::offline, "governor", "11 complaints (more than 10)", 1767571200000};
  s.governor.health.contacts = 61;
  s.governor.health.successes = 3;
  s.governor.health.complaints = 11;
  s.governor.verdict = policy::GovernorVerdict::offline;
  s.governor.rule = "11 complaints";
  s.governor.weight = 2;
  s.governor.override_by = "sue";
  std::string error;
  auto back = daemon::decode_standing(daemon::encode_standing(s), error);
  ASSERT_TRUE(back.has_value()) << error;
  EXPECT_EQ(back->run.state, CampaignRunState::offline);
  EXPECT_EQ(back->run.reason, s.run.reason);
  EXPECT_EQ(back->run.since_ms, s.run.since_ms);
  EXPECT_EQ(back->governor.health.complaints, 11);
  EXPECT_EQ(back->governor.verdict, policy::GovernorVerdict::offline);
  EXPECT_EQ(back->governor.weight, 2);
  EXPECT_EQ(back->governor.override_by, "sue");
  EXPECT_FALSE(daemon::decode_standing(R"({"state":"asleep"})", error).has_value());
  EXPECT_NE(error.find("'state'"), std::string::npos) << error;
  EXPECT_FALSE(daemon::decode_standing(R"({"state":"running","weight":-1})", error));
  EXPECT_NE(error.find("'weight'"), std::string::npos) << error;
  EXPECT_FALSE(daemon::decode_standing("[1", error).has_value());
  daemon::OverrideRecord o{0.5, 0.3, false, 99, "sue", "rush"};
  auto ob = daemon::decode_override(daemon::encode_override(o), error);
  ASSERT_TRUE(ob.has_value()) << error;
  EXPECT_EQ(ob->stop, 0.3);
  EXPECT_FALSE(ob->outbound);
  EXPECT_FALSE(daemon::decode_override(R"({"start":0.2,"stop":0.5})", error).has_value());
  EXPECT_NE(error.find("'stop'"), std::string::npos) << error;
}

TEST(StartupRestore, AFailedStepIsTriedAgainUntilItSucceedsAndOnlyThen) {
  daemon::StartupRestore restore;
  int points_runs = 0, audit_runs = 0;
  bool store_loading = true;
  std::function<void(bool)> audit_reply;  // answers later, like Redis
  restore.add("points", [&](std::function<void(bool)> done) {
    ++points_runs;
    done(!store_loading);
  });
  restore.add("audit", [&](std::function<void(bool)> done) {
    ++audit_runs;
    audit_reply = done;
  });
  restore.run();
  EXPECT_FALSE(restore.done());
  EXPECT_EQ(restore.pending(), (std::vector<std::string>{"points", "audit"}));
  restore.run();  // audit still in flight: not started twice
  EXPECT_EQ(audit_runs, 1);
  EXPECT_EQ(points_runs, 2);
  audit_reply(true);
  store_loading = false;
  EXPECT_EQ(restore.pending(), (std::vector<std::string>{"points"}));
  restore.run();
  EXPECT_TRUE(restore.done());
  restore.run();  // done steps are not run again
  EXPECT_EQ(points_runs, 3);
  EXPECT_EQ(audit_runs, 1);
}
