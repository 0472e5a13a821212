// blendctl: the supervisor's command line over blendd's HTTP API (docs/api.md). Table output by
// default, --json for scripts. The token comes from BLENDCTL_TOKEN or --token-file.
// Exit codes: 0 done, 1 blendd refused (the reason is printed), 2 usage, 3 blendd unreachable.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <string>

#include "blendd_version.hpp"
#include "ctl/api_client.hpp"
#include "ctl/table_printer.hpp"
#include "sip/digest_auth.hpp"

namespace json = boost::json;
using blendd::ctl::ApiAnswer;
using blendd::ctl::ApiClient;

namespace {

struct Call {
  std::string method, path, body, table;
  bool csv = false;  // print the answer as it came (a CSV report)
};

// What the command line's options fill in.
struct Options {
  std::string group, campaign, file, id, kind, reason, from, to, step;
  std::string agent, product, disposition;  // recording searches and examples
  bool csv = false;
  double start = 0, stop = 0, minutes = 0;
  std::optional<double> smoothing, dwell;
  int reserve = 0;
  bool no_outbound = false, strict = false;
};

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Commands that show or change the configuration in force: campaigns, schedules, catalogue,
// live settings. Bodies come from JSON files in the API's shapes (docs/api.md).
void add_settings_commands(CLI::App& app, Call& call, Options& o) {
  std::string& id = o.id;
  std::string& file = o.file;
  std::string& kind = o.kind;
  auto* camp = app.add_subcommand("campaign", "campaigns: list, show, create, update, run")
                   ->require_subcommand(1);
  camp->add_subcommand("list", "every campaign and its settings")->callback([&] {
    call = {"GET", "/api/v1/campaigns", "", "campaigns"};
  });
  auto* show = camp->add_subcommand("show", "one campaign's settings (JSON)");
  show->add_option("campaign", id)->required();
  show->callback([&] { call = {"GET", "/api/v1/campaigns/" + id, "", "raw"}; });
  auto* create = camp->add_subcommand("create", "a new campaign from a JSON file (with its id)");
  create->add_option("file", file)->required()->check(CLI::ExistingFile);
  create->callback([&] { call = {"POST", "/api/v1/campaigns", file_text(file), "ok"}; });
  auto* update = camp->add_subcommand("update", "change the keys a JSON file holds");
  update->add_option("campaign", id)->required();
  update->add_option("file", file)->required()->check(CLI::ExistingFile);
  update->callback([&] { call = {"PUT", "/api/v1/campaigns/" + id, file_text(file), "ok"}; });
  for (const char* action : {"start", "pause", "stop"}) {
    auto* sub = camp->add_subcommand(action, std::string(action) + " a campaign");
    sub->add_option("campaign", id)->required();
    sub->callback([&call, &id, action] {
      call = {"POST", "/api/v1/campaigns/" + id + "/" + action, "", "ok"};
    });
  }
  auto* schedule =
      app.add_subcommand("schedule", "a group's busy/idle periods")->require_subcommand(1);
  auto* sshow = schedule->add_subcommand("show", "the periods in force");
  sshow->add_option("group", id)->required();
  sshow->callback([&] { call = {"GET", "/api/v1/groups/" + id, "", "schedule"}; });
  auto* sset = schedule->add_subcommand("set", "replace the periods with a JSON file's");
  sset->add_option("group", id)->required();
  sset->add_option("file", file, "JSON {\"periods\": [...]}")->required()->check(CLI::ExistingFile);
  sset->callback([&] {
    call = {"PUT", "/api/v1/groups/" + id + "/schedule", file_text(file), "ok"};
  });
  auto* cat = app.add_subcommand("catalogue", "products, questionnaires, touchpoints, rules")
                  ->require_subcommand(1);
  cat->add_subcommand("show", "the whole catalogue (JSON)")->callback([&] {
    call = {"GET", "/api/v1/catalogue", "", "raw"};
  });
  auto* put = cat->add_subcommand("put", "replace one entry, or a whole rule list, from JSON");
  put->add_option("kind", kind)
      ->required()
      ->check(CLI::IsMember({"products", "questionnaires", "touchpoints", "associations",
                             "recommendation_switches"}));
  put->add_option("id_or_file", id, "entry id (or the file, for the two lists)")->required();
  put->add_option("file", file);
  put->callback([&] {
    const bool list = kind == "associations" || kind == "recommendation_switches";
    call = {"PUT", "/api/v1/catalogue/" + kind + (list ? "" : "/" + id),
            file_text(list ? id : file), "ok"};
  });
  auto* live =
      app.add_subcommand("live", "what the API changed over blendd.yaml")->require_subcommand(1);
  live->add_subcommand("show", "the live settings (JSON)")->callback([&] {
    call = {"GET", "/api/v1/live-settings", "", "raw"};
  });
  live->add_subcommand("clear", "drop them all: blendd.yaml alone (admin)")->callback([&] {
    call = {"DELETE", "/api/v1/live-settings", "", "ok"};
  });
}

// Reports from the history (docs/api.md): dates and times are the centre's local ones.
void add_report_commands(CLI::App& app, Call& call, Options& o) {
  auto* report = app.add_subcommand("report", "reports from the history per 15-minute interval")
                     ->require_subcommand(1);
  for (const char* kind : {"intervals", "agents", "campaigns", "products"}) {
    static const std::map<std::string, std::string> kWhat = {
        {"intervals", "per interval of a group: SL, ASA, abandons, outbound, idle level"},
        {"agents", "per agent: calls, talk, wrap-up, not ready, sales, points"},
        {"campaigns", "per campaign: dials, answers, abandons against the cap, dispositions"},
        {"products", "per product: recommended, sold, success rate, talk time"}};
    auto* sub = report->add_subcommand(kind, kWhat.at(kind));
    if (std::string(kind) == "intervals") {
      sub->add_option("group", o.group, "agent group")->required();
    } else if (std::string(kind) == "agents") {
      sub->add_option("--group", o.group, "only this group's agents");
    }
    sub->add_option("--from", o.from, "first local day or time: YYYY-MM-DD[THH:MM] (today)");
    sub->add_option("--to", o.to, "end, exclusive (the day after --from)");
    sub->add_option("--step", o.step, "interval, hour or day")
        ->check(CLI::IsMember({"interval", "hour", "day"}));
    sub->add_flag("--csv", o.csv, "print CSV (every column)");
    sub->callback([&call, &o, kind] {
      std::string query;
      auto add = [&query](const char* key, const std::string& value) {
        if (!value.empty()) query += (query.empty() ? "?" : "&") + std::string(key) + "=" + value;
      };
      add("group", o.group);
      add("from", o.from);
      add("to", o.to);
      add("step", o.step);
      if (o.csv) add("format", "csv");
      call = {"GET", "/api/v1/reports/" + std::string(kind) + query, "",
              "report-" + std::string(kind), o.csv};
    });
  }
}

// Recordings and the case library (roles qa and up; docs/media.md).
void add_recording_commands(CLI::App& app, Call& call, Options& o) {
  auto* rec = app.add_subcommand("recording", "recorded calls: search, fetch, delete, library")
                  ->require_subcommand(1);
  auto* search = rec->add_subcommand("search", "recordings of a day or range, newest first");
  search->add_option("--from", o.from, "first local day or time: YYYY-MM-DD[THH:MM] (today)");
  search->add_option("--to", o.to, "end, exclusive");
  search->add_option("--agent", o.agent, "only this agent's");
  search->add_option("--campaign", o.campaign, "only this campaign's");
  search->add_option("--disposition", o.disposition, "only calls with this result");
  search->add_option("--product", o.product, "only calls about this product");
  search->callback([&call, &o] {
    std::string query;
    auto add = [&query](const char* key, const std::string& value) {
      if (!value.empty()) query += (query.empty() ? "?" : "&") + std::string(key) + "=" + value;
    };
    add("from", o.from);
    add("to", o.to);
    add("agent", o.agent);
    add("campaign", o.campaign);
    add("disposition", o.disposition);
    add("product", o.product);
    call = {"GET", "/api/v1/recordings" + query, "", "recordings"};
  });
  auto* get = rec->add_subcommand("get", "save a recording's WAV (audited as a listen)");
  get->add_option("id", o.id)->required();
  get->add_option("--out", o.file, "where to write it")->required();
  get->callback([&call, &o] {
    call = {"GET", "/api/v1/recordings/" + o.id + "/audio", "", "save:" + o.file};
  });
  auto* del = rec->add_subcommand("delete", "delete a recording and its audio (admin)");
  del->add_option("id", o.id)->required();
  del->callback([&call, &o] { call = {"DELETE", "/api/v1/recordings/" + o.id, "", "ok"}; });
  auto* example = rec->add_subcommand("example", "put a recording in the case library");
  example->add_option("id", o.id)->required();
  example->add_option("--kind", o.kind, "excellent or poor")
      ->required()
      ->check(CLI::IsMember({"excellent", "poor"}));
  example->add_option("--product", o.product, "the catalogue product it shows")->required();
  example->add_option("--note", o.reason, "what to learn from it");
  example->callback([&call, &o] {
    json::object body{{"kind", o.kind}, {"product", o.product}, {"note", o.reason}};
    call = {"PUT", "/api/v1/recordings/" + o.id + "/example", json::serialize(body), "ok"};
  });
  auto* library = rec->add_subcommand("library", "the case library's examples");
  library->add_option("--product", o.product, "only this product's");
  library->callback([&call, &o] {
    call = {"GET", "/api/v1/library" + (o.product.empty() ? "" : "?product=" + o.product), "",
            "library"};
  });
}

// Figures and the supervisor's live controls.
void add_control_commands(CLI::App& app, Call& call, Options& o) {
  std::string& group = o.group;
  std::string& campaign = o.campaign;
  std::string& file = o.file;
  std::string& reason = o.reason;
  double& start = o.start;
  double& stop = o.stop;
  double& minutes = o.minutes;
  int& reserve = o.reserve;
  bool& no_outbound = o.no_outbound;
  bool& strict = o.strict;
  auto& smoothing = o.smoothing;
  auto& dwell = o.dwell;
  app.add_subcommand("health", "show blendd's health")->callback([&] {
    call = {"GET", "/healthz", "", "raw"};
  });
  app.add_subcommand("version", "show blendd's version")->callback([&] {
    call = {"GET", "/version", "", "version"};
  });
  app.add_subcommand("stats", "live figures per group and campaign")->callback([&] {
    call = {"GET", "/api/v1/figures", "", "stats"};
  });
  app.add_subcommand("agents", "per agent: state, calls, talk time, points this month")
      ->callback([&] {
        call = {"GET", "/api/v1/figures", "", "agents"};
      });
  app.add_subcommand("governor", "the campaign governor's view")->callback([&] {
    call = {"GET", "/api/v1/governor", "", "governor"};
  });
  app.add_subcommand("audit", "recent changes: who, what, old -> new, why")->callback([&] {
    call = {"GET", "/api/v1/audit", "", "audit"};
  });
  auto* threshold =
      app.add_subcommand("threshold", "idle thresholds of a group")->require_subcommand(1);
  auto* tset = threshold->add_subcommand("set", "start/stop thresholds, reserve, smoothing, dwell");
  tset->add_option("group", group, "agent group")->required();
  tset->add_option("--start", start, "dial above this idle level (0..1)")->required();
  tset->add_option("--stop", stop, "stop below this idle level (0..1)")->required();
  tset->add_option("--reserve", reserve, "idle agents kept for inbound")->default_val(1);
  tset->add_option("--smoothing", smoothing, "idle-level smoothing, seconds");
  tset->add_option("--dwell", dwell, "least time between dialling on/off, seconds");
  tset->add_option("--reason", reason, "why (goes into the audit trail)");
  tset->callback([&] {
    json::object body{
        {"start", start}, {"stop", stop}, {"reserve_agents", reserve}, {"reason", reason}};
    if (smoothing) body["smoothing_s"] = *smoothing;
    if (dwell) body["min_dwell_s"] = *dwell;
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
  auto* target = app.add_subcommand("target", "one target of a campaign")->require_subcommand(1);
  auto* tshow = target->add_subcommand("show", "its state and why it is not dialled now");
  tshow->add_option("campaign", campaign)->required();
  tshow->add_option("number", file, "the number, as in the list or E.164")->required();
  tshow->callback([&] {
    call = {"GET", "/api/v1/campaigns/" + campaign + "/targets/" + file, "", "raw"};
  });
  auto* targets = app.add_subcommand("targets", "a campaign's target list")->require_subcommand(1);
  auto* import = targets->add_subcommand("import", "upload a CSV list and print the import report");
  import->add_option("campaign", campaign)->required();
  import->add_option("file", file, "CSV with a number column")
      ->required()
      ->check(CLI::ExistingFile);
  import->add_flag("--strict", strict, "commit nothing if any row is wrong");
  import->callback([&] {
    call = {"POST", "/api/v1/campaigns/" + campaign + "/targets" + (strict ? "?strict=1" : ""),
            file_text(file), "import"};
});
}  // namespace

int run_call(const Call& call, const std::string& url, const std::string& token, bool as_json) {
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
  if (!answer.followed_to.empty()) {
    std::cerr << "blendctl: " << url << " is a standby; sent to the active node "
              << answer.followed_to << "\n";
  }
  const bool ok = answer.status >= 200 && answer.status < 300;
  if (call.table == "import" && answer.body.is_object() &&
      answer.body.as_object().contains("rows")) {
    blendd::ctl::print_table("import", answer.body);  // the report matters most when refused
    return ok ? 0 : 1;
  }
  if (!ok && call.path != "/healthz") {
    std::cerr << "blendctl: " << blendd::ctl::error_text(answer) << "\n";
    return 1;
  }
  if (call.table.rfind("save:", 0) == 0) {
    const std::string path = call.table.substr(5);
    std::ofstream out(path, std::ios::binary);
    out << answer.text;
    if (!out) {
      std::cerr << "blendctl: cannot write " << path << "\n";
      return 1;
    }
    std::cout << "saved " << answer.text.size() << " bytes to " << path << "\n";
  } else if (call.csv) {
    std::cout << answer.text;
  } else if (as_json || call.table == "raw") {
    std::cout << json::serialize(answer.body) << "\n";
  } else if (call.table == "version") {
    const auto* v =
        answer.body.is_object() ? answer.body.as_object().if_contains("version") : nullptr;
    std::cout << "blendctl " << blendd::kVersion << "\nblendd   "
              << (v != nullptr && v->is_string() ? std::string(v->as_string()) : "?") << "\n";
  } else if (call.table == "ok") {
    std::cout << "done\n";
  } else {
    blendd::ctl::print_table(call.table, answer.body);
  }
  return ok ? 0 : 1;
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
  Call call;
  Options options;
  // Local: a registered phone's HA1 for the configuration (sip_auth.ha1), from the password on
  // standard input, so the password is typed once and never stored.
  std::string ha1_user, ha1_realm = "blendd";
  auto* ha1 = app.add_subcommand("ha1",
                                 "print MD5(username:realm:password) for sip_auth.ha1; "
                                 "the password is read from standard input");
  ha1->add_option("username", ha1_user, "the phone's SIP user name")->required();
  ha1->add_option("--realm", ha1_realm, "sip.registrar.realm (default blendd)");
  add_control_commands(app, call, options);
  add_settings_commands(app, call, options);
  add_report_commands(app, call, options);
  add_recording_commands(app, call, options);
  CLI11_PARSE(app, argc, argv);
  if (ha1->parsed()) {
    std::string password;
    if (!std::getline(std::cin, password) || password.empty()) {
      std::cerr << "blendctl: no password on standard input\n";
      return 2;
    }
    std::cout << blendd::sip::digest_ha1(ha1_user, ha1_realm, password) << "\n";
    return 0;
  }

  std::string token = std::getenv("BLENDCTL_TOKEN") ? std::getenv("BLENDCTL_TOKEN") : "";
  if (!token_file.empty()) {
    std::ifstream in(token_file);
    if (!(in >> token)) {
      std::cerr << "blendctl: cannot read a token from " << token_file << "\n";
      return 2;
    }
  }
  return run_call(call, url, token, as_json);
}
