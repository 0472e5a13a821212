// Reads a scenario YAML with the same field-level checking as blendd's own config.
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include "config/schedule_reader.hpp"
#include "config/yaml_map_reader.hpp"
#include "config/zoneinfo.hpp"
#include "sim/scenario.hpp"

namespace blendd::sim {

using config::ErrorSink;
using config::Need;
using config::YamlMapReader;

namespace {

constexpr double kMax = std::numeric_limits<double>::max();

Distribution read_distribution(const YAML::Node& node, const std::string& path, ErrorSink& errors,
                               Distribution fallback) {
  if (!node.IsDefined()) return fallback;
  YamlMapReader r(node, path, errors);
  Distribution d;
  const std::string kind = r.string("dist", Need::required).value_or("exponential");
  if (kind == "fixed") {
    d.kind = Distribution::Kind::fixed;
  } else if (kind == "exponential") {
    d.kind = Distribution::Kind::exponential;
  } else if (kind == "gamma") {
    d.kind = Distribution::Kind::gamma;
  } else if (kind == "lognormal") {
    d.kind = Distribution::Kind::lognormal;
  } else if (kind == "never") {
    d.kind = Distribution::Kind::never;
  } else {
    errors.add(r.mark(), path + ".dist",
               "must be fixed, exponential, gamma, lognormal or never (got '" + kind + "')");
  }
  const double min_mean = d.kind == Distribution::Kind::fixed ? 0.0 : 1e-6;
  d.mean_s =
      r.number("mean_s", d.kind == Distribution::Kind::never ? Need::optional : Need::required,
               min_mean, kMax)
          .value_or(1.0);
  d.cv = r.number("cv", Need::optional, 0.01, 100).value_or(1.0);
  return d;
}

policy::GroupSettings read_group(YamlMapReader& r, ErrorSink& errors, const std::string& path,
                                 AgentModel& agents, const policy::TimeZone& zone) {
  policy::GroupSettings g;
  g.id = r.string("id", Need::required).value_or("");
  agents.group = g.id;
  agents.count = static_cast<int>(r.integer("agents", Need::required, 1, 100000).value_or(1));
  g.thresholds.start = r.number("start_threshold", Need::optional, 0, 1).value_or(0.3);
  g.thresholds.stop = r.number("stop_threshold", Need::optional, 0, 1).value_or(0.2);
  g.thresholds.outbound_allowed = r.boolean("outbound", Need::optional).value_or(true);
  g.reserve_agents =
      static_cast<int>(r.integer("reserve_agents", Need::optional, 0, 100000).value_or(1));
  g.smoothing = policy::seconds(r.number("smoothing_s", Need::optional, 0, 3600).value_or(10));
  g.min_dwell = policy::seconds(r.number("min_dwell_s", Need::optional, 0, 3600).value_or(5));
  g.wrap_up_limit =
      policy::seconds(r.number("wrap_up_limit_s", Need::optional, 0, 3600).value_or(30));
  g.inbound_queue_timeout =
      policy::seconds(r.number("queue_timeout_s", Need::optional, 1, 1e7).value_or(1e6));
  const std::string choice = r.string("choice", Need::optional).value_or("random");
  if (choice == "longest_idle") {
    g.choice = policy::AgentChoice::longest_idle;
  } else if (choice != "random") {
    errors.add(r.mark(), path + ".choice", "must be random or longest_idle");
  }
  Distribution zero{Distribution::Kind::fixed, 0, 1};
  agents.wrap_up =
      read_distribution(r.child("wrap_up", Need::optional), path + ".wrap_up", errors, zero);
  agents.answer_delay = read_distribution(r.child("answer_delay", Need::optional),
                                          path + ".answer_delay", errors, zero);
  auto periods =
      config::read_schedule(r.child("schedule", Need::optional), path + ".schedule", errors);
  if (!periods.empty()) g.schedule = policy::Schedule(zone, std::move(periods));
  return g;
}

}  // namespace

ScenarioResult load_scenario_text(const std::string& text, const std::string& name) {
  ErrorSink errors(name);
  YAML::Node root;
  if (!parse_yaml(text, errors, root)) return errors.errors();
  Scenario s;
  {
    YamlMapReader top(root, "", errors);
    s.name = top.string("name", Need::optional).value_or(name);
    s.duration_h = top.number("duration_h", Need::optional, 0.01, 24 * 365).value_or(8);
    s.warmup_h = top.number("warmup_h", Need::optional, 0, 24 * 365).value_or(1);
    s.replications =
        static_cast<int>(top.integer("replications", Need::optional, 1, 10000).value_or(10));
    s.seed =
        static_cast<std::uint64_t>(top.integer("seed", Need::optional, 0, 1LL << 62).value_or(1));
    s.report_interval_min = top.number("report_interval_min", Need::optional, 1, 1e6).value_or(60);
    s.core.sl_threshold_s = top.number("sl_threshold_s", Need::optional, 0, 3600).value_or(20);
    s.core.predict_releases = top.boolean("predict_releases", Need::optional).value_or(true);

    policy::TimeZone zone = policy::TimeZone::fixed("UTC", 0);
    if (auto name = top.string("time_zone", Need::optional)) {
      std::string reason;
      if (auto z = config::load_zone(*name, reason)) {
        zone = *z;
      } else {
        errors.add(top.child("time_zone", Need::optional).Mark(), "time_zone", reason);
      }
    }
    YAML::Node groups = top.child("groups", Need::required);
    for (std::size_t i = 0; groups.IsSequence() && i < groups.size(); ++i) {
      const std::string path = "groups[" + std::to_string(i) + "]";
      YamlMapReader r(groups[i], path, errors);
      AgentModel agents;
      s.core.groups.push_back(read_group(r, errors, path, agents, zone));
      s.agents.push_back(agents);
    }
    YAML::Node inbound = top.child("inbound", Need::optional);
    for (std::size_t i = 0; inbound.IsSequence() && i < inbound.size(); ++i) {
      const std::string path = "inbound[" + std::to_string(i) + "]";
      YamlMapReader r(inbound[i], path, errors);
      InboundStream in;
      in.group = r.string("group", Need::required).value_or("");
      in.calls_per_hour = r.number("calls_per_hour", Need::required, 0, 1e7).value_or(0);
      if (auto profile = r.string_list("hourly_profile", Need::optional)) {
        if (profile->size() != 24)
          errors.add(r.mark(), path + ".hourly_profile", "needs 24 values");
        for (std::size_t h = 0; h < profile->size() && h < 24; ++h) {
          char* end = nullptr;
          const std::string& v = (*profile)[h];
          const double x = std::strtod(v.c_str(), &end);
          if (v.empty() || *end != '\0' || !(x >= 0)) {
            errors.add(r.mark(), path + ".hourly_profile[" + std::to_string(h) + "]",
                       "must be a number >= 0 (got '" + v + "')");
          } else {
            in.hourly_profile[h] = x;
          }
        }
      }
      in.handle =
          read_distribution(r.child("handle", Need::required), path + ".handle", errors, {});
      in.patience =
          read_distribution(r.child("patience", Need::optional), path + ".patience", errors, {});
      s.inbound.push_back(in);
    }
    YAML::Node campaigns = top.child("campaigns", Need::optional);
    for (std::size_t i = 0; campaigns.IsSequence() && i < campaigns.size(); ++i) {
      const std::string path = "campaigns[" + std::to_string(i) + "]";
      YamlMapReader r(campaigns[i], path, errors);
      policy::CampaignSettings c;
      OutboundModel m;
      c.id = r.string("id", Need::required).value_or("");
      m.campaign = c.id;
      c.group = r.string("group", Need::required).value_or("");
      const std::string pacing = r.string("pacing", Need::optional).value_or("progressive");
      if (pacing == "predictive") {
        c.pacing = policy::PacingMode::predictive;
      } else if (pacing == "preview") {
        c.pacing = policy::PacingMode::preview;
      } else if (pacing == "adaptive") {
        c.pacing = policy::PacingMode::adaptive;
      } else if (pacing != "progressive") {
        errors.add(r.mark(), path + ".pacing",
                   "must be progressive, predictive, preview or adaptive");
      }
      c.abandon_cap = r.number("abandon_cap", Need::optional, 0, 0.03).value_or(0.03);
      c.abandon_after =
          policy::seconds(r.number("abandon_after_s", Need::optional, 0, 60).value_or(2));
      m.answer_probability = r.number("answer_probability", Need::optional, 0, 1).value_or(0.3);
      m.busy_probability = r.number("busy_probability", Need::optional, 0, 1).value_or(0.1);
      m.no_answer_after_s = r.number("no_answer_after_s", Need::optional, 0, 600).value_or(20);
      m.ring = read_distribution(r.child("ring", Need::optional), path + ".ring", errors,
                                 {Distribution::Kind::exponential, 8, 1});
      m.handle = read_distribution(r.child("handle", Need::required), path + ".handle", errors, {});
      m.patience =
          read_distribution(r.child("patience", Need::optional), path + ".patience", errors, {});
      if (const YAML::Node amd = r.child("amd", Need::optional); amd.IsDefined()) {
        YamlMapReader a(amd, path + ".amd", errors);
        c.amd = true;
        c.amd_false_positive_rate =
            a.number("false_positive_rate", Need::optional, 0, 1).value_or(0.025);
        m.machine_probability = a.number("machine_probability", Need::optional, 0, 1).value_or(0);
        m.amd_human_s = a.number("human_decision_s", Need::optional, 0, 10).value_or(1.2);
        m.amd_machine_s = a.number("machine_decision_s", Need::optional, 0, 10).value_or(3.4);
      }
      s.core.campaigns.push_back(c);
      s.outbound.push_back(m);
    }
  }
  if (!errors.empty()) return errors.errors();
  return s;
}

ScenarioResult load_scenario_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    config::ConfigError e{path, 0, 0, "(file)", "cannot be opened for reading"};
    return std::vector<config::ConfigError>{e};
  }
  std::stringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), path);
}

}  // namespace blendd::sim
