// blendctl: the supervisor's command line over blendd's HTTP API (docs/api.md). Table output by
// default, --json for scripts. The token comes from BLENDCTL_TOKEN or --token-file.
// Exit codes: 0 done, 1 blendd refused (the reason is printed), 2 usage, 3 blendd unreachable.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "blendd_version.hpp"
#include "ctl/api_client.hpp"

namespace json = boost::json;
using blendd::ctl::ApiAnswer;
using blendd::ctl::ApiClient;

namespace {

double num(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_number() ? v->to_number<double>() : 0.0;
}

std::string str(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

void print_stats(const json::object& f) {
  std::printf("%-12s %6s %5s %8s %7s %6s %5s %8s %5s\n", "GROUP", "LOGGED", "IDLE", "WAITING",
              "LEVEL", "START", "STOP", "DIALLING", "SL");
  for (const auto& gv : f.at("groups").as_array()) {
    const auto& g = gv.as_object();
    std::printf("%-12s %6.0f %5.0f %8.0f %7.2f %6.2f %5.2f %8s %4.0f%%\n", str(g, "id").c_str(),
                num(g, "logged_in"), num(g, "idle"), num(g, "inbound_waiting"),
                num(g, "smoothed_idle_level"), num(g, "start_threshold"), num(g, "stop_threshold"),
                g.at("dialling").as_bool() ? "yes" : "no", 100 * num(g, "service_level"));
  }
  std::printf("\n%-12s %7s %8s %10s %9s %9s\n", "CAMPAIGN", "DIALS", "ANSWERS", "CONNECTED",
              "ABANDONS", "ABANDON%");
  for (const auto& cv : f.at("campaigns").as_array()) {
    const auto& c = cv.as_object();
    std::printf("%-12s %7.0f %8.0f %10.0f %9.0f %8.2f%%\n", str(c, "id").c_str(), num(c, "dials"),
                num(c, "live_answers"), num(c, "connected"), num(c, "abandons"),
                100 * num(c, "abandon_rate_24h"));
  }
}

void print_table(const std::string& what, const json::value& body) {
  const auto& o = body.as_object();
  if (what == "stats") return print_stats(o);
  if (what == "governor") {
    std::printf("%-12s %8s %9s %10s %8s  %s\n", "CAMPAIGN", "CONTACTS", "SUCCESSES", "COMPLAINTS",
                "VERDICT", "REASON");
    for (const auto& cv : o.at("campaigns").as_array()) {
      const auto& c = cv.as_object();
      std::printf("%-12s %8.0f %9.0f %10.0f %8s  %s\n", str(c, "campaign").c_str(),
                  num(c, "contacts"), num(c, "successes"), num(c, "complaints"),
                  str(c, "verdict").c_str(), str(c, "reason").c_str());
    }
    return;
  }
  if (what == "import") {
    std::printf(
        "rows %.0f, imported %.0f, bad %.0f, duplicates in file %.0f, already in campaign "
        "%.0f, never dialable %.0f, %s\n",
        num(o, "rows"), num(o, "imported"), num(o, "bad"), num(o, "duplicates_in_file"),
        num(o, "duplicates_in_campaign"), num(o, "never_dialable"),
        o.at("committed").as_bool() ? "committed" : "NOTHING COMMITTED");
    for (const auto& pv : o.at("problems").as_array()) {
      const auto& p = pv.as_object();
      std::printf("  line %.0f: %s\n", num(p, "line"), str(p, "reason").c_str());
    }
    return;
  }
  if (what == "audit") {
    for (const auto& ev : o.at("entries").as_array()) {
      const auto& e = ev.as_object();
      const std::time_t t = static_cast<std::time_t>(num(e, "at_ms") / 1000);
      char when[32];
      std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::gmtime(&t));
      std::printf("%s UTC  %-16s %s: %s -> %s (%s)\n", when, str(e, "who").c_str(),
                  str(e, "what").c_str(), str(e, "old").c_str(), str(e, "new").c_str(),
                  str(e, "why").c_str());
    }
    return;
  }
  std::cout << json::serialize(body) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"blendctl: run a blendd call centre from the command line"};
  app.require_subcommand(1);
  std::string url = std::getenv("BLENDD_URL") ? std::getenv("BLENDD_URL") : "http://127.0.0.1:8080";
  std::string token_file;
  bool as_json = false;
  app.add_option("--url", url, "blendd's HTTP address (env BLENDD_URL)");
  app.add_option("--token-file", token_file,
                 "file holding the API token (else env BLENDCTL_TOKEN)");
  app.add_flag("--json", as_json, "print blendd's JSON answer");

  struct Call {
    std::string method, path, body, table;
  };
  Call call;
  std::string group, campaign, reason;
  double start = 0, stop = 0, minutes = 0;
  int reserve = 0;
  bool no_outbound = false;

