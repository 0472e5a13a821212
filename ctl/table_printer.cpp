#include "ctl/table_printer.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <vector>

namespace blendd::ctl {

namespace json = boost::json;

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
  std::printf("\n%-12s %-8s %6s %7s %8s %10s %9s %9s  %s\n", "CAMPAIGN", "STATE", "SHARE", "DIALS",
              "ANSWERS", "CONNECTED", "ABANDONS", "ABANDON%", "WHY");
  for (const auto& cv : f.at("campaigns").as_array()) {
    const auto& c = cv.as_object();
    const std::string why = str(c, "state_by").empty()
                                ? std::string("-")
                                : str(c, "state_by") + ": " + str(c, "state_reason");
    std::printf("%-12s %-8s %5.0f%% %7.0f %8.0f %10.0f %9.0f %8.2f%%  %s\n", str(c, "id").c_str(),
                str(c, "state").c_str(), 100 * num(c, "share"), num(c, "dials"),
                num(c, "live_answers"), num(c, "connected"), num(c, "abandons"),
                100 * num(c, "abandon_rate_24h"), why.c_str());
  }
}

// A phone as one word: sip, webrtc, registered (with its contacts) or unregistered.
std::string phone_text(const json::object& a) {
  const auto* p = a.if_contains("phone");
  if (p == nullptr || !p->is_object()) return "-";
  const auto& o = p->as_object();
  const std::string kind = str(o, "kind");
  if (kind != "registered") return kind;
  const auto* on = o.if_contains("registered");
  if (on == nullptr || !on->is_bool() || !on->as_bool()) return "unregistered";
  return "registered(" + std::to_string(static_cast<int>(num(o, "contacts"))) + ")";
}

void print_agents(const json::object& f) {
  std::printf("%-10s %-10s %-12s %6s %9s %7s  %s\n", "AGENT", "GROUP", "STATE", "CALLS", "TALK",
              "POINTS", "PHONE");
  for (const auto& av : f.at("agents").as_array()) {
    const auto& a = av.as_object();
    const double talk = num(a, "talk_s");
    std::printf("%-10s %-10s %-12s %6.0f %5.0f:%02.0f %7.0f  %s\n", str(a, "id").c_str(),
                str(a, "group").c_str(), str(a, "state").c_str(), num(a, "calls"),
                std::floor(talk / 60), std::fmod(talk, 60.0), num(a, "points_month"),
                phone_text(a).c_str());
  }
}

void print_campaigns(const json::object& o) {
  std::printf("%-12s %-10s %-12s %8s %6s %9s  %s\n", "CAMPAIGN", "GROUP", "PACING", "STATE", "CAP",
              "ATTEMPTS", "CALLER ID");
  for (const auto& cv : o.at("campaigns").as_array()) {
    const auto& c = cv.as_object();
    std::printf("%-12s %-10s %-12s %8s %5.1f%% %9.0f  %s\n", str(c, "id").c_str(),
                str(c, "group").c_str(), str(c, "pacing").c_str(),
                c.at("enabled").as_bool() ? "running" : "paused", 100 * num(c, "abandon_cap"),
                num(c, "max_attempts"), str(c, "caller_id").c_str());
  }
}

void print_schedule(const json::object& g) {
  const auto& periods = g.at("schedule").as_array();
  if (periods.empty()) std::printf("no schedule: the group's own thresholds apply all day\n");
  for (const auto& pv : periods) {
    const auto& p = pv.as_object();
    std::string days;
    for (const auto& d : p.at("weekdays").as_array())
      days += (days.empty() ? "" : ",") + std::string(d.as_string());
    std::printf("%-16s %-4s %-27s %s-%s  start %.2f stop %.2f%s\n", str(p, "label").c_str(),
                str(p, "kind").c_str(), days.c_str(), str(p, "start").c_str(),
                str(p, "end").c_str(), num(p, "start_threshold"), num(p, "stop_threshold"),
                p.at("outbound").as_bool() ? "" : "  outbound off");
  }
}

