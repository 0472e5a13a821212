// The CRM's screen pop: a call offered to an agent carries the campaign's `crm_url` (or the
// inbound group's) with the customer's number, name, the call and the agent filled in and
// URL-encoded; a campaign without one and a group without one send none.
#include <gtest/gtest.h>

#include <memory>

#include "daemon/centre/call_centre.hpp"
#include "tests/support/centre_fakes.hpp"
#include "tests/support/small_config.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

const std::string kYaml = test::kSipSection + R"(groups:
  - id: sales
    idle: { start_threshold: 0.0, stop_threshold: 0.0, reserve_agents: 0 }
    inbound_numbers: ['8005550100']
    crm_url: "https://crm.example/inbound?caller={number}&agent={agent}"
    agents:
      - { id: a01, sip_uri: "sip:a01@127.0.0.1:5090" }
campaigns:
  - id: spring
    group: sales
    pacing: progressive
    crm_url: "https://crm.example/c?phone={number}&call={call}&who={name}&c={campaign}"
)" + test::kSurveyCatalogue;

const policy::TimePoint kStart{std::chrono::seconds(1781085600)};

std::string crm_url(const std::string& offered) {
  const auto at = offered.find(R"("crm_url":")");
  if (at == std::string::npos) return "";
  return offered.substr(at + 11, offered.find('"', at + 11) - at - 11);
}

}  // namespace

TEST(CentreScreenPop, TheOfferCarriesTheCampaignsOrTheGroupsCrmUrlFilledIn) {
  test::FakeCallControl sip;
  test::FakeTargetLists targets;
  test::FakeDesktops desks;
  test::SimClock clock{kStart};
  auto centre = test::centre_on_fakes(kYaml, sip, targets, desks, clock);
  ASSERT_NE(centre, nullptr);
  centre->agent_login("a01");
  centre->agent_ready("a01");
  ASSERT_FALSE(targets.claims.empty());
  targets.answer_claim({"+49301234567"});
  clock.advance(1s, *centre);
  targets.answer_confirm();
  ASSERT_EQ(sip.originated.size(), 1u);
  const sip::CallId call = sip.originated[0].call;
  centre->on_leg_event(sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::answered));
  auto offers = desks.of("a01", "call_offered");
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(crm_url(offers[0]), "https://crm.example/c?phone=%2B49301234567&call=" +
                                    std::to_string(call) + "&who=&c=spring")
      << offers[0];
  centre->on_leg_event(sip::leg_event(call, sip::Leg::agent, sip::LegEventKind::answered));
  centre->on_leg_event(sip::leg_event(call, sip::Leg::customer, sip::LegEventKind::ended));
  desk::SubmitMessage m;
  m.call = std::to_string(call);
  m.disposition = "refused";
  m.answers["interested"] = false;
  ASSERT_TRUE(centre->submit("a01", m).empty());
  targets.answer_result();

  // An inbound caller: the group's template.
  sip::LegEvent in = sip::leg_event(7, sip::Leg::customer, sip::LegEventKind::inbound_arrived);
  in.from = "+4930 999";
  in.to = "8005550100";
  centre->on_leg_event(in);
  offers = desks.of("a01", "call_offered");
  ASSERT_EQ(offers.size(), 2u) << "a01 is ready again";
  EXPECT_EQ(crm_url(offers[1]), "https://crm.example/inbound?caller=%2B4930%20999&agent=a01");
}