  app.add_subcommand("health", "show blendd's health")->callback([&] {
    call = {"GET", "/healthz", "", "raw"};
  });
  app.add_subcommand("version", "show blendd's version")->callback([&] {
    call = {"GET", "/version", "", "version"};
  });
  app.add_subcommand("stats", "live figures per group and campaign")->callback([&] {
    call = {"GET", "/api/v1/figures", "", "stats"};
  });
  app.add_subcommand("governor", "the campaign governor's view")->callback([&] {
    call = {"GET", "/api/v1/governor", "", "governor"};
  });
  app.add_subcommand("audit", "recent changes: who, what, old -> new, why")->callback([&] {
    call = {"GET", "/api/v1/audit", "", "audit"};
  });
  auto* threshold =
      app.add_subcommand("threshold", "idle thresholds of a group")->require_subcommand(1);
  auto* tset = threshold->add_subcommand("set", "set start/stop thresholds and the reserve");
  tset->add_option("group", group, "agent group")->required();
  tset->add_option("--start", start, "dial above this idle level (0..1)")->required();
  tset->add_option("--stop", stop, "stop below this idle level (0..1)")->required();
  tset->add_option("--reserve", reserve, "idle agents kept for inbound")->default_val(1);
  tset->add_option("--reason", reason, "why (goes into the audit trail)");
  tset->callback([&] {
    json::object body{
        {"start", start}, {"stop", stop}, {"reserve_agents", reserve}, {"reason", reason}};
    call = {"PUT", "/api/v1/groups/" + group + "/thresholds", json::serialize(body), "ok"};
  });
  auto* ov = app.add_subcommand("override", "a temporary override of a group's thresholds")
                 ->require_subcommand(1);
  auto* oset = ov->add_subcommand("set", "override for some minutes");
  oset->add_option("group", group)->required();
  oset->add_option("--start", start)->required();
  oset->add_option("--stop", stop)->required();
  oset->add_option("--minutes", minutes)->required();
  oset->add_flag("--no-outbound", no_outbound, "no dialling at all while it lasts");
  oset->add_option("--reason", reason);
  oset->callback([&] {
    json::object body{{"start", start},
                      {"stop", stop},
                      {"minutes", minutes},
                      {"outbound", !no_outbound},
                      {"reason", reason}};
    call = {"POST", "/api/v1/groups/" + group + "/override", json::serialize(body), "ok"};
  });
  auto* oclear = ov->add_subcommand("clear", "end the override");
  oclear->add_option("group", group)->required();
  oclear->callback([&] { call = {"DELETE", "/api/v1/groups/" + group + "/override", "", "ok"}; });
  std::string csv_file;
  bool strict = false;
  auto* targets = app.add_subcommand("targets", "a campaign's target list")->require_subcommand(1);
  auto* import = targets->add_subcommand("import", "upload a CSV list and print the import report");
  import->add_option("campaign", campaign)->required();
  import->add_option("file", csv_file, "CSV with a number column")
      ->required()
      ->check(CLI::ExistingFile);
  import->add_flag("--strict", strict, "commit nothing if any row is wrong");
  import->callback([&] {
    std::ifstream in(csv_file, std::ios::binary);
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  call = {"POST", "/api/v1/campaigns/" + campaign + "/targets" + (strict ? "?strict=1" : ""),
          std::move(body), "import"};
});
auto* camp = app.add_subcommand("campaign", "run or pause a campaign") -> require_subcommand(1);
for (const char* action : {"start", "pause"}) {
  auto* sub = camp->add_subcommand(action, std::string(action) + " a campaign");
  sub->add_option("campaign", campaign)->required();
  sub->callback([&, action] {
    call = {"POST", "/api/v1/campaigns/" + campaign + "/" + action, "", "ok"};
  });
}
CLI11_PARSE(app, argc, argv);

std::string token = std::getenv("BLENDCTL_TOKEN") ? std::getenv("BLENDCTL_TOKEN") : "";
if (!token_file.empty()) {
  std::ifstream in(token_file);
  if (!(in >> token)) {
    std::cerr << "blendctl: cannot read a token from " << token_file << "\n";
    return 2;
  }
}
ApiClient client(url, token);
if (!client.valid()) {
  std::cerr << "blendctl: --url must look like http://HOST:PORT\n";
  return 2;
}
ApiAnswer answer;
try {
  answer = client.request(call.method, call.path, call.body);
} catch (const std::exception& e) {
  std::cerr << "blendctl: cannot reach blendd at " << url << ": " << e.what() << "\n";
  return 3;
}
const bool ok = answer.status >= 200 && answer.status < 300;
if (call.table == "import" && answer.body.is_object() && answer.body.as_object().contains("rows")) {
  print_table("import", answer.body);  // the report matters most when the import was refused
  return ok ? 0 : 1;
}
if (!ok && call.path != "/healthz") {
  std::cerr << "blendctl: " << blendd::ctl::error_text(answer) << "\n";
  return 1;
}
if (as_json || call.table == "raw") {
  std::cout << json::serialize(answer.body) << "\n";
} else if (call.table == "version") {
  std::cout << "blendctl " << blendd::kVersion << "\nblendd   "
            << str(answer.body.as_object(), "version") << "\n";
} else if (call.table == "ok") {
  std::cout << "done\n";
} else {
  print_table(call.table, answer.body);
}
return ok ? 0 : 1;
}
