// GET /api/v1/openapi.json against the route table and a real blendd: every route of the table
// is described and every described route is reached (not the router's "no_route"), with its
// example accepted and its role enforced; routes the table does not name are 404/405; docs/api.md
// names every route too.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "daemon/api/route_table.hpp"
#include "tests/support/call_centre_run.hpp"

using namespace blendd;
namespace json = boost::json;
using Centre = test::CallCentreRun;

namespace {

// Values the test centre has for each path parameter.
std::string concrete(std::string path) {
  const std::pair<const char*, const char*> values[] = {
      {"{group}", "sales"},         {"{campaign}", "spring"},
      {"{product}", "fibre"},       {"{questionnaire}", "survey"},
      {"{number}", "+49301000000"}, {"{recording}", "1781085600000-1"},
      {"{agent}", "a01"},           {"{webhook}", "crm"}};
  for (const auto& [name, value] : values) {
    for (auto at = path.find(name); at != std::string::npos; at = path.find(name))
      path.replace(at, std::string(name).size(), value);
  }
  return path;
}

const char* token_for(daemon::Role role) {
  return role == daemon::Role::admin         ? Centre::kAdmin
         : role == daemon::Role::supervisor  ? Centre::kSupervisor
         : role == daemon::Role::qa          ? Centre::kQa
         : role == daemon::Role::intake      ? Centre::kIntake
         : role == daemon::Role::integration ? Centre::kIntegration
                                             : Centre::kViewer;
}

// "{anything}" → "{}", so docs/api.md's names for parameters may differ from the table's.
std::string shape(const std::string& s) {
  return std::regex_replace(s, std::regex("\\{[^}/]*\\}"), "{}");
}

}  // namespace

TEST(OpenApi, EveryRouteIsDescribedReachedAndItsExampleAccepted) {
  auto spec = test::centre_spec(1, 20);
  // A webhook whose receiver is not there (the discard port): its routes answer all the same.
  spec.integrations_lines = {"webhooks:",
                             "  - {id: crm, url: 'http://127.0.0.1:9/hook', "
                             "secret: openapi-test-secret-0123}"};
  Centre run(spec, 29400);
  ASSERT_TRUE(run.up()) << run.log();
  auto doc_reply = run.api("GET", "/api/v1/openapi.json", Centre::kViewer);
  ASSERT_EQ(doc_reply.status, 200) << doc_reply.body;
  const json::value doc = json::parse(doc_reply.body);
  EXPECT_EQ(doc.at("openapi").as_string(), "3.0.3");

  // The document and the table: the same operations.
  std::set<std::string> described, tabled;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      std::string m(method);
      for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      described.insert(m + " " + std::string(path));
      EXPECT_TRUE(op.as_object().contains("summary")) << path;
    }
  }
  for (const auto& r : daemon::route_table()) tabled.insert(std::string(r.method) + " " + r.path);
  EXPECT_EQ(described, tabled);
  EXPECT_GE(tabled.size(), 40u);

  // Each operation on the real blendd, in the table's order, with its example.
  for (const auto& r : daemon::route_table()) {
    const std::string what = std::string(r.method) + " " + r.path;
    std::string target = concrete(r.path);
    if (std::string(r.path) == "/api/v1/reports/intervals") target += "?group=sales";
    const auto& op = doc.at("paths").at(r.path).at([&] {
      std::string m = r.method;
      for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return m;
    }());
    std::string body;
    if (const auto* rb = op.as_object().if_contains("requestBody")) {
      const auto& example = rb->at("content").as_object().begin()->value().at("example");
      body = example.is_string() ? std::string(example.as_string()) : json::serialize(example);
      if (!example.is_string()) {
        EXPECT_EQ(example, json::parse(r.example)) << what;
      }
    }
    if (r.authenticated && r.role != daemon::Role::viewer && r.role != daemon::Role::agent) {
      const char* lower = r.role == daemon::Role::admin ? Centre::kSupervisor : Centre::kViewer;
      auto refused = run.api(r.method, target, lower, body);
      EXPECT_EQ(refused.status, 403) << what << " with a lower role: " << refused.body;
    }
    auto reply = run.api(r.method, target, r.authenticated ? token_for(r.role) : "", body);
    EXPECT_EQ(reply.body.find("\"no_route\""), std::string::npos) << what << ": " << reply.body;
    if (std::string(r.path).find("/recordings") != std::string::npos ||
        std::string(r.path).find("/library") != std::string::npos) {
      // This centre's media is direct: the routes answer, and say nothing is recorded
      // (tests/e2e/recording_test.cpp takes them through a relayed, recorded call).
      EXPECT_EQ(reply.status, 404) << what << ": " << reply.body;
      EXPECT_NE(reply.body.find("recordings_off"), std::string::npos) << what << ": " << reply.body;
      continue;
    }
    if (std::string(r.path) == "/api/v1/agents/{agent}/dial") {
      // The example passed the route's checks and reached the agent's manual dial: nobody sits
      // at a01's desk here (tests/e2e/cti_test.cpp dials for a logged-in agent).
      EXPECT_EQ(reply.status, 409) << what << ": " << reply.body;
      EXPECT_NE(reply.body.find("not_logged_in"), std::string::npos) << what << ": " << reply.body;
      continue;
    }
    EXPECT_GE(reply.status, 200) << what;
    EXPECT_LT(reply.status, 300) << what << " with its example: " << reply.body;
  }

  // What the table does not name is not reached.
  auto unknown = run.api("GET", "/api/v1/nothing", Centre::kViewer);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("no_route"), std::string::npos) << unknown.body;
  auto patch = run.api("PATCH", "/api/v1/groups/sales", Centre::kAdmin, "{}");
  EXPECT_EQ(patch.status, 405) << patch.body;
  EXPECT_NE(patch.body.find("GET"), std::string::npos) << patch.body;
  EXPECT_EQ(run.api("GET", "/api/v1/openapi.json", "").status, 401);

  // docs/api.md names every route (method and path, parameters by any name).
  std::ifstream in(BLENDD_SOURCE_DIR "/docs/api.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string docs = shape(text.str());
  for (const auto& r : daemon::route_table()) {
    const std::string named = shape(std::string(r.method) + " " + r.path);
    EXPECT_NE(docs.find(named), std::string::npos) << "docs/api.md does not name " << named;
  }
  EXPECT_TRUE(run.blendd().running());
}