// A report's rows with the columns a terminal can hold (--json and --csv have them all). Intervals
// in which nothing happened and nobody worked are left out.
void print_report(const std::string& kind, const json::object& o) {
  static const std::map<std::string, std::vector<const char*>> kColumns = {
      {"intervals",
       {"start", "offered", "answered", "abandoned", "service_level", "asa_s", "connects",
        "connects_per_hour", "occupancy", "idle_level", "start_threshold", "stop_threshold"}},
      {"agents",
       {"agent", "group", "in_calls", "out_calls", "talk_in_s", "talk_out_s", "wrap_up_s",
        "not_ready_s", "results", "sales", "success_rate", "points"}},
      {"campaigns",
       {"campaign", "dials", "answers", "connects", "abandons", "abandon_rate", "abandon_cap",
        "abandon_rate_30d", "results", "sales", "success_rate"}},
      {"products",
       {"product", "recommended", "results", "sold", "success_rate", "talk_mean_s", "stands_out"}}};
  const auto& columns = kColumns.at(kind);
  std::vector<const json::object*> rows;
  for (const auto& rv : o.at("rows").as_array()) {
    const auto& r = rv.as_object();
    const bool empty = kind == "intervals" && num(r, "offered") == 0 && num(r, "dials") == 0 &&
                       num(r, "logged_in_s") == 0;
    if (!empty) rows.push_back(&r);
  }
  if (const auto* total = o.if_contains("total")) rows.push_back(&total->as_object());
  auto cell = [&](const json::object& r, const char* key, std::size_t row) -> std::string {
    if (row == rows.size() - 1 && o.contains("total") && key == std::string("start"))
      return "total";
    const auto* v = r.if_contains(key);
    if (v == nullptr || v->is_null()) return "-";
    if (v->is_string()) return std::string(v->as_string());
    char buf[32];
    const double d = v->to_number<double>();
    std::snprintf(buf, sizeof buf, d == std::floor(d) ? "%.0f" : "%.2f", d);
    return buf;
  };
  std::vector<std::size_t> width;
  for (const char* c : columns) width.push_back(std::string(c).size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t c = 0; c < columns.size(); ++c)
      width[c] = std::max(width[c], cell(*rows[i], columns[c], i).size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    std::string h = columns[c];
    for (auto& ch : h) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    std::printf("%-*s%s", static_cast<int>(width[c]), h.c_str(),
                c + 1 < columns.size() ? " " : "\n");
  }
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t c = 0; c < columns.size(); ++c)
      std::printf(c == 0 ? "%-*s%s" : "%*s%s", static_cast<int>(width[c]),
                  cell(*rows[i], columns[c], i).c_str(), c + 1 < columns.size() ? " " : "\n");
  if (rows.empty()) std::printf("nothing recorded in this range\n");
}

}  // namespace

void print_table(const std::string& what, const json::value& body) {
  if (!body.is_object()) {
    std::cout << json::serialize(body) << "\n";
    return;
  }
  const auto& o = body.as_object();
  if (what == "stats") return print_stats(o);
  if (what == "agents") return print_agents(o);
  if (what == "campaigns") return print_campaigns(o);
  if (what == "schedule") return print_schedule(o);
  if (what.rfind("report-", 0) == 0) return print_report(what.substr(7), o);
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
  if (what == "recordings" || what == "library") {
    const bool library = what == "library";
    std::printf("%-24s %-19s %-6s %-10s %-12s %-10s %7s %5s%s\n", "ID", "STARTED (UTC)", "AGENT",
                "CAMPAIGN", "DISPOSITION", "PRODUCT", "SECONDS", "PLAYS",
                library ? "  EXAMPLE" : "");
    for (const auto& rv : o.at(library ? "examples" : "recordings").as_array()) {
      const auto& r = rv.as_object();
      const std::time_t t = static_cast<std::time_t>(num(r, "started_ms") / 1000);
      char when[32];
      std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::gmtime(&t));
      std::printf("%-24s %-19s %-6s %-10s %-12s %-10s %7.1f %5.0f", str(r, "id").c_str(), when,
                  str(r, "agent").c_str(), str(r, "campaign").c_str(),
                  str(r, "disposition").c_str(),
                  str(r, library ? "example_product" : "product").c_str(), num(r, "duration_s"),
                  num(r, "plays"));
      if (library)
        std::printf("  %s: %s", str(r, "example").c_str(), str(r, "example_note").c_str());
      std::printf("\n");
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

}  // namespace blendd::ctl
